"""What the pledges app's audit entries mean, for the history panels (see core.history)."""

from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from core.history import register, register_each
from pledges.enums import RegistrationStatus
from pledges.models import BlocReport, Inspection, InspectionFinding, LaunchMeeting, Registration, UnitReport

register("pledges.launch_meeting.recorded", _("Recorded the launch meeting"), model=LaunchMeeting)
register_each(
    "pledges.pledge",
    {"drafted": _("Drafted the pledge"), "amended": _("Amended the pledge (a new version)")},
    labels={"clauses": _("clauses"), "change_note": _("change note")},
)
register(
    "pledges.pledge.signed",
    _("Recorded a unit's signature of the pledge"),
    refs={"unit": Unit},
    labels={"signer": _("signer")},
    hidden={"unit_name"},
)
register(
    "pledges.registration.created", _("Registered for an emulation title"), model=Registration, refs={"unit": Unit}
)
register("pledges.registration.updated", _("Edited the registration's targets"), model=Registration)
REGISTRATION_SENTENCES = {
    RegistrationStatus.SUBMITTED: _("Submitted the registration to the secretariat"),
    RegistrationStatus.RETURNED: _("Returned the registration to the unit"),
    RegistrationStatus.ACCEPTED: _("Accepted the registration"),
    RegistrationStatus.FORWARDED: _("Forwarded the registration to the council office"),
    RegistrationStatus.DRAFT: _("Put the registration back to draft"),
}
register_each("pledges.registration", REGISTRATION_SENTENCES, model=Registration)

register_each(
    "pledges.unit_report",
    {
        "started": _("Started the report"),
        "updated": _("Edited the report"),
        "returned": _("Returned the report to the unit"),
        "accepted": _("Accepted the report"),
    },
    model=UnitReport,
)
register(
    "pledges.unit_report.submitted",
    _("Submitted the report"),
    model=UnitReport,
    labels={"days_late": _("days late")},
)
register_each(
    "pledges.unit_report",
    {"attachment_added": _("Attached a file to the report"), "attachment_removed": _("Removed a file from the report")},
)
register_each(
    "pledges.bloc_report",
    {
        "started": _("Started the bloc's report from the units' reports"),
        "updated": _("Edited the bloc's report"),
        "issued": _("Issued the bloc's report with its number"),
    },
    model=BlocReport,
)
register_each(
    "pledges.inspection",
    {"recorded": _("Recorded the council's inspection"), "updated": _("Edited the inspection")},
    model=Inspection,
)
register(
    "pledges.inspection.finding_set",
    _("Recorded the inspection's findings for a unit"),
    model=InspectionFinding,
    refs={"unit": Unit},
    hidden={"created", "unit_name"},
)
register("pledges.inspection.attachment_added", _("Attached a file to the inspection"))
