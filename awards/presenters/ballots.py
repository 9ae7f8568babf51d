"""Page assembly for the secret ballot: the meeting page's ballots section and the ballot page.

Every count, ballot and receipt comes from the readers of ``awards.selectors.ballots``, which answer
None before closing (DOMAIN §7): never from a permission alone, since a superuser holds every permission.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import rules
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.calculations import Candidacy, Choice, vote_base, vote_percent
from awards.enums import RESULT_STATUSES, BallotAction, BallotForm, BallotStatus
from awards.forms.ballots import NewBallotForm, ReceiptForm, VoteForm
from awards.models import Ballot, Meeting
from awards.presenters import paper as paper_presenters
from awards.selectors import ballots as selectors
from awards.selectors.meetings import Viewer
from awards.transitions import BALLOT
from core.selectors import history_for

# --- The meeting page's section -------------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    """A move of the ballot the user may make: its label, and what is missing (the button is then disabled)."""

    action: str
    label: str
    missing: list[str]


def _allowed(user: Viewer, ballot: Ballot) -> list[Button]:
    return [
        Button(option.action, str(BallotAction(option.action).label), option.missing)
        for option in BALLOT.options(user, ballot)
        if option.allowed and option.action != BallotAction.RECORD_PAPER  # a form of its own: _ballot_paper.html
    ]


@dataclass
class BallotRound:
    ballot: Ballot
    options: list[Button]
    can_next_round: bool


@dataclass
class AwardBallots:
    """One award on the meeting page: its rounds, and the form that prepares its first ballot."""

    kind: str
    name: str
    rounds: list[BallotRound] = field(default_factory=list)
    new_form: NewBallotForm | None = None


def meeting_ballots(user: Viewer, meeting: Meeting | None, candidacies: list[Candidacy]) -> dict[str, Any]:
    """The context of ``awards/_meeting_ballots.html``: each award's rounds with the buttons the machine
    offers, and for the secretariat a form per award that has candidates and no ballot yet."""
    if meeting is None:
        return {"ballot_awards": []}
    can_record = user.has_perm("awards.record_meeting", meeting.bloc_year)
    ballots = selectors.ballots_of(meeting)
    rows = []
    for candidacy in candidacies:
        kind = candidacy.award.kind
        mine = [b for b in ballots if b.award == kind]
        rounds = [BallotRound(b, _allowed(user, b), can_record and _calls_for_round(b, mine)) for b in mine]
        form = None
        if can_record and not mine and candidacy.candidates:
            form = NewBallotForm(candidates=candidacy.candidates, prefix=kind)
        rows.append(AwardBallots(kind, candidacy.award.name, rounds, form))
    return {"ballot_awards": rows}


def _calls_for_round(ballot: Ballot, rounds: list[Ballot]) -> bool:
    """A tallied round whose result sends candidates on, and whose next round does not exist yet."""
    result = selectors.ballot_result(ballot) or {}
    if ballot.status != BallotStatus.TALLIED or not result.get("next_round"):
        return False
    return not any(b.round_number == ballot.round_number + 1 for b in rounds)


# --- The ballot page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyRow:
    name: str
    votes: int
    no: int | None
    percent: Decimal | None
    outcome: str
    preferred: bool


def ballot_page(
    user: Viewer, ballot: Ballot, *, vote_form: VoteForm | None = None, code: str | None = None
) -> dict[str, Any]:
    """The ballot page: the paper for a voter who has not voted, the participation while open, and from
    closing the tally, every ballot, the digest and the receipt finder; the secretariat's buttons; the history."""
    names = candidate_names(ballot)
    voted = selectors.has_voted(ballot, user)
    # ``rules.has_perm`` asks the rules themselves: Django's has_perm says yes to a superuser, who votes for no unit.
    can_vote = ballot.status == BallotStatus.OPEN and not voted and rules.has_perm("awards.cast_ballot", user, ballot)
    if can_vote and vote_form is None:
        vote_form = VoteForm(form=ballot.form, candidates=list(names.items()))
    stored = selectors.stored_ballots(ballot)
    return {
        "ballot": ballot,
        "bloc_year": ballot.meeting.bloc_year,
        "names": list(names.values()),
        "limit": limit_text(ballot),
        "published": ballot.status in RESULT_STATUSES and stored is not None,
        "participation": participation(ballot),
        "voted": voted,
        "vote_form": vote_form if can_vote else None,
        "tally": tally_rows(ballot, names),
        "round_notes": selectors.round_notes(ballot),
        "form_label": form_label(ballot),
        "ballots": [(receipt, describe_choice(choice, names)) for receipt, choice in stored or []],
        "receipt_form": ReceiptForm(initial={"code": code or ""}),
        "receipt": _receipt_answer(ballot, code, names) if code else None,
        "options": _allowed(user, ballot),
        "can_next_round": user.has_perm("awards.record_meeting", ballot.meeting.bloc_year)
        and _calls_for_round(ballot, selectors.ballots_of(ballot.meeting)),
        "history": history_for(ballot),
        **paper_presenters.ballot_paper_context(user, ballot),
    }


