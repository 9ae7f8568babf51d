"""The awards app's state machine: the secret ballot (draft → open → closed → tallied).

Read by the services (``BALLOT.check``), the permission predicates (``awards.rules``) and, later, the
ballot page's buttons. Each guard names its source.
"""

from django.utils.translation import gettext as _

from awards.enums import BallotAction, BallotForm, BallotStatus
from awards.models import Ballot
from awards.selectors.ballots import voting_unit_ids
from core.transitions import Machine, Move


def has_candidates(ballot: Ballot) -> str | None:
    """The ballot paper lists its candidates before anyone votes (DOMAIN §7: a ballot among candidates)."""
    count = ballot.entries.count()
    if count == 0:
        return _("List the candidates before opening the ballot.")
    if ballot.form == BallotForm.CHOOSE and (ballot.max_choices or 0) > count:
        return _("A voter may not choose more candidates than the ballot lists.")
    return None


def scores_approved(ballot: Ballot) -> str | None:
    """The meeting approves the ranked scores before it votes on the awards (DOMAIN §7: approve, agree, then vote)."""
    if ballot.meeting.scores_approved_at is None:
        return _("The meeting approves the scores before the ballot opens.")
    return None


def someone_present(ballot: Ballot) -> str | None:
    """The representatives of the member units present vote (DOMAIN §7): the attendance is recorded first.
    When the bloc's rules let every member unit vote, the current members are the voters already."""
    if not voting_unit_ids(ballot.meeting):
        return _("Record who is present at the meeting before opening the ballot.")
    return None


def _refused(ballot: Ballot, action: str, move: Move) -> str:
    return _("A ballot that is %(status)s cannot be moved on with “%(action)s”.") % {
        "status": ballot.get_status_display().lower(),
        "action": BallotAction(action).label,
    }


# The secretariat opens and closes the ballot (issue 10); closing unseals and shuffles, tallying counts.
BALLOT = Machine(
    "awards.ballot",
    {
        BallotAction.OPEN: Move(
            sources={BallotStatus.DRAFT},
            target=BallotStatus.OPEN,
            permission="awards.open_ballot",
            guards=(has_candidates, scores_approved, someone_present),
        ),
        BallotAction.CLOSE: Move(
            sources={BallotStatus.OPEN}, target=BallotStatus.CLOSED, permission="awards.close_ballot"
        ),
        BallotAction.TALLY: Move(
            sources={BallotStatus.CLOSED}, target=BallotStatus.TALLIED, permission="awards.tally_ballot"
        ),
    },
    refused=_refused,
)
