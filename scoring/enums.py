"""Choices of the scoring app and the constants that belong to them (the machines are in transitions.py).

Shared by two areas: keep each area's part in its own section.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.enums import BlocYearStatus

# --- Schemes ------------------------------------------------------------------


class SchemeItemKind(models.TextChoices):
    GROUP = "group", _("Group of criteria")
    CRITERION = "criterion", _("Criterion")
    BONUS = "bonus", _("Bonus item")
    DEDUCTION = "deduction", _("Deduction item")


# Items that receive points on a score sheet; a group's maximum is computed from its children.
SCORABLE_KINDS = (SchemeItemKind.CRITERION, SchemeItemKind.BONUS, SchemeItemKind.DEDUCTION)

# From scoring on, the scheme is what units are scored against: it no longer changes, frozen or not yet.
SCORING_STARTED = (
    BlocYearStatus.SCORING,
    BlocYearStatus.READY_FOR_REVIEW,
    BlocYearStatus.REVIEWED,
    BlocYearStatus.PROPOSED,
    BlocYearStatus.DECIDED,
    BlocYearStatus.CLOSED,
)

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
    DRAFT = "draft", pgettext_lazy("score sheet", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


class SheetAction(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RETURN = "return", _("Return with comments")
    ACCEPT = "accept", _("Accept")


class VerifierMode(models.TextChoices):
    LEADERSHIP = "leadership", _("The head unit and deputy units")
    PEERS = "peers", _("Peer units (cross-scoring)")


# --- end of score sheets ----------------------------------------------------------


# The kind of the issued score summary (core.models.IssuedDocument), the same as its PDF renderer's kind.
SUMMARY_KIND = "scoring.summary"
