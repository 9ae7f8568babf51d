"""Compliance records are kept through the app's pages, which check who may and write the audit log;
the admin shows them read-only, for support questions."""

from django.contrib import admin

from awards.models import ComplianceRecord


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
