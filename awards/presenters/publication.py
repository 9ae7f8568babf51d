"""Page assembly of the publication for comment: the list of publications and one published list."""

from dataclasses import dataclass
from typing import Any

from awards.models import ProposalItem, Publication, PublicComment
from awards.selectors import publication as selectors
from core.models import User
from core.selectors import history_for


@dataclass(frozen=True)
class PublishedRow:
    item: ProposalItem
    comments: list[PublicComment]


def publication_list_page(user: User) -> dict[str, Any]:
    publications = selectors.visible_publications(user).select_related("province").prefetch_related("items")
    return {
        "publications": list(publications),
        "can_publish": selectors.publishing_provinces(user).exists(),
    }


def publication_page(user: User, publication: Publication) -> dict[str, Any]:
    """The published awards by bloc; each with its comments for those who may read them."""
    sees_comments = user.has_perm("awards.view_public_comments", publication)
    comments = selectors.comments_of(publication) if sees_comments else {}
    rows = [PublishedRow(item, comments.get(item.pk, [])) for item in selectors.published_items(publication)]
    return {
        "publication": publication,
        "rows": rows,
        "sees_comments": sees_comments,
        "can_comment": user.has_perm("awards.record_public_comment", publication),
        "history": history_for(publication) if sees_comments else [],
    }
