from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RENAMED = "renamed", _("Renamed")
    MERGED = "merged", _("Merged")
    DISSOLVED = "dissolved", _("Dissolved")


class SuccessionKind(models.TextChoices):
    RENAME = "rename", _("Replaced by a renamed unit")
    MERGE = "merge", _("Merged into")
    SPLIT = "split", _("Split into")


# What becomes of a predecessor when a succession of each kind takes effect.
STATUS_AFTER_SUCCESSION = {
    SuccessionKind.RENAME: UnitStatus.RENAMED,
    SuccessionKind.MERGE: UnitStatus.MERGED,
    SuccessionKind.SPLIT: UnitStatus.DISSOLVED,
}


class ProvinceKind(models.TextChoices):
    PROVINCE = "tinh", _("Province (tỉnh)")
    CITY = "thanh_pho", _("Centrally-run city (thành phố)")


class BlocKind(models.TextChoices):
    BLOC = "khoi", _("Emulation bloc (khối)")
    CLUSTER = "cum", _("Emulation cluster (cụm)")


class BlocYearStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    PLEDGE_SIGNED = "pledge_signed", _("Pledge signed")
    IN_PROGRESS = "in_progress", _("In progress")
    MID_YEAR_REVIEWED = "mid_year_reviewed", _("Mid-year reviewed")
    SCORING = "scoring", _("Scoring")
    READY_FOR_REVIEW = "ready_for_review", _("Ready for review")
    REVIEWED = "reviewed", _("Reviewed")
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


class Mover(models.TextChoices):
    """Who may make a move of the bloc-year lifecycle (the council office and admins may make every move)."""

    SECRETARIAT = "secretariat", _("Bloc secretariat")
    COUNCIL_OFFICE = "council_office", _("Council office")


# The bloc-year lifecycle: each status and the one move out of it, with who makes it.
# Years only go forward; a year that needs rework is handled inside the step (returned reports, …).
BLOC_YEAR_MOVES = {
    BlocYearStatus.DRAFT: (BlocYearStatus.LAUNCHED, Mover.SECRETARIAT),
    BlocYearStatus.LAUNCHED: (BlocYearStatus.PLEDGE_SIGNED, Mover.SECRETARIAT),
    BlocYearStatus.PLEDGE_SIGNED: (BlocYearStatus.IN_PROGRESS, Mover.SECRETARIAT),
    BlocYearStatus.IN_PROGRESS: (BlocYearStatus.MID_YEAR_REVIEWED, Mover.SECRETARIAT),
    BlocYearStatus.MID_YEAR_REVIEWED: (BlocYearStatus.SCORING, Mover.SECRETARIAT),
    BlocYearStatus.SCORING: (BlocYearStatus.READY_FOR_REVIEW, Mover.SECRETARIAT),
    BlocYearStatus.READY_FOR_REVIEW: (BlocYearStatus.REVIEWED, Mover.SECRETARIAT),
    BlocYearStatus.REVIEWED: (BlocYearStatus.PROPOSED, Mover.SECRETARIAT),
    BlocYearStatus.PROPOSED: (BlocYearStatus.DECIDED, Mover.COUNCIL_OFFICE),
    BlocYearStatus.DECIDED: (BlocYearStatus.CLOSED, Mover.SECRETARIAT),
}
# A correction after closing: the council office (or the administrator) reopens a closed year, with a
# reason, to the status before "closed"; closing it again is the ordinary move out of that status.
REOPENED_STATUS = BlocYearStatus.DECIDED


class MemberRole(models.TextChoices):
    HEAD = "head", _("Bloc head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")


class VoteDenominator(models.TextChoices):
    ALL_MEMBERS = "all", _("All member units")
    PRESENT = "present", _("Member units present")


class UnitRoleKind(models.TextChoices):
    OFFICER = "officer", _("Emulation officer")
    LEADER = "leader", _("Unit leader")


class CouncilRoleKind(models.TextChoices):
    OFFICE_OFFICER = "office_officer", _("Council office officer")
    MEMBER = "member", _("Council member")
    CHAIR = "chair", _("Council chair")
