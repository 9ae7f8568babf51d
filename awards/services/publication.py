"""Writes of the publication for comment (công khai): publishing the province's list of proposed awards for
a period, and recording the comments received against each award.

Decisions (issue 11): a new publication lists every award of the province's year that the council office
has received and not found ineligible, that no earlier publication of that year listed; it opens on the
day given and stays open for the province's comment period (``PublicationSetting``, 7 days by default).
A comment is recorded with the day it was received, which must fall inside the period; it may be
recorded later (a letter transcribed after the close), but not once the award is decided.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import COMMENTABLE_STATUSES
from awards.models import Proposal, ProposalItem, Publication, PublicComment
from awards.selectors.publication import closing_day, publishable_items
from blocs.models import Province
from blocs.services import ensure_year_open
from core.exceptions import DomainError
from core.models import User
from core.services import log_action, records_refusals


@records_refusals
@transaction.atomic
def publish_list(province: Province, *, actor: User, year: int, opens_on: datetime.date) -> Publication:
    """Publish the province's proposed awards of ``year`` for comment from ``opens_on``.

    In order: refuse an opening day in the past; lock the province's dossiers of the year; refuse when
    no award is left to publish (none received, all ineligible, or all already published); refuse a
    closed year; create the publication with its closing day from the province's setting and its
    items; audit awards.publication.published on the publication (year, period, item count).
    """
    if opens_on < timezone.localdate():
        raise DomainError(_("The comment period cannot open in the past."))
    list(Proposal.objects.select_for_update().filter(bloc_year__bloc__province=province, bloc_year__year=year))
    items = list(publishable_items(province, year).select_related("proposal__bloc_year"))
    if not items:
        raise DomainError(
            _("No proposed award of %(year)s is waiting to be published: none received, or all already published.")
            % {"year": year}
        )
    for bloc_year in {item.proposal.bloc_year for item in items}:
        ensure_year_open(bloc_year)
    publication = Publication.objects.create(
        province=province, year=year, opens_on=opens_on, closes_on=closing_day(province, opens_on), published_by=actor
    )
    publication.items.set(items)
    data = {"year": year, "opens_on": str(opens_on), "closes_on": str(publication.closes_on), "items": len(items)}
    log_action(publication, actor=actor, action="awards.publication.published", data=data)
    return publication


@records_refusals
@transaction.atomic
def record_comment(
    publication: Publication, *, actor: User, item: ProposalItem, received_on: datetime.date, commenter: str, text: str
) -> PublicComment:
    """Record a comment received on one published award.

    In order: refuse an empty sender or text; refuse an award the publication does not list; refuse a
    day of receipt outside the period or in the future; lock the award's dossier; refuse a closed year
    or a decided dossier; store the comment; audit awards.publication.comment_recorded on the
    publication and awards.proposal.comment_recorded on the dossier (its timeline).
    """
    commenter, text = commenter.strip(), text.strip()
    if not commenter or not text:
        raise DomainError(_("Give who sent the comment and what it says."))
    if not publication.items.filter(pk=item.pk).exists():
        raise DomainError(_("This award is not on the published list."))
    if not publication.is_open_on(received_on) or received_on > timezone.localdate():
        raise DomainError(
            _("A comment counts when received between %(opens)s and %(closes)s, and not after today.")
            % {"opens": publication.opens_on.strftime("%d/%m/%Y"), "closes": publication.closes_on.strftime("%d/%m/%Y")}
        )
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("bloc_year").get(pk=item.proposal_id)
    ensure_year_open(proposal.bloc_year)
    if proposal.status not in COMMENTABLE_STATUSES:
        raise DomainError(
            _("The dossier is %(status)s: comments are no longer recorded.")
            % {"status": proposal.get_status_display().lower()}
        )
    comment = PublicComment.objects.create(
        publication=publication, item=item, received_on=received_on, commenter=commenter, text=text, recorded_by=actor
    )
    data = {"item": item.pk, "unit": item.unit_id, "received_on": str(received_on), "commenter": commenter}
    log_action(publication, actor=actor, action="awards.publication.comment_recorded", data=data)
    log_action(proposal, actor=actor, action="awards.proposal.comment_recorded", data=data)
    return comment