def candidate_names(ballot: Ballot) -> dict[int, str]:
    """unit id → the unit's name that year, in the order of the ballot paper (by name)."""
    facts = sorted(selectors.candidate_facts(ballot), key=lambda c: c.name)
    return {c.unit_id: c.name for c in facts}


def participation(ballot: Ballot) -> dict[str, Any]:
    """The only figures shown while the ballot is open: how many units voted out of those who may."""
    return {
        "voted": selectors.participation_count(ballot),
        "eligible": selectors.eligible_voter_count(ballot),
        "status": ballot.status,
        "status_label": ballot.get_status_display(),
    }


def tally_rows(ballot: Ballot, names: dict[int, str]) -> list[TallyRow]:
    """Per candidate: votes (yes marks or choices), % of the threshold's base and the outcome; empty before closing."""
    result = selectors.ballot_result(ballot)
    if not result:
        return []
    votes, no = result.get("votes", {}), result.get("no")
    base = _base(ballot, result)
    return [
        TallyRow(
            name,
            votes.get(str(uid), 0),
            no.get(str(uid), 0) if no is not None else None,
            vote_percent(votes.get(str(uid), 0), base=base) if base else None,
            _outcome(uid, result),
            uid in result.get("preferred", []),
        )
        for uid, name in names.items()
    ]


def _base(ballot: Ballot, result: dict[str, Any]) -> int:
    denominator = selectors.threshold_of(ballot.meeting.bloc_year).denominator
    try:
        return vote_base(members=result["members"], present=result["present"], denominator=denominator)
    except (KeyError, ValueError):
        return 0


def _outcome(unit_id: int, result: dict[str, Any]) -> str:
    if unit_id in result.get("elected", []):
        return _("elected")
    if unit_id in result.get("next_round", []):
        return _("to the next round")
    if unit_id in result.get("passing", []):
        return _("passed the threshold")
    return _("not passed")


def describe_choice(choice: Choice, names: dict[int, str]) -> str:
    """A stored ballot in words: the candidates chosen, or yes/no marks, by name."""

    def listed(ids: list[int]) -> str:
        return ", ".join(names.get(i, str(i)) for i in ids) or "—"

    if "chosen" in choice:
        return listed(choice["chosen"]) if choice["chosen"] else _("blank (nobody chosen)")
    return _("Yes: %(yes)s; No: %(no)s") % {"yes": listed(choice.get("yes", [])), "no": listed(choice.get("no", []))}


def _receipt_answer(ballot: Ballot, code: str, names: dict[int, str]) -> dict[str, Any]:
    if selectors.stored_ballots(ballot) is None:
        return {"status": "later"}
    choice = selectors.find_receipt(ballot, code)
    if choice is None:
        return {"status": "missing", "code": code}
    return {"status": "found", "code": code.strip().upper(), "choice": describe_choice(choice, names)}


def receipt_page(ballot: Ballot, receipt: str) -> dict[str, Any]:
    """The one page that shows a receipt code: the response to the vote itself (never a URL, never a message)."""
    return {"ballot": ballot, "bloc_year": ballot.meeting.bloc_year, "receipt": receipt}


def form_label(ballot: Ballot) -> str:
    """How the paper asks, for the page's subtitle: yes or no per candidate, or choose at most N."""
    if ballot.form == BallotForm.YES_NO:
        return str(BallotForm.YES_NO.label)
    count = ballot.max_choices or 0
    return ngettext("Choose at most %(count)s candidate", "Choose at most %(count)s candidates", count) % {
        "count": count
    }


def limit_text(ballot: Ballot) -> str:
    if ballot.form == BallotForm.YES_NO:
        return _("Mark yes or no for each candidate (you may leave one unmarked).")
    return _("Choose at most %(count)s.") % {"count": ballot.max_choices}
