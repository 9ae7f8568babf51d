"""Pages about a year name each unit as it was named that year, not by today's name (DOMAIN §3)."""

import datetime

import pytest
from django.urls import reverse

from blocs.models import UnitName
from pledges.services import reports as report_services
from tests.pledges.factories import BlocReportFactory, PledgeFactory, RegistrationFactory

NEW = "Công an tỉnh (tên mới)"


def _rename(unit, new_name: str) -> None:
    UnitName.objects.filter(unit=unit).update(valid_to=datetime.date(2024, 12, 31))
    UnitName.objects.create(unit=unit, name=new_name, valid_from=datetime.date(2025, 1, 1))
    unit.name = new_name
    unit.save()


@pytest.fixture
def renamed_member(world):
    """Member M (Công an tỉnh in year Y = 2020) renamed from 2025 on."""
    _rename(world.member, NEW)
    return world.member


def test_registration_detail_renamed_unit_shows_name_of_the_year(client, world, flag, renamed_member, unit_officer):
    RegistrationFactory(bloc_year=world.other_bloc_year, unit=world.other_unit, title=flag)
    registration = RegistrationFactory(bloc_year=world.bloc_year, unit=renamed_member, title=flag)
    client.force_login(unit_officer)

    html = client.get(reverse("pledges:registration_detail", args=[registration.pk])).content.decode()

    assert "Công an tỉnh registers" in html or "Công an tỉnh đăng ký" in html
    assert NEW not in html


def test_commitments_register_button_renamed_unit_shows_name_of_the_year(client, world, renamed_member, unit_officer):
    PledgeFactory(bloc_year=world.bloc_year)
    client.force_login(unit_officer)

    html = client.get(reverse("pledges:commitments", args=[world.bloc_year.pk])).content.decode()

    assert 'data-testid="register"' in html
    assert NEW not in html


def test_pledge_sign_page_renamed_unit_shows_name_of_the_year(client, world, renamed_member, unit_officer):
    PledgeFactory(bloc_year=world.bloc_year)
    membership = world.bloc_year.memberships.get(unit=renamed_member)
    client.force_login(unit_officer)

    html = client.get(reverse("pledges:pledge_sign", args=[membership.pk])).content.decode()

    assert "Công an tỉnh" in html and NEW not in html


def test_bloc_report_detail_renamed_head_shows_issuer_name_of_the_year(client, world, secretariat):
    _rename(world.head, "Thanh tra tỉnh (tên mới)")
    BlocReportFactory(bloc_year=world.other_bloc_year, issuer_unit=world.other_unit)
    report = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head)
    client.force_login(secretariat)

    html = client.get(reverse("pledges:bloc_report_detail", args=[report.pk])).content.decode()

    assert ">Thanh tra tỉnh</dd>" in html and "(tên mới)" not in html


def test_inspection_finding_form_renamed_unit_is_offered_under_its_name_then(
    client, world, renamed_member, council_officer
):
    inspection = report_services.record_inspection(
        world.bloc_year, actor=council_officer, inspected_on=datetime.date(2020, 10, 1), team="Đoàn kiểm tra"
    )
    client.force_login(council_officer)

    html = client.get(reverse("pledges:inspection_finding", args=[inspection.pk])).content.decode()

    assert ">Công an tỉnh</option>" in html and NEW not in html
