"""Pure report rules: lateness, bloc-report compilation, reminder stages, document texts."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from pledges.calculations import (
    compile_sections,
    days_late,
    document_sections,
    reminder_stage,
    report_summary,
)
from pledges.enums import ReminderStage

DAYS = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)


def test_days_late_on_time_is_zero():
    assert days_late(datetime.date(2020, 7, 15), datetime.date(2020, 7, 15), datetime.date(2020, 9, 1)) == 0


def test_days_late_counts_from_submission_not_today():
    assert days_late(datetime.date(2020, 7, 15), datetime.date(2020, 7, 19), datetime.date(2020, 9, 1)) == 4


def test_days_late_unsubmitted_counts_to_today():
    assert days_late(datetime.date(2020, 7, 15), None, datetime.date(2020, 7, 25)) == 10


@given(due=DAYS, submitted=DAYS, today=DAYS)
def test_days_late_is_never_negative_and_zero_iff_on_time(due, submitted, today):
    late = days_late(due, submitted, today)

    assert late >= 0
    assert (late == 0) == (submitted <= due)
    assert late == 0 or due + datetime.timedelta(days=late) == submitted


def test_compile_sections_gathers_text_under_unit_names_and_skips_blanks():
    units = [
        ("Thanh tra tỉnh", {"results": " Thanh tra 15 cuộc. ", "lessons": ""}),
        ("Công an tỉnh", {"results": "Bắt 120 đối tượng.", "lessons": "Đoàn kết."}),
    ]

    compiled = compile_sections(units, ["results", "lessons", "causes"])

    assert compiled == {
        "results": "Thanh tra tỉnh:\nThanh tra 15 cuộc.\n\nCông an tỉnh:\nBắt 120 đối tượng.",
        "lessons": "Công an tỉnh:\nĐoàn kết.",
        "causes": "",
    }


@given(units=st.lists(st.tuples(st.text(min_size=1, max_size=20), TEXT), max_size=6))
def test_compile_sections_keeps_every_unit_text_in_order(units):
    compiled = compile_sections([(name, {"results": text}) for name, text in units], ["results"])["results"]

    position = 0
    for name, text in units:
        if text.strip():
            found = compiled.find(f"{name}:\n{text.strip()}", position)
            assert found >= position
            position = found + 1
    assert (compiled == "") == all(not text.strip() for _, text in units)


def test_reminder_stage_windows():
    due = datetime.date(2020, 7, 15)

    stages = {offset: reminder_stage(due, due - datetime.timedelta(days=offset)) for offset in [9, 8, 7, 2, 1, 0, -1]}

    assert stages == {
        9: None,
        8: None,
        7: ReminderStage.WEEK_BEFORE,
        2: ReminderStage.WEEK_BEFORE,
        1: ReminderStage.DAY_BEFORE,
        0: ReminderStage.DAY_BEFORE,
        -1: ReminderStage.OVERDUE,
    }


@given(due=DAYS, today=DAYS)
def test_reminder_stage_overdue_exactly_after_the_due_date(due, today):
    assert (reminder_stage(due, today) == ReminderStage.OVERDUE) == (today > due)


def test_report_summary_six_month_and_annual():
    assert report_summary("six_month", 2020) == "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020"
    assert report_summary("annual", 2020) == "Tổng kết công tác thi đua, khen thưởng năm 2020"


def test_document_sections_numbers_only_filled_sections():
    sections = document_sections([("results", "Dòng một\n\nDòng hai"), ("shortcomings", " "), ("lessons", "Bài học")])

    assert sections == [
        ("I. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG GIAO ƯỚC THI ĐUA", [("Dòng một", False), ("Dòng hai", False)]),
        ("II. BÀI HỌC KINH NGHIỆM", [("Bài học", False)]),
    ]


def test_document_sections_unit_lines_become_subheadings():
    text = "Công an tỉnh:\nBắt 120 đối tượng.\nKết quả cụ thể:"

    sections = document_sections([("results", text)], frozenset({"Công an tỉnh:"}))

    assert sections[0][1] == [("Công an tỉnh:", True), ("Bắt 120 đối tượng.", False), ("Kết quả cụ thể:", False)]
