from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RENAMED = "renamed", _("Renamed")
    MERGED = "merged", _("Merged")
    DISSOLVED = "dissolved", _("Dissolved")


class SuccessionKind(models.TextChoices):
    """Administrative law tells the two mergers apart: sáp nhập (one unit joins an existing one, which carries on)
    and hợp nhất (several units end and together form a new one)."""

    RENAME = "rename", _("Replaced by a renamed unit")
    ABSORB = "absorb", _("Absorbed into an existing unit")
    CONSOLIDATE = "consolidate", _("Consolidated into a new unit")
    SPLIT = "split", _("Split into")


# What becomes of a predecessor when a succession of each kind takes effect.
STATUS_AFTER_SUCCESSION = {
    SuccessionKind.RENAME: UnitStatus.RENAMED,
    SuccessionKind.ABSORB: UnitStatus.MERGED,
    SuccessionKind.CONSOLIDATE: UnitStatus.MERGED,
    SuccessionKind.SPLIT: UnitStatus.DISSOLVED,
}


class ProvinceKind(models.TextChoices):
    PROVINCE = "tinh", _("Province (tỉnh)")
    CITY = "thanh_pho", _("Centrally-run city (thành phố)")


class BlocKind(models.TextChoices):
    BLOC = "khoi", _("Emulation bloc (khối)")
    CLUSTER = "cum", _("Emulation cluster (cụm)")


class BlocYearStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("bloc year", "Draft")
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


class BlocYearAction(models.TextChoices):
    """The moves of the bloc-year lifecycle (declared in ``blocs.transitions.LIFECYCLE``).

    Actions, not target statuses, name the moves: two of them lead to "decided" (the award decision,
    and reopening a closed year for a correction). Never shown: the page names a move by its target.
    """

    LAUNCH = "launch"
    SIGN_PLEDGE = "sign_pledge"
    START_WORK = "start_work"
    REVIEW_MID_YEAR = "review_mid_year"
    OPEN_SCORING = "open_scoring"
    MARK_READY = "mark_ready"
    MARK_REVIEWED = "mark_reviewed"
    PROPOSE = "propose"
    DECIDE = "decide"
    CLOSE = "close"
    REOPEN = "reopen"


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


class BallotVoters(models.TextChoices):
    """Who votes in the bloc's secret ballot (DOMAIN §7: one representative per member unit present, unless
    the bloc's rules let every member unit vote)."""

    PRESENT = "present", _("One representative per member unit present")
    ALL_MEMBERS = "all_members", _("Every current member unit, present or not")


class UnitRoleKind(models.TextChoices):
    OFFICER = "officer", _("Emulation officer")
    LEADER = "leader", _("Unit leader")


class CouncilRoleKind(models.TextChoices):
    OFFICE_OFFICER = "office_officer", _("Council office officer")
    MEMBER = "member", _("Council member")
    CHAIR = "chair", _("Council chair")
