"""Reads of the Chairman's award decisions: the chokepoints of the council office's decision pages, the items
a held session puts in a decision, the year's totals, and each unit's award history (DOMAIN §8).

The award history is public record: anyone who may see a unit's page sees the awards decided for it,
under the names the unit and its predecessors bore (DOMAIN §3: history stays readable across renames
and mergers).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet, Sum

from awards.calculations import HistoryKind
from awards.enums import AwardTypeCode, CouncilSessionStatus, DecisionStatus, ProposalStatus
from awards.models import AwardDecision, CouncilSession, DecisionItem, Proposal
from blocs.enums import SuccessionKind
from blocs.models import Unit, UnitSuccession
from blocs.selectors import roles_of
from core.models import User
from core.selectors import get_or_404
from scoring.selectors.sheets import year_name

Viewer = User | AnonymousUser


def visible_decisions(user: Viewer) -> QuerySet[AwardDecision]:
    """Decisions of the provinces whose council (office or member) the user sits in; all for the administrator."""
    roles = roles_of(user)
    if roles.is_admin:
        return AwardDecision.objects.all()
    return AwardDecision.objects.filter(province_id__in=roles.council_province_ids)


def get_decision_for_user(user: Viewer, pk: object) -> AwardDecision:
    """The decision, or 404 when it does not exist or the user sits in no council of its province."""
    return get_or_404(visible_decisions(user).select_related("province", "session", "created_by"), pk)


def get_decision_item_for_user(user: Viewer, pk: object) -> DecisionItem:
    """An item of a decision the user may see, or 404 as for its decision."""
    items = DecisionItem.objects.filter(decision__in=visible_decisions(user))
    return get_or_404(items.select_related("decision__province", "unit", "bloc"), pk)


def sessions_for_decisions(user: Viewer) -> QuerySet[CouncilSession]:
    """Council sessions of the provinces the user works in the office of (all for the administrator)."""
    roles = roles_of(user)
    if roles.is_admin:
        return CouncilSession.objects.all()
    return CouncilSession.objects.filter(province_id__in=roles.office_province_ids)


def get_decision_session_for_user(user: Viewer, pk: object) -> CouncilSession:
    """The council session a decision is drafted from, or 404 when the user is not its province's office."""
    return get_or_404(sessions_for_decisions(user).select_related("province"), pk)


def held_sessions_without_decision(user: Viewer) -> QuerySet[CouncilSession]:
    """Held sessions of the user's provinces that have no decision yet: where a decision may be drafted."""
    return (
        sessions_for_decisions(user)
        .filter(status=CouncilSessionStatus.HELD, decisions__isnull=True)
        .select_related("province")
        .order_by("-held_on", "pk")
    )


def decision_list(user: Viewer) -> QuerySet[AwardDecision]:
    """The user's decisions, newest first, with their item counts and total money (approved, not revoked)."""
    return (
        visible_decisions(user)
        .select_related("province", "session")
        .annotate(
            approved_count=Count("items", filter=Q(items__approved=True)),
            rejected_count=Count("items", filter=Q(items__approved=False)),
            money=Sum("items__amount", filter=Q(items__approved=True, items__revoked_on__isnull=True)),
        )
        .order_by("-issued_on", "-pk")
    )


def items_of(decision: AwardDecision) -> QuerySet[DecisionItem]:
    """The decision's items, approved first, then by award and unit name (the annex's order)."""
    items = decision.items.select_related("unit", "bloc", "proposal_item").prefetch_related("unit__names")
    return items.order_by("-approved", "award", "unit__name")


def proposals_at_session(session: CouncilSession) -> QuerySet[Proposal]:
    """The dossiers on the session still waiting for the decision."""
    return session.proposals.filter(status=ProposalStatus.AT_SESSION).select_related("bloc_year__bloc")


# --- Totals ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardTotal:
    award: str
    label: str
    count: int
    money: Decimal | None  # None: no award of this kind carries money under its regime


def year_totals(province_ids: Iterable[int] | None, year: int) -> list[AwardTotal]:
    """Per award: the issued decisions' approved, unrevoked awards for emulation ``year`` and their money.

    ``province_ids`` None means every province (the administrator). Revoked and rejected items do not count.
    """
    items = DecisionItem.objects.filter(
        decision__status=DecisionStatus.ISSUED, approved=True, revoked_on__isnull=True, year=year
    )
    if province_ids is not None:
        items = items.filter(decision__province_id__in=list(province_ids))
    rows = items.values("award").annotate(count=Count("pk"), money=Sum("amount")).order_by("award")
    labels = dict(AwardTypeCode.choices)
    return [
        AwardTotal(row["award"], str(labels.get(row["award"], row["award"])), row["count"], row["money"])
        for row in rows
    ]


@dataclass(frozen=True)
class BlocYears:
    """The awards each bloc obtained, year by year (issued, approved, unrevoked): the multi-year table."""

    years: list[int]
    rows: list[tuple[str, list[int]]]  # (bloc name, a count per year in ``years``)


def awards_by_bloc_and_year(province_ids: Iterable[int] | None, *, years: int = 5, up_to: int) -> BlocYears:
    """Counts of awards per bloc for the ``years`` emulation years ending with ``up_to``; blocs with none left out."""
    span = list(range(up_to - years + 1, up_to + 1))
    items = DecisionItem.objects.filter(
        decision__status=DecisionStatus.ISSUED,
        approved=True,
        revoked_on__isnull=True,
        bloc__isnull=False,
        year__in=span,
    )
    if province_ids is not None:
        items = items.filter(decision__province_id__in=list(province_ids))
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for row in items.values("bloc__name", "year").annotate(count=Count("pk")):
        counts[row["bloc__name"]][row["year"]] = row["count"]
    return BlocYears(span, [(name, [counts[name].get(year, 0) for year in span]) for name in sorted(counts)])


