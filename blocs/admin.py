"""Reference data for system administrators. Day-to-day changes go through the app's own pages,
which call the services and write the audit log."""

from django.contrib import admin

from blocs.enums import BlocYearStatus
from blocs.models import (
    Bloc,
    BlocRule,
    BlocYear,
    Council,
    CouncilOfficeName,
    CouncilRole,
    Membership,
    Province,
    Unit,
    UnitName,
    UnitRole,
    UnitSuccession,
)


class CouncilOfficeNameInline(admin.TabularInline):
    model = CouncilOfficeName
    extra = 0


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to"]
    search_fields = ["code", "name"]
    filter_horizontal = ["predecessors"]
    inlines = [CouncilOfficeNameInline]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "office_name"]


class UnitNameInline(admin.TabularInline):
    model = UnitName
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "province", "status", "valid_to"]
    list_filter = ["province", "status"]
    search_fields = ["name", "short_name", "names__name"]
    inlines = [UnitNameInline]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "kind", "successor", "effective_date", "legal_basis"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "founded_on"]
    list_filter = ["province", "kind"]
    search_fields = ["name"]


def _is_closed(bloc_year) -> bool:
    return bloc_year is not None and bloc_year.status == BlocYearStatus.CLOSED


class ClosedYearReadOnly:
    """A closed year is history for the administrator too: reopen it in the app (with a reason) to correct it."""

    def has_add_permission(self, request, obj=None):
        return not _is_closed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_closed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_closed(obj) and super().has_delete_permission(request, obj)


class MembershipInline(ClosedYearReadOnly, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


class BlocRuleInline(ClosedYearReadOnly, admin.StackedInline):
    model = BlocRule


@admin.register(BlocYear)
class BlocYearAdmin(admin.ModelAdmin):
    list_display = ["bloc", "year", "status"]
    list_filter = ["status", "year", "bloc__province"]
    list_select_related = ["bloc"]
    inlines = [BlocRuleInline, MembershipInline]
    # The status moves only along the lifecycle, through its services (guards, audit, reopen with a reason).
    readonly_fields = ["status"]

    def has_change_permission(self, request, obj=None):
        return not _is_closed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_closed(obj) and super().has_delete_permission(request, obj)


@admin.register(UnitRole)
class UnitRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]


@admin.register(CouncilRole)
class CouncilRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "province", "role", "is_active"]
    list_filter = ["role", "province", "is_active"]
    list_select_related = ["user", "province"]
    autocomplete_fields = ["user"]
