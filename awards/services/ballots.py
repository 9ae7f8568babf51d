"""Writes of the electronic secret ballot: create, open, cast, close (unseal and shuffle), tally, next round.

Secrecy (DOMAIN §7): casting writes a participation (who, for which unit) and a cast ballot (a random
id, the sealed choice, the receipt code) that share nothing but the ballot. The only audit entry of a
cast names the voter and the unit, never the choice; the cast ballot itself writes no entry, and no
log line, task argument or cache key carries a choice.
"""

import secrets
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.calculations import (
    Choice,
    ballot_digest,
    ballot_fingerprint,
    canonical_choice,
    choice_votes,
    round_result,
)
from awards.enums import FLAG_AWARDS, RESULT_STATUSES, AwardKind, BallotAction, BallotForm, BallotStatus
from awards.models import Ballot, BallotCandidate, CastBallot, Meeting, Participation
from awards.sealing import ballot_key, new_salt, seal, unseal
from awards.selectors import ballots as selectors
from awards.selectors.meetings import candidacies, ranks_of
from awards.services.records import ensure_minutes_not_issued
from awards.transitions import BALLOT
from blocs.models import Unit
from blocs.selectors import roles_of
from blocs.services import ensure_year_open
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import log_action, records_refusals

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
RECEIPT_LENGTH = 10


def new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def _lock(ballot: Ballot) -> Ballot:
    """Re-read the ballot under a row lock (it serialises casts and moves); refuse a closed year and a
    meeting whose minutes are issued."""
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("meeting__bloc_year__rule").get(pk=ballot.pk)
    ensure_year_open(ballot.meeting.bloc_year)
    ensure_minutes_not_issued(ballot.meeting.bloc_year)
    return ballot


# --- Creating a ballot and its next round ------------------------------------------------------


