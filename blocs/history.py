"""What the blocs app's audit entries mean, for the history panels (see core.history)."""

from django.utils.translation import gettext_lazy as _

from blocs.models import BlocRule, BlocYear, Membership, Unit, UnitSuccession
from core.history import register

register(
    "blocs.bloc_year.created",
    _("Opened the year, copying the members and rules of the previous year"),
    model=BlocYear,
    refs={"members": Unit},
    labels={"copied_from": _("copied from the year"), "members": _("members")},
)
register("blocs.bloc_year.updated", _("Edited the year's details"), model=BlocYear)
register("blocs.bloc_year.moved", _("Moved the year to the next stage"), model=BlocYear)
register("blocs.bloc_rule.updated", _("Edited the bloc's rules for the year"), model=BlocRule)
register(
    "blocs.membership.added",
    _("Added a member unit"),
    model=Membership,
    refs={"unit": Unit},
    hidden={"unit_name"},
)
register(
    "blocs.membership.ended",
    _("Recorded a member unit leaving"),
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
register("blocs.unit.updated", _("Edited the unit's details"), model=Unit)
register(
    "blocs.unit.renamed",
    _("Renamed the unit"),
    model=Unit,
    labels={"effective_date": _("effective date"), "legal_basis": _("legal basis")},
)
register(
    "blocs.unit.succeeded",
    _("Recorded the unit's successor units"),
    model=UnitSuccession,
    refs={"successors": Unit},
    labels={"successors": _("successor units"), "memberships_ended": _("memberships ended")},
)
register(
    "blocs.unit.dissolved",
    _("Recorded the unit's dissolution"),
    labels={
        "effective_date": _("effective date"),
        "legal_basis": _("legal basis"),
        "memberships_ended": _("memberships ended"),
    },
)
