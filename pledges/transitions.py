"""What the pledges app requires before a bloc-year may enter a status (see blocs.requirements)."""

from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus
from blocs.requirements import requirement
from pledges.enums import BlocReportStatus, ReportKind
from pledges.models import BlocReport, LaunchMeeting, Pledge
from pledges.selectors.commitments import unsigned_members

# --- Launch meeting, pledge signatures (P-A) ------------------------------------------


@requirement(BlocYearStatus.LAUNCHED)
def launch_meeting_recorded(bloc_year) -> str | None:
    if not LaunchMeeting.objects.filter(bloc_year=bloc_year).exists():
        return _("Record the launch meeting (date, place, attendees).")
    return None


@requirement(BlocYearStatus.PLEDGE_SIGNED)
def every_member_signed(bloc_year) -> str | None:
    if not Pledge.objects.filter(bloc_year=bloc_year).exists():
        return _("Write the pledge and record every member's signature.")
    missing = [m.unit.name for m in unsigned_members(bloc_year).order_by("unit__name")]
    if missing:
        return _("Not yet signed by: %(units)s.") % {"units": ", ".join(missing)}
    return None


# --- end of launch meeting, pledge signatures (P-A) -----------------------------------

# --- Reports (P-B) -------------------------------------------------------------------


@requirement(BlocYearStatus.MID_YEAR_REVIEWED)
def six_month_bloc_report_issued(bloc_year) -> str | None:
    """The mid-year review ends with the bloc's consolidated 6-month report, issued and numbered."""
    issued = BlocReport.objects.filter(
        bloc_year=bloc_year, kind=ReportKind.SIX_MONTH, status=BlocReportStatus.ISSUED
    ).exists()
    return None if issued else _("Issue the bloc's 6-month report.")


# --- end of reports (P-B) ------------------------------------------------------------
