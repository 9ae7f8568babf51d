"""Issuing the minutes (biên bản) of the year-end meeting: numbered in the bloc's BB series (Decree 30/2020)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from awards.enums import MINUTES_KIND
from awards.models import Meeting, MeetingSession
from awards.selectors import minutes as selectors
from awards.transitions import minutes_unmet
from blocs.enums import BlocYearStatus
from blocs.selectors import bloc_issue
from blocs.services import ensure_year_open
from core.documents import Issue
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import issue_document, log_action, notify, records_refusals


@records_refusals
@transaction.atomic
def issue_minutes(meeting: Meeting, *, actor: User, issued_on: datetime.date) -> Meeting:
    """Issue the meeting's minutes: the bloc's next BB number of the issue year, dated ``issued_on``.

    In order: lock the meeting; refuse a closed year; issued already is a no-op (number, date and
    signers kept); refuse a year not at "ready for review"; refuse while a guard of
    ``awards.transitions.MINUTES_GUARDS`` is unmet (no session, scores not approved, a ballot open or
    not counted, a new round not held) or the day is before the meeting's last session; draw the
    number and store the header with the chair as signer (core.document.issued); store the day and
    the secretary on the meeting; audit awards.minutes.issued; after commit, tell every current
    member unit's officers.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("bloc_year__bloc__province").get(pk=meeting.pk)
    )
    bloc_year = meeting.bloc_year
    ensure_year_open(bloc_year)
    if meeting.minutes_issued_on is not None:
        return meeting
    if bloc_year.status != BlocYearStatus.READY_FOR_REVIEW:
        raise RefusedTransition(_("The minutes are issued while the year is ready for review."))
    unmet = minutes_unmet(meeting)
    if unmet:
        raise DomainError(unmet[0])
    session = _closing_session(meeting, issued_on)
    issued = issue_document(meeting, kind=MINUTES_KIND, issue=minutes_issue(meeting, session, issued_on), actor=actor)
    meeting.minutes_issued_on = issued_on
    meeting.minutes_secretary_name, meeting.minutes_secretary_title = session.secretary_name, session.secretary_title
    meeting.save(update_fields=["minutes_issued_on", "minutes_secretary_name", "minutes_secretary_title"])
    data = {"number": issued.number_text, "issued_on": issued_on}
    log_action(meeting, actor=actor, action="awards.minutes.issued", data=data)
    _notify_after_commit(meeting, issued.number_text)
    return meeting


def _closing_session(meeting: Meeting, issued_on: datetime.date) -> MeetingSession:
    """The last session (its chair and secretary sign); refuses a day of issue before it."""
    session = selectors.closing_session(meeting)
    if session is None:
        raise DomainError(_("Record the meeting's session before issuing the minutes."))
    if issued_on < session.held_on:
        raise DomainError(
            _("The minutes cannot be dated before the meeting's last session (%(day)s).")
            % {"day": session.held_on.strftime("%d/%m/%Y")}
        )
    return session


def minutes_issue(meeting: Meeting, session: MeetingSession, issued_on: datetime.date) -> Issue:
    """The header as issued: the bloc's BB series; the chair signs on the right (DOMAIN §9)."""
    bloc = meeting.bloc_year.bloc
    return bloc_issue(
        bloc,
        type_code="BB",
        issued_on=issued_on,
        recipients=[],
        signer_authority="",
        signer_title="CHỦ TRÌ",
        signer_name=session.chair_name,
    )


def _notify_after_commit(meeting: Meeting, number: str) -> None:
    users = list(selectors.member_officers(meeting.bloc_year))
    text = _("The minutes of %(meeting)s were issued (No. %(number)s).") % {"meeting": meeting, "number": number}
    url = meeting.get_absolute_url()
    transaction.on_commit(lambda: [notify(user, text=text, url=url) for user in users])
