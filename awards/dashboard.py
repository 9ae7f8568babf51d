"""What the year-end meeting asks of each persona today."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Meeting, MeetingSession
from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear, Membership
from blocs.selectors import roles_of
from core.dashboard import Item, Section, provider


@provider
def meeting_sections(user, *, today):
    """The secretariat: its year is ready for review and its meeting has no session recorded yet (one query)."""
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return []
    headed = Membership.objects.filter(
        bloc_year=OuterRef("pk"), unit_id__in=officer_units, role=MemberRole.HEAD, left_on__isnull=True
    )
    sessions = MeetingSession.objects.filter(meeting__bloc_year=OuterRef("pk"))
    years = BlocYear.objects.filter(Exists(headed), status=BlocYearStatus.READY_FOR_REVIEW).exclude(Exists(sessions))
    items = [
        Item(
            _("%(bloc_year)s is ready for review: record its year-end meeting.") % {"bloc_year": bloc_year},
            reverse("awards:meeting_detail", args=[bloc_year.pk]),
            "warning",
        )
        for bloc_year in years.select_related("bloc").order_by("year", "bloc__name")
    ]
    return [Section(_("Year-end meeting"), items)] if items else []


@provider
def minutes_sections(user, *, today):
    """The secretariat: its meeting (sessions recorded, year ready for review) has no minutes issued yet (one query)."""
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return []
    headed = Membership.objects.filter(
        bloc_year=OuterRef("bloc_year"), unit_id__in=officer_units, role=MemberRole.HEAD, left_on__isnull=True
    )
    sessions = MeetingSession.objects.filter(meeting=OuterRef("pk"))
    meetings = Meeting.objects.filter(
        Exists(headed),
        Exists(sessions),
        bloc_year__status=BlocYearStatus.READY_FOR_REVIEW,
        minutes_issued_on__isnull=True,
    )
    items = [
        Item(
            _("The meeting of %(bloc_year)s has no minutes yet.") % {"bloc_year": meeting.bloc_year},
            reverse("awards:meeting_detail", args=[meeting.bloc_year_id]),
            "warning",
        )
        for meeting in meetings.select_related("bloc_year__bloc").order_by("bloc_year__year", "bloc_year__bloc__name")
    ]
    return [Section(_("Minutes of the year-end meeting"), items)] if items else []
