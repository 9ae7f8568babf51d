from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(StrEnum):
    """The moves of pledges' state machines (see pledges.transitions), as URLs and buttons name them."""

    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    FORWARD = "forward"
    ISSUE = "issue"


class ReportKind(models.TextChoices):
    SIX_MONTH = "six_month", _("6-month report")
    ANNUAL = "annual", _("Annual report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


# The sections every sơ kết / tổng kết report has (DOMAIN §4), in the order they are written.
REPORT_SECTIONS = ["results", "shortcomings", "causes", "lessons", "next_tasks", "proposals"]


class BlocReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report", "Draft")
    ISSUED = "issued", _("Issued")


class ReminderItem(models.TextChoices):
    REGISTRATION = "registration", _("Title registration")
    SIX_MONTH_REPORT = "six_month_report", _("6-month report")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    SELF_SCORING = "self_scoring", _("Self-score sheet")


class ReminderStage(models.TextChoices):
    WEEK_BEFORE = "7_days", _("7 days before")
    DAY_BEFORE = "1_day", _("1 day before")
    OVERDUE = "overdue", _("Overdue")


class TitleLevel(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PROVINCE = "province", _("Province")
    AGENCY = "agency", _("Agency")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("registration", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    FORWARDED = "forwarded", _("Forwarded to the council office")


# The kinds of issued documents (core.models.IssuedDocument), the same as their PDF renderers' kinds.
UNIT_REPORT_KIND = "pledges.unit_report"
BLOC_REPORT_KIND = "pledges.bloc_report"
SIGNED_PLEDGE_KIND = "pledges.signed_pledge"
