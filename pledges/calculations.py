"""Pure rules of the pledges app: no ORM, no side effects."""

import datetime

from pledges.enums import ReminderStage

# --- Reports, inspections, reminders -----------------------------------------


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


# Official documents are written in Vietnamese whatever the interface language (Decree 30/2020),
# so the document texts below are not translated.
SECTION_HEADINGS = {
    "results": "KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG GIAO ƯỚC THI ĐUA",
    "shortcomings": "TỒN TẠI, HẠN CHẾ",
    "causes": "NGUYÊN NHÂN",
    "lessons": "BÀI HỌC KINH NGHIỆM",
    "next_tasks": "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
    "proposals": "ĐỀ XUẤT, KIẾN NGHỊ",
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def report_summary(kind: str, year: int) -> str:
    """The summary line under "BÁO CÁO": sơ kết for the 6-month report, tổng kết for the annual one."""
    if kind == "six_month":
        return f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year}"
    return f"Tổng kết công tác thi đua, khen thưởng năm {year}"


def document_sections(
    sections: list[tuple[str, str]], subheadings: frozenset[str] = frozenset()
) -> list[tuple[str, list[tuple[str, bool]]]]:
    """(numbered heading, paragraphs) of each report section with text, for the PDF body.

    Each paragraph is (text, is_subheading): a line that is one of ``subheadings`` (the
    "Unit name:" lines of a compiled bloc report) is set as a sub-heading.
    """
    filled = [(name, text) for name, text in sections if text.strip()]
    return [
        (
            f"{ROMAN[index]}. {SECTION_HEADINGS[name]}",
            [(line.strip(), line.strip() in subheadings) for line in text.splitlines() if line.strip()],
        )
        for index, (name, text) in enumerate(filled)
    ]
