"""Pure rules of the pledges app: no ORM, no side effects."""

import datetime

from pledges.enums import ReminderStage

# --- Reports, inspections, reminders (P-B) -----------------------------------


def days_late(due: datetime.date, submitted: datetime.date | None, today: datetime.date) -> int:
    """Days past ``due`` at submission (or today while not submitted); 0 when on time."""
    return max(0, ((submitted or today) - due).days)


def compile_sections(unit_sections: list[tuple[str, dict[str, str]]], names: list[str]) -> dict[str, str]:
    """Each section of the bloc report gathers the units' text of that section under their names.

    ``unit_sections`` holds (unit name, {section: text}) in the order the units are listed;
    units with nothing in a section are left out of it.
    """
    compiled = {}
    for name in names:
        parts = [f"{unit}:\n{texts[name].strip()}" for unit, texts in unit_sections if texts.get(name, "").strip()]
        compiled[name] = "\n\n".join(parts)
    return compiled


def reminder_stage(due: datetime.date, today: datetime.date) -> ReminderStage | None:
    """Which reminder is due today for a deadline; windows, not single days, so a missed daily run catches up."""
    left = (due - today).days
    if left < 0:
        return ReminderStage.OVERDUE
    if left <= 1:
        return ReminderStage.DAY_BEFORE
    if left <= 7:
        return ReminderStage.WEEK_BEFORE
    return None


# --- end of reports, inspections, reminders (P-B) ----------------------------
