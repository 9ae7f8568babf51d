"""Reads of the publication for comment: who sees a published list, what a new one would list, the
comments per item (for the council office's review), and the province's comment period."""

import datetime
from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from awards.enums import DEFAULT_COMMENT_DAYS, PUBLISHABLE_STATUSES, Appraisal
from awards.models import Proposal, ProposalItem, Publication, PublicationSetting, PublicComment
from blocs.models import Province, Unit
from blocs.selectors import roles_of
from core.models import User
from core.selectors import get_or_404

Viewer = User | AnonymousUser


def province_ids_of(user: Viewer) -> frozenset[int]:
    """The provinces a user works in: its council (office or member), or the province of a unit they act for."""
    roles = roles_of(user)
    unit_provinces = Unit.objects.filter(pk__in=roles.unit_ids).values_list("province_id", flat=True)
    return roles.council_province_ids | frozenset(unit_provinces)


def visible_publications(user: Viewer) -> QuerySet[Publication]:
    """Every publication for the administrator; else those of the provinces the user works in (the list is
    public inside the province: DOMAIN §8, practice)."""
    if roles_of(user).is_admin:
        return Publication.objects.all()
    if not user.is_authenticated:
        return Publication.objects.none()
    return Publication.objects.filter(province_id__in=province_ids_of(user))


def get_publication_for_user(user: Viewer, pk: object) -> Publication:
    """The publication, or 404 when it does not exist or is of a province the user does not work in."""
    return get_or_404(visible_publications(user).select_related("province", "published_by"), pk)


def publishing_provinces(user: Viewer) -> QuerySet[Province]:
    """The provinces whose list the user may publish: their council office's (all for the administrator)."""
    roles = roles_of(user)
    provinces = Province.objects.all() if roles.is_admin else Province.objects.filter(pk__in=roles.office_province_ids)
    return provinces.order_by("name", "pk")


def comment_days(province: Province) -> int:
    """The province's comment period in days, or the default when it has set none."""
    setting = PublicationSetting.objects.filter(province=province).first()
    return setting.comment_days if setting else DEFAULT_COMMENT_DAYS


def closing_day(province: Province, opens_on: datetime.date) -> datetime.date:
    """The last day of comment: the period counts the opening day."""
    return opens_on + datetime.timedelta(days=comment_days(province) - 1)


def publishable_items(province: Province, year: int) -> QuerySet[ProposalItem]:
    """The awards a new publication lists: items of the province's year-``year`` dossiers the council office
    has received and not yet seen decided, not found ineligible, and not on an earlier publication."""
    proposals = Proposal.objects.filter(
        bloc_year__bloc__province=province, bloc_year__year=year, status__in=PUBLISHABLE_STATUSES
    )
    published = Publication.objects.filter(province=province, year=year).values("items")
    return (
        ProposalItem.objects.filter(proposal__in=proposals)
        .exclude(appraisal=Appraisal.INELIGIBLE)
        .exclude(pk__in=published)
        .order_by("proposal__bloc_year__bloc__name", "award", "rank", "pk")
    )


def published_items(publication: Publication) -> list[ProposalItem]:
    """The publication's awards by bloc, award and rank, with their unit and bloc."""
    items = publication.items.select_related("unit", "proposal__bloc_year__bloc")
    return list(items.order_by("proposal__bloc_year__bloc__name", "award", "rank", "pk"))


def comments_of(publication: Publication) -> dict[int, list[PublicComment]]:
    """The publication's comments by item id, in the order received."""
    grouped: dict[int, list[PublicComment]] = defaultdict(list)
    for comment in publication.comments.select_related("recorded_by").order_by("received_on", "pk"):
        grouped[comment.item_id].append(comment)
    return grouped


def comments_by_item(proposal: Proposal) -> dict[int, list[PublicComment]]:
    """The comments received on the proposal's items (shown at appraisal), by item id, in the order received."""
    grouped: dict[int, list[PublicComment]] = defaultdict(list)
    rows = PublicComment.objects.filter(item__proposal=proposal).select_related("publication")
    for comment in rows.order_by("received_on", "pk"):
        grouped[comment.item_id].append(comment)
    return grouped
