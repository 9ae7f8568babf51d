"""Choices and transition tables of the scoring app.

Shared by two areas: keep each area's part in its own section.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- Schemes ------------------------------------------------------------------


class SchemeItemKind(models.TextChoices):
    GROUP = "group", _("Group of criteria")
    CRITERION = "criterion", _("Criterion")
    BONUS = "bonus", _("Bonus item")
    DEDUCTION = "deduction", _("Deduction item")


# Items that receive points on a score sheet; a group's maximum is computed from its children.
SCORABLE_KINDS = (SchemeItemKind.CRITERION, SchemeItemKind.BONUS, SchemeItemKind.DEDUCTION)

# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------


class Stage(models.TextChoices):
    SELF = "self", _("Self-score")
    VERIFICATION = "verification", _("Verification")
    COUNCIL = "council", _("Council office adjustment")
    APPROVED = "approved", _("Approved at the meeting")


# Document order of the stages; the final score is the latest existing stage's.
STAGE_ORDER = (Stage.SELF, Stage.VERIFICATION, Stage.COUNCIL, Stage.APPROVED)


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


class SheetAction(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RETURN = "return", _("Return with comments")
    ACCEPT = "accept", _("Accept")


# action → (states it may start from, state it leads to). Services, permissions and buttons read this.
SHEET_TRANSITIONS = {
    SheetAction.SUBMIT: ((SheetStatus.DRAFT, SheetStatus.RETURNED), SheetStatus.SUBMITTED),
    SheetAction.RETURN: ((SheetStatus.SUBMITTED,), SheetStatus.RETURNED),
    SheetAction.ACCEPT: ((SheetStatus.SUBMITTED,), SheetStatus.ACCEPTED),
}

# Lines can be edited only while the sheet is with its editors.
EDITABLE_STATUSES = (SheetStatus.DRAFT, SheetStatus.RETURNED)


class VerifierMode(models.TextChoices):
    LEADERSHIP = "leadership", _("The head unit and deputy units")
    PEERS = "peers", _("Peer units (cross-scoring)")


# --- end of score sheets ----------------------------------------------------------


# The kind of the issued score summary (core.models.IssuedDocument), the same as its PDF renderer's kind.
SUMMARY_KIND = "scoring.summary"