def latest_decided_year(province_ids: Iterable[int] | None, *, up_to: int) -> int | None:
    """The latest emulation year (≤ ``up_to``) with an issued decision's award in the provinces; None if none."""
    items = DecisionItem.objects.filter(decision__status=DecisionStatus.ISSUED, approved=True, year__lte=up_to)
    if province_ids is not None:
        items = items.filter(decision__province_id__in=list(province_ids))
    latest: int | None = items.aggregate(latest=Max("year"))["latest"]
    return latest


def proposal_status_by_bloc(province_ids: Iterable[int] | None) -> dict[tuple[int, str], dict[str, int]]:
    """(emulation year, bloc name) → status → count of submitted proposals (drafts are the bloc's own)."""
    proposals = Proposal.objects.exclude(status=ProposalStatus.DRAFT)
    if province_ids is not None:
        proposals = proposals.filter(bloc_year__bloc__province_id__in=list(province_ids))
    rows = proposals.values("bloc_year__year", "bloc_year__bloc__name", "status").annotate(count=Count("pk"))
    table: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for row in rows.order_by("-bloc_year__year", "bloc_year__bloc__name"):
        table[(row["bloc_year__year"], row["bloc_year__bloc__name"])][row["status"]] = row["count"]
    return dict(table)


# --- A unit's award history ----------------------------------------------------------------------------


def predecessors_of(unit_ids: Iterable[int], *, kinds: Iterable[str] | None = None) -> dict[int, set[int]]:
    """Unit id → every unit it carries on from (transitively, through ``kinds`` of succession; all if None).

    One query per generation of successions; a cycle in the records cannot loop.
    """
    found: dict[int, set[int]] = {pk: set() for pk in unit_ids}
    frontier: dict[int, set[int]] = {pk: {pk} for pk in found}
    while any(frontier.values()):
        wanted = set().union(*frontier.values())
        links = UnitSuccession.objects.filter(successor_id__in=wanted)
        if kinds is not None:
            links = links.filter(kind__in=list(kinds))
        came_from: dict[int, set[int]] = defaultdict(set)
        for successor_id, predecessor_id in links.values_list("successor_id", "predecessor_id"):
            came_from[successor_id].add(predecessor_id)
        for root, current in frontier.items():
            new = set().union(*(came_from.get(pk, set()) for pk in current)) - found[root] - {root}
            found[root] |= new
            frontier[root] = new
    return found


@dataclass(frozen=True)
class HistoryRow:
    year: int
    award: str
    unit_name: str  # the name the awarded unit bore at the end of the emulation year
    inherited: bool  # decided for a predecessor of the unit (renamed, merged or split into it)
    renamed: bool  # decided for the unit itself under a name it no longer bears
    decision: AwardDecision
    bloc_name: str
    amount: Decimal | None
    revoked_on: object
    revocation_reason: str
    revocation_basis: str


def award_history(unit: Unit) -> list[HistoryRow]:
    """The awards decided for ``unit`` and for the units it carries on from: issued decisions' approved items,
    revoked ones kept and marked, each unit under the name it bore that year; newest year first."""
    unit_ids = {unit.pk, *predecessors_of([unit.pk])[unit.pk]}
    items = (
        DecisionItem.objects.filter(unit_id__in=unit_ids, approved=True, decision__status=DecisionStatus.ISSUED)
        .select_related("decision", "unit", "bloc")
        .prefetch_related("unit__names")
        .order_by("-year", "award", "unit__name", "pk")
    )
    return [_history_row(item, unit) for item in items]


def _history_row(item: DecisionItem, unit: Unit) -> HistoryRow:
    name = year_name(item.unit, item.year)
    return HistoryRow(
        year=item.year,
        award=item.get_award_display(),
        unit_name=name,
        inherited=item.unit_id != unit.pk,
        renamed=item.unit_id == unit.pk and name != item.unit.name,
        decision=item.decision,
        bloc_name=item.bloc.name if item.bloc else "",
        amount=item.amount,
        revoked_on=item.revoked_on,
        revocation_reason=item.revocation_reason,
        revocation_basis=item.revocation_basis,
    )


# What Law 06/2022 Art. 74 reads from the history: "Tập thể lao động xuất sắc" years. A renamed unit is the
# same collective, so its former names' titles count; a merger's or a split's parts do not carry them.
_ART74_KINDS: dict[str, HistoryKind] = {AwardTypeCode.EXCELLENT_COLLECTIVE.value: HistoryKind.EXCELLENT_COLLECTIVE}


def merit_history(unit_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """Unit id → its (year, ``HistoryKind``) pairs from issued, approved, unrevoked decisions, with those of the
    units it was renamed from (Art. 74's "2 consecutive years"). A fixed number of queries per generation."""
    lineage = predecessors_of(unit_ids, kinds=[SuccessionKind.RENAME])
    every = set().union(*({pk, *before} for pk, before in lineage.items())) if lineage else set()
    rows = DecisionItem.objects.filter(
        unit_id__in=every, approved=True, revoked_on__isnull=True, decision__status=DecisionStatus.ISSUED
    ).values_list("unit_id", "year", "award")
    by_unit: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for unit_id, year, award in rows:
        by_unit[unit_id].append((year, _ART74_KINDS.get(award, HistoryKind.OTHER)))
    return {
        pk: [pair for member in {pk, *before} for pair in by_unit.get(member, [])] for pk, before in lineage.items()
    }
