from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model
from django.http import HttpRequest

from core.models import ActivityLog, SecurityEvent, User

# The admin classes are generic for the type checker only (subscripting them at runtime fails).
if TYPE_CHECKING:
    _UserAdmin = BaseUserAdmin[User]
    _ActivityLogAdmin = admin.ModelAdmin[ActivityLog]
    _SecurityEventAdmin = admin.ModelAdmin[SecurityEvent]
    _ReadOnly = admin.ModelAdmin[Model]
else:
    _UserAdmin = BaseUserAdmin
    _ActivityLogAdmin = _SecurityEventAdmin = _ReadOnly = admin.ModelAdmin


class ReadOnlyAdmin(_ReadOnly):
    """Rows the system writes: the admin shows them and changes nothing."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(_UserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [(None, {"fields": ["full_name"]}), *(BaseUserAdmin.fieldsets or ())]


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdmin, _ActivityLogAdmin):
    """Read-only: the log is append-only and hash-chained."""

    list_display = ["created", "actor", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]
    list_select_related = ["actor"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin, _SecurityEventAdmin):
    """Read-only: events are written by the system and removed only by the retention purge."""

    list_display = ["created", "kind", "username", "ip_address", "action", "object_repr", "reason"]
    list_filter = ["kind", "created"]
    search_fields = ["username", "action", "object_repr", "reason"]
    list_select_related = ["actor"]
    date_hierarchy = "created"
