"""Dashboard items of the pledge and registrations, per persona, with a query count that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear
from core.dashboard import sections_for
from pledges.dashboard import (
    commitments_council_office_sections,
    commitments_secretariat_sections,
    commitments_unit_sections,
)
from tests.factories import BlocYearFactory, MembershipFactory, UnitFactory
from tests.pledges.factories import RegistrationFactory

pytestmark = pytest.mark.usefixtures("english")
TODAY = datetime.date(2020, 3, 1)


def _texts(sections):
    return [item.text for section in sections for item in section.items]


def test_secretariat_dashboard_draft_year_asks_for_meeting_and_pledge(world, secretariat):
    texts = _texts(commitments_secretariat_sections(secretariat, today=TODAY))

    assert texts == ["Record the launch meeting.", "Write the pledge."]


def test_secretariat_dashboard_counts_unsigned_and_waiting_registrations(world, pledge, flag, secretariat):
    BlocYear.objects.filter(pk=world.bloc_year.pk).update(status=BlocYearStatus.LAUNCHED)
    pledge.signatures.create(unit=world.head, signer_name="A", signer_title="B", signed_on=TODAY, version_number=1)
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status="submitted")
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.deputy, title=flag, status="accepted")

    texts = _texts(commitments_secretariat_sections(secretariat, today=TODAY))

    assert texts == [
        "Record the launch meeting.",
        "2 member units have not signed the pledge yet.",
        "1 title registration waits for your decision.",
        "1 accepted registration is not yet forwarded to the council office.",
    ]


def test_unit_dashboard_asks_for_signature_and_shows_returned_registration(world, pledge, flag, unit_officer):
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status="returned")

    sections = commitments_unit_sections(unit_officer, today=TODAY)

    assert _texts(sections) == [
        f"Record the signature of Công an tỉnh on the pledge of {world.bloc_year}.",
        "The registration of Công an tỉnh for “Cờ thi đua của UBND tỉnh” was returned: Chưa nêu chỉ tiêu cụ thể.",
    ]


def test_unit_dashboard_nothing_to_do_shows_no_section(world, unit_officer):
    assert commitments_unit_sections(unit_officer, today=TODAY) == []


def test_council_office_dashboard_counts_forwarded_registrations(world, flag, council_officer, other_council_officer):
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status="forwarded")
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.head, title=flag, status="accepted")

    assert _texts(commitments_council_office_sections(council_officer, today=TODAY)) == [
        "1 title registration forwarded by the blocs of Hà Tĩnh (open years)."
    ]
    assert commitments_council_office_sections(other_council_officer, today=TODAY) == []
    BlocYear.objects.filter(pk=world.bloc_year.pk).update(status=BlocYearStatus.CLOSED)
    assert commitments_council_office_sections(council_officer, today=TODAY) == []


def _grow(world, flag, years: int, first: int):
    for index in range(years):
        bloc_year = BlocYearFactory(bloc=world.bloc, year=first + index)
        MembershipFactory(bloc_year=bloc_year, unit=world.head, role=MemberRole.HEAD)
        MembershipFactory(bloc_year=bloc_year, unit=world.member)
        RegistrationFactory(bloc_year=bloc_year, unit=world.member, title=flag, status="returned")
        RegistrationFactory(
            bloc_year=bloc_year, unit=UnitFactory(province=world.province), title=flag, status="submitted"
        )


@pytest.mark.parametrize("persona", ["secretariat", "unit_officer", "council_officer"])
def test_commitments_dashboard_query_count_does_not_grow(request, world, flag, persona):
    user = request.getfixturevalue(persona)
    counts = []
    for years, first in ((1, 2000), (5, 2001)):
        _grow(world, flag, years, first)
        user = type(user).objects.get(pk=user.pk)  # fresh role cache, as in a new request
        with CaptureQueriesContext(connection) as queries:
            for provider in (
                commitments_secretariat_sections,
                commitments_unit_sections,
                commitments_council_office_sections,
            ):
                provider(user, today=TODAY)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_dashboard_page_lists_the_commitments_section(world, secretariat):
    titles = [section.title for section in sections_for(secretariat, today=TODAY)]

    assert f"Pledge and registrations of {world.bloc_year}" in titles
