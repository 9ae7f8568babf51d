import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blocs.enums import (
    BallotVoters,
    BlocKind,
    BlocYearStatus,
    CouncilRoleKind,
    MemberRole,
    ProvinceKind,
    SuccessionKind,
    UnitRoleKind,
    UnitStatus,
    VoteDenominator,
)


def _ends_after_start(prefix: str, start: str, end: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=f"{prefix}_{end}_after_{start}",
    )


class Province(models.Model):
    """A province or centrally-run city; provinces merge (1 July 2025: 63 became 34)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=ProvinceKind.choices, default=ProvinceKind.PROVINCE)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, related_name="successors", blank=True, verbose_name=_("predecessor provinces")
    )
    # DOMAIN §8: annual proposal dossiers reach the council office before 10/12 of the year [setting].
    proposal_deadline_day = models.PositiveSmallIntegerField(
        _("proposal deadline (day)"),
        default=10,
        help_text=_("Day of the month by which a bloc's annual proposal dossier is due, in the emulation year."),
    )
    proposal_deadline_month = models.PositiveSmallIntegerField(_("proposal deadline (month)"), default=12)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]
        constraints = [
            _ends_after_start("province", "valid_from", "valid_to"),
            models.CheckConstraint(
                condition=Q(proposal_deadline_day__gte=1, proposal_deadline_day__lte=31),
                name="province_proposal_deadline_day_range",
            ),
            models.CheckConstraint(
                condition=Q(proposal_deadline_month__gte=1, proposal_deadline_month__lte=12),
                name="province_proposal_deadline_month_range",
            ),
        ]

    def __str__(self):
        return self.name

    # Document words (Decree 30/2020): Vietnamese whatever the interface language.
    @property
    def kind_word(self) -> str:
        """ "tỉnh" or "thành phố", as a document names the province's bodies."""
        return "thành phố" if self.kind == ProvinceKind.CITY else "tỉnh"

    @property
    def people_committee(self) -> str:
        """The province's people's committee as a document header names it: "UBND TỈNH HÀ TĨNH"."""
        name = self.name
        if name.lower().startswith(self.kind_word):
            name = name[len(self.kind_word) :].strip()
        return f"UBND {self.kind_word} {name}".upper()

    @property
    def emulation_office_role(self) -> str:
        """The council's standing office named by its role, for a day no dated name covers."""
        return f"Cơ quan thường trực Hội đồng Thi đua - Khen thưởng {self.kind_word}"

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Council(models.Model):
    """The province's Emulation-Reward Council (Hội đồng Thi đua – Khen thưởng) and its standing office."""

    province = models.OneToOneField(Province, on_delete=models.PROTECT, related_name="council")
    name = models.CharField(_("name"), max_length=200)
    office_name = models.CharField(_("council office"), max_length=200)

    class Meta:
        verbose_name = _("emulation-reward council")
        verbose_name_plural = _("emulation-reward councils")

    def __str__(self):
        return self.name


