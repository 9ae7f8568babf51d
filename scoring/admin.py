"""Read-only views for system administrators. Changes go through the app's own pages,
which call the services and write the audit log.

Shared by two areas: keep each area's part in its own section.
"""

from django.contrib import admin

from scoring.models import Scheme, SchemeItem, ScoreLine, ScoreSheet, ScoringSetting

# --- Schemes ------------------------------------------------------------------


class ReadOnly:
    """Nothing is added, changed or deleted here: the app's services do it, with their audit entries."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class SchemeItemInline(ReadOnly, admin.TabularInline):
    model = SchemeItem
    fields = ["code", "kind", "text", "max_points", "step", "deduction_fixed", "evidence_required"]
    ordering = ["sort_key"]
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ["title", "bloc_year", "bonus_cap", "frozen_at"]
    list_select_related = ["bloc_year__bloc"]
    search_fields = ["title", "bloc_year__bloc__name"]
    inlines = [SchemeItemInline]


# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------


class ScoreLineInline(ReadOnly, admin.TabularInline):
    model = ScoreLine
    fields = ("item", "points", "base_points", "note", "reason", "version", "updated_by", "updated_at")
    readonly_fields = fields
    extra = 0


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ["unit", "bloc_year", "stage", "status", "total", "is_late", "locked_at"]
    list_filter = ["stage", "status", "is_late"]
    list_select_related = ["unit", "bloc_year__bloc"]
    search_fields = ["unit__name", "bloc_year__bloc__name"]
    inlines = [ScoreLineInline]


@admin.register(ScoringSetting)
class ScoringSettingAdmin(ReadOnlyAdmin):
    list_display = ["bloc_year", "verifier_mode", "uses_council_stage", "scores_released"]
    list_select_related = ["bloc_year__bloc"]


# --- end of score sheets ----------------------------------------------------------
