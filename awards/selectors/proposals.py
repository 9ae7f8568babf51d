"""Reads of the bloc's proposal: the chokepoints, the meeting's elected units, and the eligibility re-check."""

import copy
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from awards.calculations import (
    Override,
    apply_overrides,
    derive_candidates,
    merit_basis_problem,
    vote_base,
    vote_percent,
)
from awards.enums import FLAG_AWARDS, AwardKind, BallotStatus
from awards.models import AchievementReport, Ballot, Meeting, Proposal, ProposalItem
from awards.selectors.ballots import threshold_of
from awards.selectors.decisions import merit_history
from awards.selectors.meetings import award_of_kind, bloc_rules_of, overrides_of, ranks_of, unit_facts
from blocs.enums import CouncilRoleKind
from blocs.models import BlocYear, Membership
from blocs.selectors import roles_of
from core.models import User
from core.selectors import get_or_404

Viewer = User | AnonymousUser


def visible_proposals(user: Viewer) -> QuerySet[Proposal]:
    """Proposals the user may see: all for an admin, the province's for its council (office and members),
    the bloc-year's for the officers and leaders of its member units."""
    roles = roles_of(user)
    if roles.is_admin:
        return Proposal.objects.all()
    member = Membership.objects.filter(bloc_year=OuterRef("bloc_year"), unit_id__in=roles.unit_ids)
    return Proposal.objects.filter(Q(bloc_year__bloc__province_id__in=roles.council_province_ids) | Exists(member))


def get_proposal_for_user(user: Viewer, pk: object) -> Proposal:
    """The proposal, or 404 when it does not exist or the user may not see it."""
    related = ("bloc_year__bloc__province", "bloc_year__rule", "meeting", "assigned_to")
    return get_or_404(visible_proposals(user).select_related(*related), pk)


def get_proposal_item_for_user(user: Viewer, pk: object) -> ProposalItem:
    """A proposed award, or 404 when the user may not see its proposal."""
    items = ProposalItem.objects.filter(proposal__in=visible_proposals(user))
    return get_or_404(items.select_related("unit", "proposal__bloc_year__bloc__province"), pk)


def get_achievement_report_for_user(user: Viewer, pk: object) -> AchievementReport:
    """A proposed unit's achievement report, or 404 when the user may not see its proposal."""
    reports = AchievementReport.objects.filter(proposal__in=visible_proposals(user))
    return get_or_404(reports.select_related("unit", "proposal__bloc_year__bloc__province"), pk)


def achievement_reports_of(proposal: Proposal) -> list[AchievementReport]:
    """The achievement report of each unit still proposed, in the items' order (award, rank), once per unit.

    A unit whose items were all removed keeps its report in the database but leaves the dossier.
    """
    unit_ids = list(dict.fromkeys(proposal.items.order_by("award", "rank", "id").values_list("unit_id", flat=True)))
    reports = proposal.achievement_reports.filter(unit_id__in=unit_ids).select_related("unit", "edited_by")
    by_unit = {report.unit_id: report for report in reports}
    return [by_unit[unit_id] for unit_id in unit_ids if unit_id in by_unit]


def proposal_of(bloc_year: BlocYear) -> Proposal | None:
    return Proposal.objects.filter(bloc_year=bloc_year).first()


def items_of(proposal: Proposal) -> list[ProposalItem]:
    """The proposed awards by award then rank, with the unit and the deciding ballot."""
    return list(proposal.items.select_related("unit", "ballot").order_by("award", "rank", "id"))


# --- What the meeting elected ----------------------------------------------------------------------


@dataclass(frozen=True)
class Elected:
    """One unit a tallied round elected for an award, with that round's votes and share."""

    award: str
    unit_id: int
    ballot: Ballot
    votes: int
    percent: Decimal | None


def elected_units(meeting: Meeting) -> list[Elected]:
    """Every unit elected by a tallied round of the meeting, by award and round.

    A round may elect fewer than the seats and send the rest to a new round for the places left
    (``awards.services.ballots.next_round``), so each award's elected units are those of all its
    tallied rounds, each with the votes of the round that elected it.
    """
    denominator = threshold_of(meeting.bloc_year).denominator
    found: list[Elected] = []
    ballots = meeting.ballots.filter(status=BallotStatus.TALLIED).order_by("award", "round_number")
    for ballot in ballots:
        result = ballot.result or {}
        base = _base(result, denominator)
        for unit_id in result.get("elected", []):
            votes = int(result.get("votes", {}).get(str(unit_id), 0))
            found.append(
                Elected(ballot.award, unit_id, ballot, votes, vote_percent(votes, base=base) if base else None)
            )
    return found


