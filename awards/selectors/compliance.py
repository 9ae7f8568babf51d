"""Reads of compliance records, and the chokepoint through which views reach one."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from awards.models import ComplianceRecord
from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import Membership, Unit
from blocs.selectors import roles_of
from core.models import User
from core.selectors import get_or_404

Viewer = User | AnonymousUser


def units_under_secretariat(user: Viewer) -> frozenset[int]:
    """Units the user keeps compliance records for as the bloc's secretariat, read once per request.

    The user is an officer of the unit heading a bloc in a year not yet closed; the units are that
    year's current members other than the user's own (a head unit does not clear its own record:
    it is usually the flag's first candidate).
    """
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return frozenset()
    cache = vars(user)
    if "_awards_secretariat_units" not in cache:
        cache["_awards_secretariat_units"] = _load_units_under_secretariat(officer_units)
    units: frozenset[int] = cache["_awards_secretariat_units"]
    return units


def _load_units_under_secretariat(officer_units: frozenset[int]) -> frozenset[int]:
    headed = Membership.objects.filter(role=MemberRole.HEAD, left_on__isnull=True, unit_id__in=officer_units)
    members = Membership.objects.filter(
        bloc_year__in=headed.exclude(bloc_year__status=BlocYearStatus.CLOSED).values("bloc_year"),
        left_on__isnull=True,
    ).exclude(unit_id__in=officer_units)
    return frozenset(members.values_list("unit_id", flat=True))


def visible_compliance_records(user: Viewer) -> QuerySet[ComplianceRecord]:
    """Records the user may see: every one for an admin, the province's for its council, the unit's
    own, and those of the units its secretariat keeps records for. Nobody outside the province."""
    roles = roles_of(user)
    if roles.is_admin:
        return ComplianceRecord.objects.all()
    return ComplianceRecord.objects.filter(
        Q(unit__province_id__in=roles.council_province_ids)
        | Q(unit_id__in=roles.unit_ids)
        | Q(unit_id__in=units_under_secretariat(user))
    )


def get_compliance_record_for_user(user: Viewer, pk: object) -> ComplianceRecord:
    """The compliance record, or 404 when it does not exist or the user may not see it."""
    return get_or_404(visible_compliance_records(user).select_related("unit__province"), pk)


def records_of_unit(unit: Unit) -> QuerySet[ComplianceRecord]:
    """The unit's compliance records, newest first, with the unit and who recorded each."""
    return unit.compliance_records.select_related("unit", "recorded_by").order_by("-started_on", "-id")