@records_refusals
@transaction.atomic
def create_ballot(
    meeting: Meeting,
    *,
    actor: User,
    award: str,
    candidates: Sequence[Unit],
    form: str,
    max_choices: int | None = None,
    women_shares: Mapping[int, Decimal] | None = None,
) -> Ballot:
    """A draft first-round ballot for ``award`` among ``candidates`` (units the candidate rules let stand).

    In order: lock the meeting; refuse a closed year, an award that already has a ballot, no
    candidate or one named twice, a unit that does not stand for the award (``candidacies``, overrides
    applied), a bad ``max_choices`` (choose form: 1 … the flag quota and the candidates; yes/no: none)
    and a women's share outside 0–100; store the ballot with a fresh key salt and its candidates;
    audit awards.ballot.created. The flag's seats are the bloc's flag quota; other awards have no limit.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("bloc_year__rule").get(pk=meeting.pk)
    ensure_year_open(meeting.bloc_year)
    ensure_minutes_not_issued(meeting.bloc_year)
    kind, form = AwardKind(award), BallotForm(form)
    if meeting.ballots.filter(award=kind).exists():
        raise DomainError(_("This award has a ballot already: a further round follows from the tallied one."))
    ids = [unit.pk for unit in candidates]
    _check_candidates(meeting, kind, ids)
    seats = _flag_quota(meeting) if kind in FLAG_AWARDS else None
    max_choices = _check_max_choices(form, max_choices, seats=seats, candidates=len(ids))
    return _create(
        meeting,
        actor=actor,
        award=kind,
        round_number=1,
        form=form,
        max_choices=max_choices,
        seats=seats,
        candidate_ids=ids,
        women_shares=women_shares or {},
    )


def _flag_quota(meeting: Meeting) -> int:
    rule = getattr(meeting.bloc_year, "rule", None)
    return rule.flag_quota if rule is not None else 1


def _check_candidates(meeting: Meeting, kind: AwardKind, ids: list[int]) -> None:
    if not ids:
        raise DomainError(_("List at least one candidate on the ballot."))
    if len(set(ids)) != len(ids):
        raise DomainError(_("Each candidate is listed once."))
    bloc_year = meeting.bloc_year
    standing = next(
        (c for c in candidacies(bloc_year, meeting=meeting, ranks=ranks_of(bloc_year)) if c.award.kind == kind), None
    )
    allowed = {unit.unit_id for unit in standing.candidates} if standing is not None else set()
    if set(ids) - allowed:
        raise DomainError(_("Only the units that stand for this award can be listed on its ballot."))


def _check_max_choices(form: BallotForm, max_choices: int | None, *, seats: int | None, candidates: int) -> int | None:
    if form == BallotForm.YES_NO:
        if max_choices is not None:
            raise DomainError(_("A yes/no ballot has no limit on choices."))
        return None
    limit = min(candidates, seats) if seats is not None else candidates
    max_choices = limit if max_choices is None else max_choices
    if not 1 <= max_choices <= limit:
        raise DomainError(_("A voter may choose between 1 and %(limit)s candidates here.") % {"limit": limit})
    return max_choices


def _create(
    meeting: Meeting,
    *,
    actor: User,
    award: AwardKind,
    round_number: int,
    form: BallotForm,
    max_choices: int | None,
    seats: int | None,
    candidate_ids: list[int],
    women_shares: Mapping[int, Decimal],
) -> Ballot:
    shares = {unit_id: women_shares.get(unit_id) for unit_id in candidate_ids}
    if any(share is not None and not 0 <= share <= 100 for share in shares.values()):
        raise DomainError(_("A share of women lies between 0 and 100 %."))
    ballot = Ballot.objects.create(
        meeting=meeting,
        award=award,
        round_number=round_number,
        form=form,
        max_choices=max_choices,
        seats=seats,
        salt=new_salt(),
        created_by=actor,
    )
    BallotCandidate.objects.bulk_create(
        BallotCandidate(ballot=ballot, unit_id=unit_id, women_share=share) for unit_id, share in shares.items()
    )
    data = {"award": award.value, "round": round_number, "form": form.value, "candidates": sorted(candidate_ids)}
    log_action(ballot, actor=actor, action="awards.ballot.created", data=data)
    return ballot


@records_refusals
@transaction.atomic
def next_round(ballot: Ballot, *, actor: User) -> Ballot:
    """The next round of a tallied ballot that calls for one, limited to the candidates its result sends on.

    In order: lock the ballot; refuse one not tallied, a result that needs no new round, and a next
    round that exists already; create the draft (seats: those still to fill; the choose form allows at
    most that many); audit awards.ballot.created. Every round is kept.
    """
    ballot = _lock(ballot)
    if ballot.status != BallotStatus.TALLIED:
        raise RefusedTransition(_("A new round follows a tallied ballot."))
    result = ballot.result or {}
    if not result.get("next_round"):
        raise DomainError(_("This round decided the award: no new round is needed."))
    if Ballot.objects.filter(meeting=ballot.meeting, award=ballot.award, round_number=ballot.round_number + 1).exists():
        raise DomainError(_("The next round of this ballot exists already."))
    seats = None if ballot.seats is None else ballot.seats - len(result["elected"])
    ids = list(result["next_round"])
    max_choices = (
        None if ballot.form == BallotForm.YES_NO else min(ballot.max_choices or 1, seats or len(ids), len(ids))
    )
    shares = dict(ballot.entries.values_list("unit_id", "women_share"))
    return _create(
        ballot.meeting,
        actor=actor,
        award=AwardKind(ballot.award),
        round_number=ballot.round_number + 1,
        form=BallotForm(ballot.form),
        max_choices=max_choices,
        seats=seats,
        candidate_ids=ids,
        women_shares={k: v for k, v in shares.items() if v is not None},
    )


# --- Opening and casting ----------------------------------------------------------------------


@records_refusals
@transaction.atomic
def open_ballot(ballot: Ballot, *, actor: User) -> Ballot:
    """Open the ballot for voting. Locks it; open already is a no-op; refuses a move the state does not
    allow and unmet guards (candidates listed, scores approved, attendance recorded); audit awards.ballot.opened."""
    ballot = _lock(ballot)
    if ballot.status == BallotStatus.OPEN:
        return ballot
    BALLOT.check(ballot, BallotAction.OPEN)
    ballot.status, ballot.opened_at, ballot.opened_by = BallotStatus.OPEN, timezone.now(), actor
    ballot.save(update_fields=["status", "opened_at", "opened_by"])
    log_action(ballot, actor=actor, action="awards.ballot.opened", data={"candidates": selectors.candidate_ids(ballot)})
    return ballot


@records_refusals
@transaction.atomic
def cast_ballot(ballot: Ballot, *, voter: User, choice: object, unit: Unit | None = None) -> str:
    """Cast the voter's ballot for their unit; returns the receipt code (shown to the voter once, stored nowhere
    with them).

    In order: lock the ballot (casts queue one after the other); refuse a ballot not open; find the
    unit the voter votes for (``unit``, or their only unit present) and refuse a voter who acts for no
    member unit present at the latest session; refuse a second vote by the voter or their unit (the
    database's unique constraints hold it even if this check were raced); refuse an invalid choice;
    write the participation (audit awards.ballot.participated: the voter and the unit, no choice), then
    the sealed cast ballot under a random id with no voter and no time (no audit entry).
    """
    ballot = _lock(ballot)
    if ballot.status != BallotStatus.OPEN:
        raise RefusedTransition(_("This ballot is not open for voting."))
    unit_id = _voting_unit(ballot, voter, unit)
    if Participation.objects.filter(ballot=ballot, voter=voter).exists():
        raise DomainError(_("You have already voted in this ballot."))
    if Participation.objects.filter(ballot=ballot, unit_id=unit_id).exists():
        raise DomainError(_("Your unit has already voted in this ballot."))
    sealed = seal(
        _clean(ballot, choice), ballot_id=ballot.pk, key=ballot_key(ballot_id=ballot.pk, salt=bytes(ballot.salt))
    )
    try:
        with transaction.atomic():
            Participation.objects.create(ballot=ballot, voter=voter, unit_id=unit_id)
    except IntegrityError:
        raise DomainError(_("You have already voted in this ballot.")) from None
    log_action(ballot, actor=voter, action="awards.ballot.participated", data={"unit": unit_id})
    receipt = new_receipt()
    CastBallot.objects.create(ballot=ballot, sealed=sealed, receipt=receipt)
    return receipt


def _clean(ballot: Ballot, choice: object) -> Choice:
    return canonical_choice(
        choice, form=ballot.form, candidates=selectors.candidate_ids(ballot), max_choices=ballot.max_choices
    )


def _voting_unit(ballot: Ballot, voter: User, unit: Unit | None) -> int:
    """The unit the voter votes for: one they act for (officer or leader) that may vote (``voting_unit_ids``)."""
    eligible = roles_of(voter).unit_ids & selectors.voting_unit_ids(ballot.meeting)
    if unit is not None:
        eligible &= {unit.pk}
    if not eligible:
        raise RefusedTransition(
            _(
                "Only the representative of a member unit present at the meeting (of any member unit, when the "
                "bloc's rules let every member vote) can vote in this ballot."
            )
        )
    if len(eligible) > 1:
        raise DomainError(_("Say which unit you vote for."))
    return next(iter(eligible))


# --- Closing and tallying -------------------------------------------------------------------------


@records_refusals
@transaction.atomic
def close_ballot(ballot: Ballot, *, actor: User) -> Ballot:
    """Close the vote: unseal every ballot, store the plain choices in a random order under fresh random
    ids, and compute the digest.

    In order: lock the ballot; closed or tallied already is a no-op; refuse a move the state does not
    allow; refuse when the cast ballots do not match the participations or one cannot be unsealed
    (nothing changes); delete the sealed rows and write the plain ones shuffled (``secrets``), so that
    neither physical order nor ids follow the casting order; store the digest; audit awards.ballot.closed
    with the digest, the counts and each ballot's fingerprint by receipt (for ``verify_ballot``).
    """
    ballot = _lock(ballot)
    if ballot.status in RESULT_STATUSES:
        return ballot
    BALLOT.check(ballot, BallotAction.CLOSE)
    rows = _unsealed(ballot)
    voted = ballot.participations.count()
    if len(rows) != voted:
        raise DomainError(
            _("%(cast)s ballots are in the box for %(voted)s voters: the ballot cannot be closed.")
            % {"cast": len(rows), "voted": voted}
        )
    secrets.SystemRandom().shuffle(rows)
    CastBallot.objects.filter(ballot=ballot).delete()
    CastBallot.objects.bulk_create(
        CastBallot(id=uuid.uuid4(), ballot=ballot, choice=choice, receipt=receipt) for receipt, choice in rows
    )
    ballot.status, ballot.closed_at, ballot.closed_by = BallotStatus.CLOSED, timezone.now(), actor
    ballot.digest = ballot_digest(ballot.pk, rows)
    ballot.save(update_fields=["status", "closed_at", "closed_by", "digest"])
    fingerprints = {receipt: ballot_fingerprint(receipt, choice) for receipt, choice in sorted(rows)}
    data = {"digest": ballot.digest, "ballots": len(rows), "fingerprints": fingerprints}
    log_action(ballot, actor=actor, action="awards.ballot.closed", data=data)
    return ballot


def _unsealed(ballot: Ballot) -> list[tuple[str, Choice]]:
    key = ballot_key(ballot_id=ballot.pk, salt=bytes(ballot.salt))
    rows = CastBallot.objects.filter(ballot=ballot).values_list("receipt", "sealed")
    return [(receipt, unseal(bytes(sealed or b""), ballot_id=ballot.pk, key=key)) for receipt, sealed in rows]


@records_refusals
@transaction.atomic
def tally_ballot(ballot: Ballot, *, actor: User) -> Ballot:
    """Count the closed ballot and decide the round with the bloc's threshold (BlocRule; default > 50 % of all members).

    In order: lock the ballot; tallied already is a no-op; refuse a move the state does not allow;
    count the stored ballots (``choice_votes``); decide with ``round_result`` against the member units
    and those present at the latest session; store the result (counts, who passed, who is elected,
    who goes to a new round, who the women's-share preference decided for); audit awards.ballot.tallied.
    """
    ballot = _lock(ballot)
    if ballot.status == BallotStatus.TALLIED:
        return ballot
    BALLOT.check(ballot, BallotAction.TALLY)
    ballot.result = _result(ballot)
    ballot.status = BallotStatus.TALLIED
    ballot.save(update_fields=["status", "result"])
    log_action(ballot, actor=actor, action="awards.ballot.tallied", data=ballot.result)
    return ballot


def _result(ballot: Ballot) -> dict[str, Any]:
    rows = CastBallot.objects.filter(ballot=ballot).values_list("choice", flat=True)
    choices = [choice for choice in rows if choice is not None]
    ids = selectors.candidate_ids(ballot)
    counted = choice_votes(choices, form=ballot.form, candidates=ids, max_choices=ballot.max_choices)
    return decided_result(ballot, counted)


def decided_result(ballot: Ballot, counted: Mapping[str, Any]) -> dict[str, Any]:
    """The stored shape of a tallied round, electronic or paper: ``counted`` ({"ballots", "votes"} plus
    "no" or "blank", and whatever else the count adds) with the round decided by ``round_result`` against
    the member units and those present at the latest session, under the bloc's threshold."""
    members, present = selectors.vote_base_counts(ballot.meeting)
    outcome = round_result(
        counted["votes"],
        candidates=selectors.candidate_facts(ballot),
        quota=ballot.seats,
        members=members,
        present=present,
        threshold=selectors.threshold_of(ballot.meeting.bloc_year),
    )
    return {
        **{key: _keyed(value) if isinstance(value, dict) else value for key, value in counted.items()},
        "members": members,
        "present": present,
        "passing": list(outcome.passing),
        "elected": list(outcome.elected),
        "next_round": list(outcome.next_round),
        "preferred": list(outcome.preferred),
    }


def _keyed(counts: dict[int, int]) -> dict[str, int]:
    """JSON keys are strings: unit ids as text."""
    return {str(unit_id): count for unit_id, count in counts.items()}
