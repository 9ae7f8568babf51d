"""Page assembly for pledges' views: selectors' rows → what a template shows (one presenter per page)."""

from typing import Any

from core.models import User
from core.transitions import Machine


def moves(machine: Machine, user: User, obj: Any) -> dict[str, bool]:
    """The buttons of ``obj``'s state machine: each move its state allows, and whether the user may make it.

    Read by the templates as ``moves.submit`` etc., so a button shows exactly when the service would
    let the move start (the permission includes the machine's ``may``).
    """
    return {option.action: option.allowed for option in machine.options(user, obj)}
