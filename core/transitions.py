"""One shape for every state machine: ``action → Move(sources, target, permission, guards)``.

An app declares each machine once, in its ``transitions.py``, beside the guards that must hold
before a move (each guard with its legal or practical source)::

    SHEET = Machine(
        "scoring.scoresheet",
        {
            SheetAction.SUBMIT: Move(
                sources={SheetStatus.DRAFT, SheetStatus.RETURNED},
                target=SheetStatus.SUBMITTED,
                permission="scoring.submit_scoresheet",
                guards=(every_line_filled,),
            ),
            ...
        },
        refused=lambda sheet, action, move: _("…"),
    )

and three readers share it, so they never disagree:

- the service: ``SHEET.check(sheet, SheetAction.SUBMIT)`` raises ``RefusedTransition`` (a move the
  state does not allow) or ``DomainError`` (an unmet guard), each with a translated message;
- the rules predicate: ``SHEET.may(SheetAction.SUBMIT)`` holds when the state allows the move,
  combined in ``rules.py`` with who may make it under ``move.permission``;
- the template's buttons: ``SHEET.options(user, obj)`` lists the moves the state allows with
  whether the user may make them and what is still missing.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import rules
from django.utils.translation import gettext as _

from core.exceptions import DomainError, RefusedTransition

Guard = Callable[[Any], str | None]
"""A condition of a move: ``guard(obj)`` says in one translated sentence what is missing, or None."""


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    permission: str
    guards: tuple[Guard, ...] = ()

    def __init__(self, *, sources: Iterable[str], target: str, permission: str, guards: Iterable[Guard] = ()):
        object.__setattr__(self, "sources", frozenset(str(source) for source in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "permission", permission)
        object.__setattr__(self, "guards", tuple(guards))


@dataclass(frozen=True)
class Option:
    """A move the object's state allows, as a button shows it."""

    action: str
    move: Move
    allowed: bool  # the user holds the move's permission on the object
    missing: list[str] = field(default_factory=list)  # unmet guards: the button is shown but disabled


def _default_refusal(obj: Any, action: str, move: Move) -> str:
    return _("%(object)s cannot make this move from its present state.") % {"object": obj}


class Machine:
    """The moves of one kind of object, keyed by action; reads ``obj.<state_field>``."""

    def __init__(
        self,
        name: str,
        moves: Mapping[str, Move],
        *,
        state_field: str = "status",
        refused: Callable[[Any, str, Move], str] = _default_refusal,
        incomplete: Callable[[Any, str, Move, list[str]], str] | None = None,
        incomplete_error: type[DomainError] = DomainError,
    ) -> None:
        self.name = name
        self.moves = {str(action): move for action, move in moves.items()}
        self.state_field = state_field
        self._refused = refused
        self._incomplete = incomplete or (lambda obj, action, move, missing: " ".join(missing))
        self._incomplete_error = incomplete_error

    def __getitem__(self, action: str) -> Move:
        return self.moves[str(action)]

    def __contains__(self, action: object) -> bool:
        return str(action) in self.moves

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.state_field))

    def can_start(self, obj: Any, action: str) -> bool:
        """Whether the object's state is one the move starts from (guards aside)."""
        return self.state_of(obj) in self[action].sources

    def unmet(self, obj: Any, action: str) -> list[str]:
        """The sentences of every guard of the move that does not hold for ``obj`` now."""
        messages = (guard(obj) for guard in self[action].guards)
        return [message for message in messages if message]

    def refusal(self, obj: Any, action: str) -> str | None:
        """Why the move cannot be made now (state first, then guards), or None when it can."""
        if not self.can_start(obj, action):
            return self._refused(obj, str(action), self[action])
        missing = self.unmet(obj, action)
        return self._incomplete(obj, str(action), self[action], missing) if missing else None

    def check(self, obj: Any, action: str) -> Move:
        """The move, or ``RefusedTransition`` (state) / ``incomplete_error`` (unmet guards) with the reason."""
        if not self.can_start(obj, action):
            raise RefusedTransition(self._refused(obj, str(action), self[action]))
        reason = self.refusal(obj, action)
        if reason:
            raise self._incomplete_error(reason)
        return self[action]

    def may(self, action: str) -> rules.Predicate:
        """A rules predicate: the object's state allows ``action`` (combine it with who may act)."""
        may: rules.Predicate = rules.predicate(  # type: ignore[no-untyped-call]  # django-rules is untyped
            lambda user, obj: self.can_start(obj, action), name=f"{self.name}.may_{action}"
        )
        return may

    def action_to(self, target: str) -> str | None:
        """The action whose move leads to ``target`` (the first one declared), or None."""
        return next((action for action, move in self.moves.items() if move.target == str(target)), None)

    def options(self, user: Any, obj: Any) -> list[Option]:
        """Every move the object's state allows, with the user's permission and the unmet guards."""
        return [
            Option(action, move, user.has_perm(move.permission, obj), self.unmet(obj, action))
            for action, move in self.moves.items()
            if self.state_of(obj) in move.sources
        ]