class CouncilOfficeName(models.Model):
    """The name the council's standing office bore over a period, as documents print it on their date.

    The body changes, not only its name: Ban Thi đua - Khen thưởng tỉnh until mid-2025, then Sở Nội vụ
    through its Phòng Thi đua, khen thưởng (Bắc Ninh QĐ 86/2025 Art. 8.5).
    """

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="office_names", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=200)
    head_title = models.CharField(
        _("head's title"),
        max_length=200,
        blank=True,
        help_text=_("As a decision names the office's head, e.g. Giám đốc Sở Nội vụ."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("council office name")
        verbose_name_plural = _("council office names")
        ordering = ["province", F("valid_from").asc(nulls_first=True)]
        constraints = [
            _ends_after_start("councilofficename", "valid_from", "valid_to"),
            models.UniqueConstraint(
                fields=["province"], condition=Q(valid_to__isnull=True), name="councilofficename_one_current"
            ),
        ]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A government body (đơn vị). Its name is versioned in UnitName; ``name`` caches the current one."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="units", verbose_name=_("province"))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    abbreviation = models.CharField(
        _("document code"),
        max_length=20,
        blank=True,
        help_text=_("The issuer code after the type in the unit's document numbers, e.g. CAT in 05/BC-CAT."),
    )
    superior_body = models.CharField(
        _("superior body"),
        max_length=200,
        blank=True,
        help_text=_("Printed above the unit in its documents' header, e.g. UBND TỈNH HÀ TĨNH or BỘ CÔNG AN."),
    )
    leader_name = models.CharField(_("leader's name"), max_length=150, blank=True)
    leader_title = models.CharField(_("leader's title"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.ACTIVE)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            _ends_after_start("unit", "valid_from", "valid_to"),
            models.CheckConstraint(
                condition=Q(status=UnitStatus.ACTIVE, valid_to__isnull=True)
                | (~Q(status=UnitStatus.ACTIVE) & Q(valid_to__isnull=False)),
                name="unit_ended_iff_not_active",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == UnitStatus.ACTIVE


class UnitName(models.Model):
    """A name a unit carried over a period; history stays readable under the old names."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="names", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("unit name")
        verbose_name_plural = _("unit names")
        ordering = ["unit", F("valid_from").asc(nulls_first=True)]
        constraints = [
            _ends_after_start("unitname", "valid_from", "valid_to"),
            models.UniqueConstraint(fields=["unit"], condition=Q(valid_to__isnull=True), name="unitname_one_current"),
        ]

    def __str__(self):
        return self.name


class UnitSuccession(models.Model):
    """A legal link from a unit that ended to the unit that carries on its work."""

    predecessor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="successions_out", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="successions_in", verbose_name=_("successor")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        ordering = ["effective_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unitsuccession_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="unitsuccession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Bloc(models.Model):
    """An emulation bloc (by function) or cluster (by territory) of a province."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="blocs", verbose_name=_("province"))
    kind = models.CharField(_("kind"), max_length=10, choices=BlocKind.choices, default=BlocKind.BLOC)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    founding_decision = models.CharField(_("founding decision"), max_length=300, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("bloc")
        verbose_name_plural = _("blocs")
        ordering = ["province__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="bloc_unique_name_per_province"),
            _ends_after_start("bloc", "founded_on", "dissolved_on"),
        ]

    def __str__(self):
        return self.name

    @property
    def abbreviation(self) -> str:
        """The bloc's issuer code in document numbers: KTĐ for a bloc, CTĐ for a cluster."""
        return "CTĐ" if self.kind == BlocKind.CLUSTER else "KTĐ"

    @property
    def kind_word(self) -> str:
        """ "KHỐI" or "CỤM", as a signature block names the bloc."""
        return "CỤM" if self.kind == BlocKind.CLUSTER else "KHỐI"


class BlocYear(models.Model):
    """One emulation year (năm thi đua) of a bloc: the container of that year's work."""

    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="years", verbose_name=_("bloc"))
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    slogan = models.CharField(_("slogan"), max_length=300, blank=True)
    plan_number = models.CharField(_("plan number"), max_length=60, blank=True)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BlocYearStatus.choices, default=BlocYearStatus.DRAFT)

    class Meta:
        verbose_name = _("bloc year")
        verbose_name_plural = _("bloc years")
        ordering = ["bloc", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year"], name="blocyear_unique_year"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="blocyear_year_range"),
        ]

    def __str__(self):
        return f"{self.bloc} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("blocs:bloc_detail", args=[self.bloc_id]) + f"?year={self.year}"


class Membership(models.Model):
    """A unit's membership of a bloc in one year, with its role that year."""

    bloc_year = models.ForeignKey(
        BlocYear, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bloc year")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)
    # Not a column: the unit's name in that year, set by blocs.selectors.bloc_years_with_members.
    unit_name: str

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["bloc_year", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "unit"], name="membership_unique_unit_per_year"),
            models.UniqueConstraint(
                fields=["bloc_year"], condition=Q(role=MemberRole.HEAD), name="membership_one_head_per_year"
            ),
            _ends_after_start("membership", "joined_on", "left_on"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | ~Q(left_reason=""), name="membership_leaving_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(role=MemberRole.MEMBER), name="membership_leaver_is_member"
            ),
        ]

    def __str__(self):
        return f"{self.unit} @ {self.bloc_year}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class BlocRule(models.Model):
    """The bloc's operating rules (quy chế hoạt động) for one year: the settings the law leaves open."""

    bloc_year = models.OneToOneField(BlocYear, on_delete=models.CASCADE, related_name="rule")
    flag_quota = models.PositiveSmallIntegerField(_("flag quota"), default=1)
    vote_threshold_percent = models.DecimalField(_("vote threshold (%)"), max_digits=5, decimal_places=2, default=50)
    vote_threshold_strict = models.BooleanField(
        _("strictly more than the threshold"),
        default=True,
        help_text=_("On: a candidate needs more than the threshold. Off: at least the threshold."),
    )
    vote_denominator = models.CharField(
        _("vote counted against"), max_length=10, choices=VoteDenominator.choices, default=VoteDenominator.ALL_MEMBERS
    )
    ballot_voters = models.CharField(
        _("who votes"), max_length=20, choices=BallotVoters.choices, default=BallotVoters.PRESENT
    )
    highest_score_first = models.BooleanField(
        _("highest score first"),
        default=True,
        help_text=_("Only the top-ranked unit may go to the ballot for the flag."),
    )
    registration_deadline = models.DateField(_("title registration deadline"))
    six_month_report_deadline = models.DateField(_("6-month report deadline"))
    annual_report_deadline = models.DateField(_("annual report deadline"))
    self_scoring_deadline = models.DateField(_("self-scoring deadline"))
    dossier_deadline = models.DateField(_("proposal dossier deadline"))

    class Meta:
        verbose_name = _("bloc rules")
        verbose_name_plural = _("bloc rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_threshold_percent__gt=0, vote_threshold_percent__lte=100),
                name="blocrule_threshold_range",
            ),
            # Votes of absent units cannot be counted against those present only.
            models.CheckConstraint(
                condition=~Q(ballot_voters=BallotVoters.ALL_MEMBERS, vote_denominator=VoteDenominator.PRESENT),
                name="blocrule_all_voters_count_all",
            ),
        ]

    def __str__(self):
        return f"{self.bloc_year}"


class UnitRole(models.Model):
    """A person acts for a unit: as its emulation officer or as its leader."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_roles", verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="roles", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=UnitRoleKind.choices, default=UnitRoleKind.OFFICER)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit role")
        verbose_name_plural = _("unit roles")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unitrole_unique")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class CouncilRole(models.Model):
    """A person works in a province's council office, or sits on its council."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_roles", verbose_name=_("user")
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="council_roles", verbose_name=_("province")
    )
    role = models.CharField(_("role"), max_length=20, choices=CouncilRoleKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("council role")
        verbose_name_plural = _("council roles")
        constraints = [models.UniqueConstraint(fields=["user", "province", "role"], name="councilrole_unique")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.province}"
