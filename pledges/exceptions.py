"""Pledges' domain errors.

Pledges needs no error class of its own so far: its services refuse with core's two, each with a
translated message that the view shows as it is —

- ``RefusedTransition``: a state rule (a move the machine in ``pledges.transitions`` does not
  allow from the present state, a report or registration no longer in the unit's hands, a closed
  year); recorded as a security event by ``core.services.records_refusals``;
- ``DomainError``: any other business rule (an unmet guard of a move, a duplicate, a missing reason).

A pledges-specific error, when one is needed, subclasses one of them here.
"""

from core.exceptions import DomainError, RefusedTransition

__all__ = ["DomainError", "RefusedTransition"]
