"""Who may see and keep compliance records. Predicates read role facts only.

Permissions are registered here, not as ``rules_permissions`` in the model's Meta, for the reason
``blocs/rules.py`` gives (the predicates read roles through selectors that import the models).
Each predicate takes a unit or a compliance record of it.
"""

import rules

from awards.selectors import units_under_secretariat
from blocs.rules import manages_province, sees_province_data
from blocs.selectors import roles_of


def _unit(obj):
    return getattr(obj, "unit", obj)


@rules.predicate
def manages_province_of_unit(user, obj) -> bool:
    """The administrator, or the council office of the unit's province."""
    return manages_province(user, _unit(obj))


@rules.predicate
def sees_province_of_unit(user, obj) -> bool:
    """The administrator, or anyone in the council (office or member) of the unit's province."""
    return sees_province_data(user, _unit(obj))


@rules.predicate
def acts_for_the_unit(user, obj) -> bool:
    """The user acts (as officer or leader) for the unit itself."""
    return _unit(obj).pk in roles_of(user).unit_ids


@rules.predicate
def is_secretariat_of_unit(user, obj) -> bool:
    """An officer of the head unit of an open year of a bloc the unit is a current member of (not its own)."""
    return _unit(obj).pk in units_under_secretariat(user)


@rules.predicate
def is_unresolved(user, record) -> bool:
    return record.resolved_on is None


keeps_records = manages_province_of_unit | is_secretariat_of_unit
sees_records = sees_province_of_unit | acts_for_the_unit | is_secretariat_of_unit

# On a unit: its list of records, and recording a new one.
rules.add_perm("awards.view_compliancerecords", sees_records)
rules.add_perm("awards.add_compliancerecord", keeps_records)
# On a record.
rules.add_perm("awards.view_compliancerecord", sees_records)
rules.add_perm("awards.change_compliancerecord", keeps_records)
rules.add_perm("awards.resolve_compliancerecord", keeps_records & is_unresolved)
