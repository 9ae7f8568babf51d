"""The admin keeps the reference data of the pledges app; day-to-day work goes through the app's pages."""

from django.contrib import admin

from pledges.models import Title

# --- Title catalogue (P-A) ----------------------------------------------------------


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "is_flag", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["level", "is_flag", "is_active"]
    search_fields = ["name"]


# --- end of title catalogue (P-A) ---------------------------------------------------
