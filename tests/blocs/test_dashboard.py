"""The dashboard shows each persona what needs them now, and says so in words when nothing does."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from blocs.enums import BlocYearStatus, MemberRole, UnitStatus
from blocs.models import Membership
from tests.factories import BlocFactory, MembershipFactory


def _dashboard(client, user, day=datetime.date(2020, 3, 20)):
    client.force_login(user)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC), tick=False):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.context["sections"], response.content.decode()


def test_dashboard_secretariat_sees_upcoming_deadline_of_the_year_it_leads(client, world, secretariat):
    sections, _html = _dashboard(client, secretariat)

    led = next(s for s in sections if str(world.bloc_year) in s.title and any(i.due for i in s.items))
    deadline = next(i for i in led.items if i.due == datetime.date(2020, 3, 31))
    assert deadline.days_left == 11
    assert deadline.url.endswith(f"?year={world.bloc_year.year}")


def test_dashboard_secretariat_missing_deputy_is_flagged(client, world, secretariat):
    Membership.objects.filter(bloc_year=world.bloc_year, role=MemberRole.DEPUTY).update(role=MemberRole.MEMBER)

    sections, _ = _dashboard(client, secretariat)

    assert any(item.level == "warning" and not item.due for s in sections for item in s.items)


def test_dashboard_unit_officer_sees_deadlines_and_links_to_its_blocs(client, world, unit_officer):
    sections, _html = _dashboard(client, unit_officer)

    (mine,) = sections
    assert [item.due for item in mine.items] == [datetime.date(2020, 3, 31)]
    assert mine.links == [(str(world.bloc_year), f"/blocs/{world.bloc.pk}/?year=2020")]


def test_dashboard_unit_officer_nothing_due_explains_in_words(client, world, unit_officer):
    sections, html = _dashboard(client, unit_officer, day=datetime.date(2020, 9, 1))

    assert sections[0].items == []
    assert 'data-testid="empty-state"' in html
    assert sections[0].empty_message in html


def test_dashboard_council_officer_sees_blocs_without_current_year_and_ended_members(client, world, council_officer):
    BlocFactory(province=world.province, name="Khối Văn hóa - Xã hội")
    world.member.status, world.member.valid_to = UnitStatus.MERGED, datetime.date(2020, 2, 29)
    world.member.save()

    sections, _ = _dashboard(client, council_officer)

    texts = [item.text for s in sections for item in s.items]
    assert any("Khối Văn hóa - Xã hội" in t for t in texts)
    assert any(world.member.name in t for t in texts)


def test_dashboard_council_officer_all_in_order_shows_empty_message(client, world, council_officer):
    MembershipFactory(bloc_year=world.other_bloc_year, role=MemberRole.DEPUTY)

    sections, html = _dashboard(client, council_officer)

    (province_section,) = sections
    assert province_section.items == []
    assert province_section.empty_message in html


def test_dashboard_council_member_sees_proposed_bloc_years(client, world, council_member):
    world.bloc_year.status = BlocYearStatus.PROPOSED
    world.bloc_year.save()

    sections, _ = _dashboard(client, council_member)

    assert [str(world.bloc_year) in item.text for s in sections for item in s.items] == [True]


def test_dashboard_admin_sees_provinces_without_council_office(client, world, admin_user, council_officer):
    sections, _ = _dashboard(client, admin_user)

    texts = [item.text for s in sections for item in s.items]
    assert any(world.other_province.name in t for t in texts)
    assert not any(world.province.name in t for t in texts)


def test_dashboard_user_without_role_is_told_why_it_is_empty(client, outsider):
    sections, html = _dashboard(client, outsider)

    assert sections == []
    assert 'data-testid="no-role"' in html


@pytest.mark.parametrize("persona", ["secretariat", "unit_officer", "council_officer", "council_member", "admin_user"])
def test_dashboard_query_count_is_bounded(client, request, world, persona, django_assert_max_num_queries):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    # A few queries per app's provider, none per row (pledges and scoring test theirs against growing data).
    with django_assert_max_num_queries(25):
        client.get(reverse("dashboard"))
