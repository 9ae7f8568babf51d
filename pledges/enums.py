from django.db import models
from django.utils.translation import gettext_lazy as _

# --- Reports, inspections, reminders (P-B) -----------------------------------


class ReportKind(models.TextChoices):
    SIX_MONTH = "six_month", _("6-month report")
    ANNUAL = "annual", _("Annual report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


# A unit report's legal moves: the unit submits (again after a return); the secretariat returns or accepts.
REPORT_TRANSITIONS = {
    ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.RETURNED, ReportStatus.ACCEPTED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
    ReportStatus.ACCEPTED: set(),
}
# The unit edits its report only while it is in its own hands.
REPORT_EDITABLE = {ReportStatus.DRAFT, ReportStatus.RETURNED}


class BlocReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


BLOC_REPORT_TRANSITIONS = {
    BlocReportStatus.DRAFT: {BlocReportStatus.ISSUED},
    BlocReportStatus.ISSUED: set(),
}


class ReminderItem(models.TextChoices):
    REGISTRATION = "registration", _("Title registration")
    SIX_MONTH_REPORT = "six_month_report", _("6-month report")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    SELF_SCORING = "self_scoring", _("Self-score sheet")


class ReminderStage(models.TextChoices):
    WEEK_BEFORE = "7_days", _("7 days before")
    DAY_BEFORE = "1_day", _("1 day before")
    OVERDUE = "overdue", _("Overdue")


# --- end of reports, inspections, reminders (P-B) ----------------------------


# --- Pledge, title registration (P-A) ------------------------------------------


class TitleLevel(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PROVINCE = "province", _("Province")
    AGENCY = "agency", _("Agency")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    FORWARDED = "forwarded", _("Forwarded to the council office")


# A registration's legal moves: the unit submits (again after a return); the secretariat returns,
# accepts, then forwards the accepted ones to the council office.
REGISTRATION_TRANSITIONS = {
    RegistrationStatus.DRAFT: {RegistrationStatus.SUBMITTED},
    RegistrationStatus.SUBMITTED: {RegistrationStatus.RETURNED, RegistrationStatus.ACCEPTED},
    RegistrationStatus.RETURNED: {RegistrationStatus.SUBMITTED},
    RegistrationStatus.ACCEPTED: {RegistrationStatus.FORWARDED},
    RegistrationStatus.FORWARDED: set(),
}
# The unit edits its registration only while it is in its own hands.
REGISTRATION_EDITABLE = {RegistrationStatus.DRAFT, RegistrationStatus.RETURNED}

# --- end of pledge, title registration (P-A) -----------------------------------


# The kinds of issued documents (core.models.IssuedDocument), the same as their PDF renderers' kinds.
UNIT_REPORT_KIND = "pledges.unit_report"
BLOC_REPORT_KIND = "pledges.bloc_report"
SIGNED_PLEDGE_KIND = "pledges.signed_pledge"
