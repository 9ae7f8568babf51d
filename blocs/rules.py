"""Who may do what with blocs and units. Every predicate reads role facts from the database.

Why not ``rules_permissions`` in each model's Meta: the models would import these predicates, and the
predicates read roles and leadership through ``blocs.selectors`` (and the lifecycle machine through
``blocs.transitions``), which import the models: models → rules → selectors → models, a cycle no
layering here breaks without moving role reads into the models module. And half of these
permissions are not ``<app>.<verb>_<model>`` on their own model (``blocs.manage_membership``,
``blocs.change_blocrule`` and every move are checked on the bloc-year), so Meta could hold only part
of them: they stay together here, one place to read.
"""

import rules

from blocs.enums import BlocYearStatus, Mover
from blocs.selectors import leadership_of, roles_of
from blocs.transitions import LIFECYCLE, asks_permission, mover_of


@rules.predicate
def is_admin(user) -> bool:
    return roles_of(user).is_admin


@rules.predicate
def is_council_office_of_province(user, obj) -> bool:
    return _province_id(obj) in roles_of(user).office_province_ids


@rules.predicate
def sits_in_council_of_province(user, obj) -> bool:
    return _province_id(obj) in roles_of(user).council_province_ids


@rules.predicate
def acts_for_member_unit(user, obj) -> bool:
    """The user acts for a unit that belongs (or belonged) to the bloc in any year."""
    unit_ids = roles_of(user).unit_ids
    bloc = _bloc(obj)
    return bool(unit_ids) and bloc.years.filter(memberships__unit_id__in=unit_ids).exists()


@rules.predicate
def is_secretariat(user, bloc_year) -> bool:
    """An officer of the unit that heads the bloc in that year."""
    head = leadership_of(bloc_year).head_unit_id
    return head is not None and head in roles_of(user).officer_unit_ids


@rules.predicate
def is_verifier(user, bloc_year) -> bool:
    """An officer of the head unit or of a deputy unit that year: they help verify scores."""
    leadership = leadership_of(bloc_year)
    units = {leadership.head_unit_id, *leadership.deputy_unit_ids} - {None}
    return bool(units & roles_of(user).officer_unit_ids)


@rules.predicate
def is_member_of_year(user, obj) -> bool:
    """The user acts for a unit that is (or was, before leaving) a member of the bloc in that year.

    ``obj`` is the bloc-year or an object of it (anything with ``bloc_year``); another year of the
    same bloc does not count.
    """
    bloc_year = getattr(obj, "bloc_year", obj)
    unit_ids = roles_of(user).unit_ids
    return bool(unit_ids) and bloc_year.memberships.filter(unit_id__in=unit_ids).exists()


@rules.predicate
def is_open_year(user, bloc_year) -> bool:
    """A closed year is history: nobody changes it through the app."""
    return bloc_year.status != BlocYearStatus.CLOSED


@rules.predicate
def is_active_bloc(user, bloc) -> bool:
    return bloc.dissolved_on is None


@rules.predicate
def acts_for_unit(user, unit) -> bool:
    return unit.pk in roles_of(user).unit_ids


@rules.predicate
def shares_bloc_with_unit(user, unit) -> bool:
    unit_ids = roles_of(user).unit_ids
    if not unit_ids:
        return False
    return unit.memberships.filter(bloc_year__bloc__years__memberships__unit_id__in=unit_ids).exists()


def _province_id(obj) -> int:
    if hasattr(obj, "province_id"):
        return obj.province_id
    return _bloc(obj).province_id


def _bloc(obj):
    return obj if hasattr(obj, "years") else obj.bloc


sees_province_data = is_admin | sits_in_council_of_province
manages_province = is_admin | is_council_office_of_province

rules.add_perm("blocs.view_bloc", sees_province_data | acts_for_member_unit)
rules.add_perm("blocs.add_blocyear", is_active_bloc & manages_province)
rules.add_perm("blocs.view_blocyear", sees_province_data | acts_for_member_unit)
rules.add_perm("blocs.change_blocyear", is_open_year & (manages_province | is_secretariat))
rules.add_perm("blocs.change_blocrule", is_open_year & (manages_province | is_secretariat))
rules.add_perm("blocs.manage_membership", is_open_year & manages_province)
rules.add_perm("blocs.view_unit", sees_province_data | acts_for_unit | shares_bloc_with_unit)
rules.add_perm("blocs.change_unit", manages_province | acts_for_unit)
rules.add_perm("blocs.record_unit_change", manages_province)

# The lifecycle: each move's permission, read from the machine the service and the button read too:
# who makes the move, while the year's state allows it. Reopening a closed year (a correction) is
# the province's council office's (or the administrator's), like the award decision.
MOVERS = {Mover.SECRETARIAT: manages_province | is_secretariat, Mover.COUNCIL_OFFICE: manages_province}
for _action, _move in LIFECYCLE.moves.items():
    rules.add_perm(_move.permission, MOVERS[mover_of(_action)] & LIFECYCLE.may(_action))
    rules.add_perm(asks_permission(_action), is_open_year & MOVERS[mover_of(_action)])
