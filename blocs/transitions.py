"""The bloc-year lifecycle: every move, who makes it, and what must hold before it.

"What must hold before the year moves to X" is answered here (the bloc's own guards) and in each
app's ``transitions.py`` (its ``@requirement(X)``, gathered by ``blocs.requirements``); the guard
``others_requirements`` asks that registry, so the service, the permission and the button all see
both.

Years only go forward, one step at a time; a year that needs rework is handled inside the step
(returned reports, …). The one way back is ``REOPEN``: a correction after closing, with a reason.
"""

from django.utils.translation import gettext as _

from blocs.enums import REOPENED_STATUS, BlocYearAction, BlocYearStatus, Mover
from blocs.models import BlocYear
from blocs.requirements import unmet_requirements
from blocs.selectors import following_year, has_leadership
from core.exceptions import RefusedTransition
from core.transitions import Guard, Machine, Move

# --- Guards ---------------------------------------------------------------------


def leadership_chosen(bloc_year: BlocYear) -> str | None:
    """The year is launched under its head unit, whose officers are its secretariat, and a deputy
    that helps verify scores (DOMAIN §2; step 1 of DOMAIN §4: the bloc head hosts the launch)."""
    if has_leadership(bloc_year):
        return None
    return _("Choose the head unit and at least one deputy unit of %(year)s.") % {"year": bloc_year.year}


def next_year_led(bloc_year: BlocYear) -> str | None:
    """The year-end meeting elects next year's head and deputy (DOMAIN §4 step 7, practice): closing
    the year without them would leave the bloc with no secretariat to launch the next one."""
    following = following_year(bloc_year)
    if following is not None and has_leadership(following):
        return None
    return _("Open the year %(year)s and choose its head and deputy units (elected at the year-end meeting).") % {
        "year": bloc_year.year + 1
    }


def others_requirements(status: BlocYearStatus) -> Guard:
    """The guard asking other apps' ``@requirement(status)`` (``blocs.requirements``), one sentence."""

    def guard(bloc_year: BlocYear) -> str | None:
        return " ".join(unmet_requirements(bloc_year, status)) or None

    guard.__name__ = f"requirements_of_{status.value}"
    return guard


# --- The machine ----------------------------------------------------------------


def _forward(target: BlocYearStatus, source: BlocYearStatus, *own_guards: Guard) -> Move:
    """A step forward into ``target``: the bloc's own guards, then other apps' requirements of ``target``."""
    return Move(
        sources={source},
        target=target,
        permission=move_permission(target),
        guards=(*own_guards, others_requirements(target)),
    )


def asks_permission(action: str) -> str:
    """Who may ask for a step forward of an open year, whatever its present state: the move view's
    check. A step the state does not allow is then refused by the service with its reason (and
    recorded); ``Move.permission`` adds that the state allows it (the button's check)."""
    return f"blocs.ask_{action}"


def move_permission(status: str) -> str:
    """The permission a user needs to move a bloc-year forward into ``status`` (see blocs.rules)."""
    return f"blocs.move_blocyear_to_{BlocYearStatus(status).value}"


def cannot_move(bloc_year: BlocYear, target: str) -> str:
    """Why the year's status allows no step into ``target``."""
    return _("%(bloc_year)s is at “%(current)s”: it cannot move to “%(target)s”.") % {
        "bloc_year": bloc_year,
        "current": BlocYearStatus(bloc_year.status).label,
        "target": BlocYearStatus(target).label,
    }


def _refused(bloc_year: BlocYear, action: str, move: Move) -> str:
    if action == BlocYearAction.REOPEN:
        return _("%(bloc_year)s is not closed: there is nothing to reopen.") % {"bloc_year": bloc_year}
    return cannot_move(bloc_year, move.target)


def _incomplete(bloc_year: BlocYear, action: str, move: Move, missing: list[str]) -> str:
    return _("%(bloc_year)s cannot move to “%(target)s” yet: %(missing)s") % {
        "bloc_year": bloc_year,
        "target": BlocYearStatus(move.target).label,
        "missing": " ".join(missing),
    }


S, A = BlocYearStatus, BlocYearAction
LIFECYCLE = Machine(
    "blocs.blocyear",
    {
        A.LAUNCH: _forward(S.LAUNCHED, S.DRAFT, leadership_chosen),
        A.SIGN_PLEDGE: _forward(S.PLEDGE_SIGNED, S.LAUNCHED),
        A.START_WORK: _forward(S.IN_PROGRESS, S.PLEDGE_SIGNED),
        A.REVIEW_MID_YEAR: _forward(S.MID_YEAR_REVIEWED, S.IN_PROGRESS),
        A.OPEN_SCORING: _forward(S.SCORING, S.MID_YEAR_REVIEWED),
        A.MARK_READY: _forward(S.READY_FOR_REVIEW, S.SCORING),
        A.MARK_REVIEWED: _forward(S.REVIEWED, S.READY_FOR_REVIEW),
        A.PROPOSE: _forward(S.PROPOSED, S.REVIEWED),
        A.DECIDE: _forward(S.DECIDED, S.PROPOSED),
        A.CLOSE: _forward(S.CLOSED, S.DECIDED, next_year_led),
        # Declared last, so that ``action_to(DECIDED)`` is the award decision, never a reopening.
        # Its reason is an argument of the service, not a state of the year: no guard.
        A.REOPEN: Move(sources={S.CLOSED}, target=REOPENED_STATUS, permission="blocs.reopen_blocyear"),
    },
    refused=_refused,
    incomplete=_incomplete,
    incomplete_error=RefusedTransition,
)

# The award decision is the council's (signed by the province's chairman, recorded by its office),
# and so is reopening a closed year; every other move is the bloc secretariat's (DOMAIN §4).
COUNCIL_OFFICE_ACTIONS = frozenset({A.DECIDE, A.REOPEN})


def mover_of(action: str) -> Mover:
    """Who makes the move (the council office and the administrator may make every move)."""
    return Mover.COUNCIL_OFFICE if action in COUNCIL_OFFICE_ACTIONS else Mover.SECRETARIAT


def forward_action(status: str) -> str | None:
    """The step forward into ``status`` (what the move button posts), or None for no such step."""
    action = LIFECYCLE.action_to(status) if status in BlocYearStatus.values else None
    return None if action == A.REOPEN else action


def next_status(status: str) -> BlocYearStatus | None:
    """The status the step forward out of ``status`` leads to, or None after the last one."""
    targets = (move.target for action, move in LIFECYCLE.moves.items() if action != A.REOPEN and status in move.sources)
    return next((BlocYearStatus(target) for target in targets), None)


def missing_to_enter(bloc_year: BlocYear, status: str) -> list[str]:
    """What keeps ``bloc_year`` from stepping into ``status``: the bloc's own guards, then other apps' requirements."""
    action = forward_action(status)
    return LIFECYCLE.unmet(bloc_year, action) if action else []
