"""What other apps require before a bloc-year may enter a status.

The lifecycle machine in ``blocs.transitions`` holds the bloc's own guards and asks this registry
for the rest (one guard per move, ``others_requirements``). An app that
owns a precondition (``scoring``: a scheme with criteria before scoring opens) adds it
in its own ``<app>/transitions.py`` (beside its own state machines)::

    from blocs.enums import BlocYearStatus
    from blocs.requirements import requirement

    @requirement(BlocYearStatus.SCORING)
    def scheme_has_criteria(bloc_year) -> str | None:
        ...return a translated sentence saying what is missing, or None

The bloc page lists the unmet ones; the transition service refuses while any is unmet.

An app that must act when a year enters a status (``scoring``: freeze the scheme when
scoring starts) registers ``@on_enter(status)``; ``blocs.services.advance_bloc_year``
runs it inside the move's transaction, so blocs never imports another app's services.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from core.registry import Discovered

Requirement = Callable[[Any], str | None]
OnEnter = Callable[..., None]  # (bloc_year, *, actor)

_requirements: defaultdict[str, list[Requirement]] = defaultdict(list)
_on_enter: defaultdict[str, list[OnEnter]] = defaultdict(list)
_modules = Discovered("transitions")


def requirement(status: str) -> Callable[[Requirement], Requirement]:
    def register(func: Requirement) -> Requirement:
        _requirements[str(status)].append(func)
        return func

    return register


def on_enter(status: str) -> Callable[[OnEnter], OnEnter]:
    """Register ``func(bloc_year, *, actor)``, run when a year enters ``status`` (in the same transaction)."""

    def register(func: OnEnter) -> OnEnter:
        _on_enter[str(status)].append(func)
        return func

    return register


def entered(bloc_year: Any, status: str, *, actor: Any) -> None:
    """Run every ``on_enter`` action of ``status`` for the year that has just entered it."""
    _modules.discover()
    for action in _on_enter[str(status)]:
        action(bloc_year, actor=actor)


def unmet_requirements(bloc_year: Any, status: str) -> list[str]:
    """Messages of every registered requirement for entering ``status`` that ``bloc_year`` does not meet."""
    _modules.discover()
    messages = (check(bloc_year) for check in _requirements[str(status)])
    return [message for message in messages if message]
