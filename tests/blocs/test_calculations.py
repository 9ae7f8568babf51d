import datetime

from hypothesis import given
from hypothesis import strategies as st

from blocs.calculations import default_deadlines, leadership_errors, shift_to_year

days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))


@given(day=days, years=st.integers(min_value=-5, max_value=10))
def test_shift_to_year_keeps_the_calendar_day_when_it_exists(day, years):
    shifted = shift_to_year(day, years)

    assert shifted.year == day.year + years
    assert shifted.month == day.month
    assert shifted.day == day.day or (day.month, day.day, shifted.day) == (2, 29, 28)


@given(year=st.integers(min_value=2000, max_value=2100))
def test_default_deadlines_fall_in_the_year_in_calendar_order(year):
    d = default_deadlines(year)

    assert {x.year for x in vars(d).values()} == {year}
    assert d.registration_deadline < d.six_month_report_deadline < d.annual_report_deadline < d.dossier_deadline


units = st.integers(min_value=1, max_value=12)


@given(head=st.none() | units, deputies=st.frozensets(units, max_size=4), members=st.frozensets(units, max_size=8))
def test_leadership_errors_empty_exactly_when_the_leadership_is_valid(head, deputies, members):
    valid = head is not None and bool(deputies) and head not in deputies and {head, *deputies} <= members

    assert (leadership_errors(head_id=head, deputy_ids=deputies, current_member_ids=members) == []) is valid
