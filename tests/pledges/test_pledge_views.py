"""The year's commitments page and the pledge form: contents, pre-filled amendment, query counts."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blocs.enums import MemberRole
from pledges.services import commitments as services
from tests.factories import MembershipFactory, UnitFactory
from tests.pledges.factories import RegistrationFactory

pytestmark = pytest.mark.usefixtures("english")


def _grow(world, pledge, flag, units: int):
    """``units`` more members, each with a theme, a signature and a registration."""
    for _ in range(units):
        unit = UnitFactory(province=world.province)
        MembershipFactory(bloc_year=world.bloc_year, unit=unit, role=MemberRole.MEMBER)
        version = pledge.versions.get()
        version.unit_themes.create(unit=unit, theme="Chủ đề riêng")
        pledge.signatures.create(
            unit=unit, signer_name="A", signer_title="B", signed_on=datetime.date(2020, 2, 27), version_number=1
        )
        RegistrationFactory(bloc_year=world.bloc_year, unit=unit, title=flag, status="submitted")


def _page_queries(client, world):
    url = reverse("pledges:commitments", args=[world.bloc_year.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("persona", ["secretariat", "unit_officer", "council_officer"])
def test_commitments_page_query_count_does_not_grow(client, request, world, pledge, flag, persona):
    client.force_login(request.getfixturevalue(persona))
    _grow(world, pledge, flag, 1)
    _page_queries(client, world)  # warm the per-process caches (content types)
    small, response = _page_queries(client, world)
    assert len(response.context["signatures"]) == 4

    _grow(world, pledge, flag, 6)
    large, response = _page_queries(client, world)

    assert len(response.context["signatures"]) == 10
    assert small == large


def test_commitments_page_shows_signature_and_the_button_for_the_own_unit_only(client, world, pledge, unit_officer):
    pledge.signatures.create(
        unit=world.head,
        signer_name="Bùi Thị Khánh",
        signer_title="Chánh Thanh tra",
        signed_on=datetime.date(2020, 2, 27),
        version_number=1,
    )
    client.force_login(unit_officer)

    page = client.get(reverse("pledges:commitments", args=[world.bloc_year.pk])).content.decode()

    assert "Chánh Thanh tra Bùi Thị Khánh" in page
    membership = world.bloc_year.memberships.get(unit=world.member)
    assert reverse("pledges:pledge_sign", args=[membership.pk]) in page
    other = world.bloc_year.memberships.get(unit=world.deputy)
    assert reverse("pledges:pledge_sign", args=[other.pk]) not in page
    assert 'data-testid="pledge-edit"' not in page


def test_pledge_edit_after_signature_is_prefilled_and_asks_for_the_change(client, world, pledge, secretariat):
    pledge.signatures.create(
        unit=world.head, signer_name="A", signer_title="B", signed_on=datetime.date(2020, 2, 27), version_number=1
    )
    client.force_login(secretariat)

    response = client.get(reverse("pledges:pledge_edit", args=[world.bloc_year.pk]))

    page = response.content.decode()
    assert 'data-testid="amending"' in page
    assert "Hoàn thành 100% chỉ tiêu" in page
    assert response.context["form"].fields["change_note"].required


def test_pledge_edit_before_signature_has_no_change_note(client, world, pledge, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("pledges:pledge_edit", args=[world.bloc_year.pk]))

    assert "change_note" not in response.context["form"].fields


def test_commitments_page_history_lists_versions(client, world, pledge, secretariat, unit_officer):
    services.record_pledge_signature(
        pledge,
        actor=unit_officer,
        unit=world.member,
        signer_name="A",
        signer_title="B",
        signed_on=datetime.date(2020, 3, 1),
    )
    services.save_pledge(
        world.bloc_year,
        actor=secretariat,
        theme="Chủ đề mới",
        clauses=[{"content": "Chỉ tiêu mới"}],
        unit_themes={},
        change_note="Sửa chủ đề",
    )
    client.force_login(unit_officer)

    page = client.get(reverse("pledges:commitments", args=[world.bloc_year.pk])).content.decode()

    assert 'data-testid="version-2"' in page and 'data-testid="version-1"' in page
    assert "signed version 1" in page


def test_commitments_page_flags_registrations_submitted_after_the_deadline(client, world, flag, secretariat):
    late = RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status="submitted")
    late.submitted_at = datetime.datetime(2020, 4, 3, 9, tzinfo=datetime.UTC)  # deadline 31/03/2020
    late.save(update_fields=["submitted_at"])
    on_time = RegistrationFactory(bloc_year=world.bloc_year, unit=world.head, title=flag, status="submitted")
    on_time.submitted_at = datetime.datetime(2020, 3, 30, 9, tzinfo=datetime.UTC)
    on_time.save(update_fields=["submitted_at"])
    client.force_login(secretariat)

    with time_machine.travel(datetime.datetime(2020, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        response = client.get(reverse("pledges:commitments", args=[world.bloc_year.pk]))

    lateness = {r.unit_id: r.days_late for r in response.context["registrations"]}
    assert lateness == {world.member.pk: 3, world.head.pk: 0}
    assert "3 days late" in response.content.decode()
