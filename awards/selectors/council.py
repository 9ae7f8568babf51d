"""Reads of the provincial council's sessions: who sees which session, the chokepoints, a session's
dossiers and items, and the next planned session a council member sits in."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from awards.enums import Appraisal, CouncilSessionStatus, ProposalStatus
from awards.models import CouncilSession, Proposal, ProposalItem
from blocs.selectors import roles_of
from core.models import User
from core.selectors import get_or_404

Viewer = User | AnonymousUser


def visible_sessions(user: Viewer) -> QuerySet[CouncilSession]:
    """Sessions of the provinces whose council (office or member) the user sits in; all for the administrator."""
    roles = roles_of(user)
    if roles.is_admin:
        return CouncilSession.objects.all()
    return CouncilSession.objects.filter(province_id__in=roles.council_province_ids)


def get_council_session_for_user(user: Viewer, pk: object) -> CouncilSession:
    """The session, or 404 when it does not exist or the user is not of its province's council."""
    return get_or_404(visible_sessions(user).select_related("province"), pk)


def get_session_item_for_user(user: Viewer, pk: object) -> ProposalItem:
    """A proposed award on a session the user sees, or 404."""
    items = ProposalItem.objects.filter(proposal__council_session__in=visible_sessions(user))
    return get_or_404(items.select_related("proposal__council_session__province", "unit"), pk)


def session_list(user: Viewer) -> QuerySet[CouncilSession]:
    """The user's sessions, newest first, with their dossier count (one query)."""
    return (
        visible_sessions(user)
        .select_related("province")
        .annotate(dossiers=Count("proposals"))
        .order_by("-held_on", "id")
    )


def session_proposals(session: CouncilSession) -> QuerySet[Proposal]:
    """The dossiers on the session with their items, units and votes (three queries whatever the count)."""
    items = ProposalItem.objects.select_related("unit", "council_vote").order_by("award", "rank", "id")
    return (
        session.proposals.select_related("bloc_year__bloc")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("bloc_year__bloc__name")
    )


def placeable_proposals(session: CouncilSession) -> QuerySet[Proposal]:
    """Appraised dossiers of the session's province not yet on any session, with an eligible item."""
    return (
        Proposal.objects.filter(
            bloc_year__bloc__province_id=session.province_id,
            council_session__isnull=True,
            status__in=(ProposalStatus.APPRAISED, ProposalStatus.AT_SESSION),
            items__appraisal=Appraisal.ELIGIBLE,
        )
        .distinct()
        .select_related("bloc_year__bloc")
        .order_by("bloc_year__bloc__name")
    )


def next_session_for(user: Viewer, today: datetime.date) -> CouncilSession | None:
    """The next planned session (today or later) of a province the user's council sits in, with its item count."""
    roles = roles_of(user)
    if not roles.council_province_ids:
        return None
    sessions = CouncilSession.objects.filter(
        province_id__in=roles.council_province_ids, status=CouncilSessionStatus.PLANNED, held_on__gte=today
    )
    items = Count("proposals__items", filter=Q(proposals__items__appraisal=Appraisal.ELIGIBLE))
    return sessions.annotate(item_count=items).order_by("held_on", "id").first()
