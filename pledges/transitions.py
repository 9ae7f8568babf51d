"""Pledges' state machines and what pledges requires before a bloc-year may enter a status.

Each machine is read by its service (``check``), its rules predicate (``may``) and the page's
buttons (``options``, through pledges.presenters), so the three never disagree. The requirements
on the bloc-year lifecycle are registered with ``blocs.requirements``, which discovers this module.
"""

from typing import Any

from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus
from blocs.requirements import requirement
from core.transitions import Machine, Move
from pledges.enums import Action, BlocReportStatus, RegistrationStatus, ReportKind, ReportStatus
from pledges.models import BlocReport, LaunchMeeting, Pledge, Registration, UnitReport
from pledges.selectors.commitments import unsigned_members

# --- Unit reports ----------------------------------------------------------------------


def results_written(report: UnitReport) -> str | None:
    """A unit report gives its results against the pledge's targets first (DOMAIN §4, reports) [practice]."""
    if report.results.strip():
        return None
    return _("Write the results against the pledge's targets before submitting.")


def _report_refused(report: UnitReport, action: str, move: Move) -> str:
    return _("A report that is “%(now)s” cannot become “%(then)s”.") % {
        "now": report.get_status_display(),
        "then": ReportStatus(move.target).label,
    }


# The unit submits (again after a return); the bloc secretariat returns or accepts.
REPORT = Machine(
    "pledges.unit_report",
    {
        Action.SUBMIT: Move(
            sources={ReportStatus.DRAFT, ReportStatus.RETURNED},
            target=ReportStatus.SUBMITTED,
            permission="pledges.submit_unitreport",
            guards=(results_written,),
        ),
        Action.RETURN: Move(
            sources={ReportStatus.SUBMITTED}, target=ReportStatus.RETURNED, permission="pledges.return_unitreport"
        ),
        Action.ACCEPT: Move(
            sources={ReportStatus.SUBMITTED}, target=ReportStatus.ACCEPTED, permission="pledges.accept_unitreport"
        ),
    },
    refused=_report_refused,
)
# The unit edits its report only while it is in its own hands.
REPORT_EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})

# --- Bloc reports ----------------------------------------------------------------------


def signer_named(report: BlocReport) -> str | None:
    """An issued document carries its signer's full name (Decree 30/2020/NĐ-CP, the signature block) [law]."""
    return None if report.signer_name.strip() else _("Give the name of the person who signs the report.")


# The secretariat issues the draft it compiled; an issued report is frozen.
BLOC_REPORT = Machine(
    "pledges.bloc_report",
    {
        Action.ISSUE: Move(
            sources={BlocReportStatus.DRAFT},
            target=BlocReportStatus.ISSUED,
            permission="pledges.issue_blocreport",
            guards=(signer_named,),
        ),
    },
    refused=lambda report, action, move: _("This report cannot be issued."),
)

# --- Title registrations ---------------------------------------------------------------


def registration_refused(registration: Registration, target: str) -> str:
    """Why ``registration`` cannot move to ``target`` (also for a target no move leads to, such as draft)."""
    return _("The registration is “%(current)s”: it cannot become “%(target)s”.") % {
        "current": registration.get_status_display(),
        "target": RegistrationStatus(target).label,
    }


def _registration_refused(registration: Registration, action: str, move: Move) -> str:
    return registration_refused(registration, move.target)


# The unit submits (again after a return); the secretariat returns or accepts, then forwards the
# accepted ones to the council office.
REGISTRATION = Machine(
    "pledges.registration",
    {
        Action.SUBMIT: Move(
            sources={RegistrationStatus.DRAFT, RegistrationStatus.RETURNED},
            target=RegistrationStatus.SUBMITTED,
            permission="pledges.submit_registration",
        ),
        Action.RETURN: Move(
            sources={RegistrationStatus.SUBMITTED},
            target=RegistrationStatus.RETURNED,
            permission="pledges.return_registration",
        ),
        Action.ACCEPT: Move(
            sources={RegistrationStatus.SUBMITTED},
            target=RegistrationStatus.ACCEPTED,
            permission="pledges.accept_registration",
        ),
        Action.FORWARD: Move(
            sources={RegistrationStatus.ACCEPTED},
            target=RegistrationStatus.FORWARDED,
            permission="pledges.forward_registration",
        ),
    },
    refused=_registration_refused,
)
# The unit edits its registration only while it is in its own hands.
REGISTRATION_EDITABLE = frozenset({RegistrationStatus.DRAFT, RegistrationStatus.RETURNED})

# --- Requirements on the bloc-year lifecycle --------------------------------------------


@requirement(BlocYearStatus.LAUNCHED)
def launch_meeting_recorded(bloc_year: Any) -> str | None:
    """The year starts with the bloc's launch meeting (DOMAIN §4, step 1) [practice]."""
    if not LaunchMeeting.objects.filter(bloc_year=bloc_year).exists():
        return _("Record the launch meeting (date, place, attendees).")
    return None


@requirement(BlocYearStatus.PLEDGE_SIGNED)
def every_member_signed(bloc_year: Any) -> str | None:
    """Every current member signs the pledge at the launch (DOMAIN §4, step 1) [practice]."""
    if not Pledge.objects.filter(bloc_year=bloc_year).exists():
        return _("Write the pledge and record every member's signature.")
    missing = [m.unit.name for m in unsigned_members(bloc_year).order_by("unit__name")]
    if missing:
        return _("Not yet signed by: %(units)s.") % {"units": ", ".join(missing)}
    return None


@requirement(BlocYearStatus.MID_YEAR_REVIEWED)
def six_month_bloc_report_issued(bloc_year: Any) -> str | None:
    """The mid-year review ends with the bloc's consolidated 6-month report, issued and numbered (DOMAIN §4, step 3)."""
    issued = BlocReport.objects.filter(
        bloc_year=bloc_year, kind=ReportKind.SIX_MONTH, status=BlocReportStatus.ISSUED
    ).exists()
    return None if issued else _("Issue the bloc's 6-month report.")
