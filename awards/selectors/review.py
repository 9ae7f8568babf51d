"""Reads of the council office's review of proposals: the province's list, its filters, the chokepoints
of the review's action views, the officers who may be assigned and the secretariat told of a return."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q, QuerySet

from awards.enums import ProposalStatus
from awards.models import Proposal, ProposalItem
from blocs.enums import CouncilRoleKind, MemberRole, UnitRoleKind
from blocs.models import BlocYear, Membership, Province
from blocs.selectors import roles_of
from core.models import User
from core.selectors import get_or_404

Viewer = User | AnonymousUser

# Submitted after the province's deadline in the dossier's own year (awards.lateness.is_late, in SQL).
_YEAR, _DAY, _MONTH = (
    "bloc_year__year",
    "bloc_year__bloc__province__proposal_deadline_day",
    "bloc_year__bloc__province__proposal_deadline_month",
)
LATE = (
    Q(submitted_on__year__gt=F(_YEAR))
    | Q(submitted_on__year=F(_YEAR), submitted_on__month__gt=F(_MONTH))
    | Q(submitted_on__year=F(_YEAR), submitted_on__month=F(_MONTH), submitted_on__day__gt=F(_DAY))
)


@dataclass(frozen=True)
class ProposalFilter:
    year: int | None = None
    bloc_id: int | None = None
    status: str = ""
    award: str = ""
    late: bool | None = None


def reviewed_proposals(user: Viewer) -> QuerySet[Proposal]:
    """Proposals the council office reviews: every submitted one (drafts are the bloc's own) of the
    provinces the user works in the office of; all of them for the administrator."""
    roles = roles_of(user)
    queryset = Proposal.objects.exclude(status=ProposalStatus.DRAFT)
    if roles.is_admin:
        return queryset
    return queryset.filter(bloc_year__bloc__province_id__in=roles.office_province_ids)


def get_reviewed_proposal_for_user(user: Viewer, pk: object) -> Proposal:
    """The proposal under review, or 404 when it does not exist or the user is not its council office."""
    return get_or_404(reviewed_proposals(user).select_related("bloc_year__bloc__province"), pk)


def get_reviewed_item_for_user(user: Viewer, pk: object) -> ProposalItem:
    """A proposed award of a proposal under review, or 404 as for its proposal."""
    items = ProposalItem.objects.filter(proposal__in=reviewed_proposals(user))
    return get_or_404(items.select_related("proposal__bloc_year__bloc__province", "unit"), pk)


def province_proposals(user: Viewer, filters: ProposalFilter) -> QuerySet[Proposal]:
    """The council office's list (and export): its provinces' submitted proposals, filtered, each with
    ``is_late`` annotated; newest year first, then bloc. ``award`` keeps proposals proposing that award."""
    queryset = reviewed_proposals(user).annotate(is_late=Q(LATE))
    for field, value in [
        ("bloc_year__year", filters.year),
        ("bloc_year__bloc_id", filters.bloc_id),
        ("status", filters.status),
    ]:
        if value:
            queryset = queryset.filter(**{field: value})
    if filters.award:
        queryset = queryset.filter(pk__in=ProposalItem.objects.filter(award=filters.award).values("proposal_id"))
    if filters.late is not None:
        queryset = queryset.filter(LATE) if filters.late else queryset.exclude(LATE)
    queryset = queryset.select_related("bloc_year__bloc__province", "assigned_to").prefetch_related("items")
    return queryset.order_by("-bloc_year__year", "bloc_year__bloc__name", "pk")


def office_officers(province: Province) -> QuerySet[User]:
    """Active accounts with an active council-office role in ``province``: whom a dossier may be assigned to."""
    return (
        User.objects.filter(
            is_active=True,
            council_roles__province=province,
            council_roles__role=CouncilRoleKind.OFFICE_OFFICER,
            council_roles__is_active=True,
        )
        .distinct()
        .order_by("username", "pk")
    )


def secretariat_officers(bloc_year: BlocYear) -> QuerySet[User]:
    """Active officers of the unit heading the bloc that year: the dossier's senders."""
    head = Membership.objects.filter(bloc_year=bloc_year, role=MemberRole.HEAD, left_on__isnull=True)
    return (
        User.objects.filter(
            is_active=True,
            unit_roles__unit_id__in=head.values("unit_id"),
            unit_roles__role=UnitRoleKind.OFFICER,
            unit_roles__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def items_for_review(proposal: Proposal) -> QuerySet[ProposalItem]:
    """The proposal's items with their unit, appraiser and compliance notes, in the dossier's order."""
    return proposal.items.select_related("unit", "appraised_by").prefetch_related(
        "compliance_notes__recorded_by", "public_comments"
    )
