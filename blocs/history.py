"""What the blocs app's audit entries mean, for the history panels (see core.history)."""

from django.utils.translation import gettext_lazy as _

from blocs.models import BlocRule, BlocYear, Membership, Unit, UnitSuccession
from core.history import label_keys, register, register_each

# Keys that entries of the blocs, pledges and scoring apps share.
label_keys(
    unit=_("unit"),
    units=_("units"),
    effective_date=_("effective date"),
    legal_basis=_("legal basis"),
    memberships_ended=_("memberships ended"),
)
register(
    "blocs.bloc_year.created",
    _("Opened the year, copying the members and rules of the previous year"),
    model=BlocYear,
    refs={"members": Unit},
    labels={"copied_from": _("copied from the year"), "members": _("members")},
)
register_each(
    "blocs.bloc_year",
    {"updated": _("Edited the year's details"), "moved": _("Moved the year to the next stage")},
    model=BlocYear,
)
register(
    "blocs.bloc_year.reopened",
    _("Reopened the closed year for a correction"),
    model=BlocYear,
    labels={"reason": _("reason")},
)
register("blocs.bloc_rule.updated", _("Edited the bloc's rules for the year"), model=BlocRule)
register_each(
    "blocs.membership",
    {"added": _("Added a member unit"), "ended": _("Recorded a member unit leaving")},
    model=Membership,
    refs={"unit": Unit},
    labels={"reason": _("reason")},
    hidden={"unit_name"},
)
register(
    "blocs.leadership.set",
    _("Chose the head and deputy units"),
    refs={"head": Unit, "deputies": Unit},
    labels={"head": _("head unit"), "deputies": _("deputy units")},
)
register_each(
    "blocs.unit",
    {"updated": _("Edited the unit's details"), "renamed": _("Renamed the unit")},
    model=Unit,
)
register("blocs.unit.dissolved", _("Recorded the unit's dissolution"))
register(
    "blocs.unit.succeeded",
    _("Recorded the unit's successor units"),
    model=UnitSuccession,
    refs={"successors": Unit},
    labels={"successors": _("successor units")},
)
