"""Compliance records are kept through the app's pages, which check who may and write the audit log;
the admin shows them read-only, for support questions. The legal catalogue (award types, legal
regimes, base salaries) is the administrator's to edit here: it changes when the law does."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.enums import DossierDocument
from awards.models import (
    AwardType,
    BaseSalary,
    CertificateLayout,
    ComplianceRecord,
    LayoutField,
    LegalRegime,
    PublicationSetting,
)


@admin.register(ComplianceRecord)
class ComplianceRecordAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "started_on", "resolved_on", "reference", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["unit__name", "reference"]
    date_hierarchy = "started_on"
    list_select_related = ["unit", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- The legal catalogue --------------------------------------------------------------------------


class AwardTypeForm(forms.ModelForm):
    required_documents = forms.MultipleChoiceField(
        label=AwardType._meta.get_field("required_documents").verbose_name,
        choices=DossierDocument.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = AwardType
        fields = [
            "title",
            "code",
            "criteria",
            "legal_basis",
            "decided_by",
            "council_vote_required",
            "vote_threshold",
            "multiplier_key",
            "required_documents",
            "note",
        ]


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    form = AwardTypeForm
    list_display = ["title", "code", "decided_by", "council_vote_required", "vote_threshold", "multiplier_key"]
    list_filter = ["decided_by", "council_vote_required"]
    list_select_related = ["title"]
    search_fields = ["title__name", "legal_basis"]


@admin.register(LegalRegime)
class LegalRegimeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "valid_from", "valid_to", "flag_threshold_percent", "fighter_threshold_percent"]
    fieldsets = [
        (None, {"fields": ["code", "name", "legal_basis", "valid_from", "valid_to", "note"]}),
        (
            _("Council"),
            {
                "fields": [
                    "flag_threshold_percent",
                    "fighter_threshold_percent",
                    ("quorum_numerator", "quorum_denominator"),
                    "attendance_percent",
                ]
            },
        ),
        (
            _("Award money"),
            {
                "fields": [
                    "money_rounding_vnd",
                    "multiplier_government_flag",
                    "multiplier_province_flag",
                    "multiplier_prime_minister_merit",
                    "multiplier_province_merit",
                    "multiplier_excellent_collective",
                    "multiplier_advanced_collective",
                    "multiplier_agency_merit",
                ]
            },
        ),
    ]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "amount", "legal_basis"]


class LayoutFieldInline(admin.TabularInline):
    model = LayoutField
    extra = 0


@admin.register(CertificateLayout)
class CertificateLayoutAdmin(admin.ModelAdmin):
    """Where each blank of the pre-printed certificate is; calibrated with the test print page."""

    list_display = ["award", "page_width_mm", "page_height_mm"]
    inlines = [LayoutFieldInline]


@admin.register(PublicationSetting)
class PublicationSettingAdmin(admin.ModelAdmin):
    list_display = ["province", "comment_days"]
