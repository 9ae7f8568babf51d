"""What member units still owe by a deadline of the bloc's rules, asked by the daily reminders.

The reminders (``pledges``) know their own items — registration, the 6-month and annual reports.
An item another app owns registers here, in that app's ``deadlines.py``, so that neither app
imports the other::

    @owed_by_deadline(ReminderItem.SELF_SCORING, deadline_field="self_scoring_deadline",
                      url_name="scoring:my_sheet")
    def units_done_self_scoring(bloc_year, member_ids) -> set[int]:
        ...the ids among ``member_ids`` that owe nothing for this item now
"""

from collections.abc import Callable
from dataclasses import dataclass

from blocs.models import BlocYear
from core.registry import Discovered

UnitsDone = Callable[[BlocYear, set[int]], set[int]]


@dataclass(frozen=True)
class OwedItem:
    item: str  # the reminder item's code (pledges.enums.ReminderItem)
    deadline_field: str  # the BlocRule field holding its deadline
    url_name: str  # the page where the unit does it, reversed with the bloc-year's pk
    units_done: UnitsDone


_items: dict[str, OwedItem] = {}
_modules = Discovered("deadlines")


def owed_by_deadline(item: str, *, deadline_field: str, url_name: str) -> Callable[[UnitsDone], UnitsDone]:
    def register(func: UnitsDone) -> UnitsDone:
        _items[str(item)] = OwedItem(str(item), deadline_field, url_name, func)
        return func

    return register


def owed_items() -> list[OwedItem]:
    """Every item other apps registered, in registration order."""
    _modules.discover()
    return list(_items.values())