def _base(result: dict[str, Any], denominator: str) -> int:
    try:
        return vote_base(members=result["members"], present=result["present"], denominator=denominator)
    except (KeyError, ValueError):
        return 0


def flag_counts(items: list[tuple[str, int]]) -> dict[str, int]:
    """Flag award kind → how many units are proposed for it (from (award, unit id) pairs)."""
    counts: dict[str, int] = defaultdict(int)
    for award, _unit_id in items:
        if award in FLAG_AWARDS:
            counts[award] += 1
    return dict(counts)


# --- The eligibility re-check at the proposal date --------------------------------------------------


def problems_by_item(proposal: Proposal, *, on: datetime.date) -> dict[int, list[str]]:
    """Item id → why the item's unit may not be proposed for its award on ``on`` (empty list: no problem).

    The meeting's candidate rules (membership, gone by the decision date, registration, quota, rank,
    compliance records in force on ``on``) with the meeting's overrides, plus the certificate's basis
    under Law 06/2022 Art. 74. A fixed number of queries whatever the number of items; none on a copy
    ``with_problems`` primed for that day.
    """
    primed: tuple[datetime.date, dict[int, list[str]]] | None = getattr(proposal, "_problems_on", None)
    if primed is not None and primed[0] == on:
        return primed[1]
    bloc_year = proposal.bloc_year
    items = list(proposal.items.all())
    facts = unit_facts(bloc_year, ranks=ranks_of(bloc_year), day=on)
    known = {f.unit_id for f in facts}
    overrides = overrides_of(proposal.meeting)
    reasons: dict[tuple[str, int], list[str]] = {}
    for kind in {item.award for item in items}:
        derived = derive_candidates(facts, award=award_of_kind(AwardKind(kind)), rules=bloc_rules_of(bloc_year))
        liftable = {left.unit.unit_id for left in derived.left_out if left.overridable}
        applying = [Override(o.unit_id, o.reason) for o in overrides if o.award == kind and o.unit_id in liftable]
        for left in apply_overrides(derived, applying).left_out:
            reasons[(kind, left.unit.unit_id)] = list(left.reasons)
    merit_units = [item.unit_id for item in items if item.award == AwardKind.PROVINCE_MERIT]
    histories = merit_history(merit_units) if merit_units else {}
    return {
        item.pk: _item_problems(item, reasons, known, bloc_year.year, histories.get(item.unit_id, [])) for item in items
    }


def with_problems(proposal: Proposal, *, on: datetime.date, problems: dict[int, list[str]]) -> Proposal:
    """A copy of ``proposal`` that answers ``problems_by_item(on=on)`` with ``problems`` (read already): a page
    that shows the problems and asks the submit guard runs the check once. The copy's submission day is ``on``."""
    probe = copy.copy(proposal)
    probe.submitted_on = on
    probe._problems_on = (on, problems)  # type: ignore[attr-defined]
    return probe


def _item_problems(
    item: ProposalItem,
    reasons: dict[tuple[str, int], list[str]],
    known: set[int],
    year: int,
    history: list[tuple[int, str]],
) -> list[str]:
    if item.unit_id not in known:
        return [_("%(unit)s is not a member of the bloc this year.") % {"unit": item.unit}]
    problems = list(reasons.get((item.award, item.unit_id), []))
    if item.award == AwardKind.PROVINCE_MERIT:
        # The unit's award history: the issued award decisions (awards.selectors.decisions.merit_history),
        # under its former names too. "Hoàn thành xuất sắc nhiệm vụ" ratings are not recorded in the app, so
        # only decided titles count; the bloc's vote (Art. 74's emulation-movement basis) is the other way.
        problem = merit_basis_problem(history, year=year, voted_by_movement=item.ballot_id is not None)
        if problem:
            problems.append(problem % {"unit": item.unit})
    return problems


def eligibility_problems(item: ProposalItem, *, on: datetime.date) -> list[str]:
    """Why ``item``'s unit may not be proposed for its award on ``on``; empty when it may."""
    return problems_by_item(item.proposal, on=on).get(item.pk, [])


# --- Who is told ---------------------------------------------------------------------------------


def office_officers(province_id: int) -> QuerySet[User]:
    """The active officers of the province's council office, each once."""
    return (
        User.objects.filter(
            is_active=True,
            council_roles__province_id=province_id,
            council_roles__role=CouncilRoleKind.OFFICE_OFFICER,
            council_roles__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
