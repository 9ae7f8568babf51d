"""The admin keeps the reference data of the pledges app; day-to-day work goes through the app's pages."""

from django.contrib import admin

from pledges.models import Reminder, Title

# --- Title catalogue ----------------------------------------------------------------


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "is_flag", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["level", "is_flag", "is_active"]
    search_fields = ["name"]


# --- Reminders sent -------------------------------------------------------------------


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: which reminder went to whom, for support questions ("I never got the e-mail")."""

    list_display = ["sent_at", "user", "unit", "item", "stage", "due_date"]
    list_filter = ["item", "stage"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    date_hierarchy = "sent_at"
    list_select_related = ["user", "unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
