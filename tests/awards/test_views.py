import datetime

import pytest
from django.urls import reverse

from awards.enums import ComplianceKind
from awards.models import ComplianceRecord
from core.models import ActivityLog
from tests.awards.factories import ComplianceRecordFactory
from tests.factories import UserFactory
from tests.queries import page_queries

D = datetime.date
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def record(world):
    return ComplianceRecordFactory(unit=world.member)


def list_url(unit):
    return reverse("awards:compliance_list", args=[unit.pk])


def test_compliance_list_own_unit_shows_records_without_buttons(client, world, record, unit_officer):
    client.force_login(unit_officer)

    response = client.get(list_url(world.member))

    assert response.status_code == 200
    assert "QĐ số 12/QĐ-UBND" in response.text and "blocks today" in response.text
    assert reverse("awards:compliance_edit", args=[record.pk]) not in response.text


def test_compliance_list_council_officer_sees_edit_and_resolve(client, world, record, council_officer):
    client.force_login(council_officer)

    response = client.get(list_url(world.member))

    assert reverse("awards:compliance_edit", args=[record.pk]) in response.text
    assert reverse("awards:compliance_resolve", args=[record.pk]) in response.text


def test_compliance_list_fellow_member_forbidden(client, world, record, deputy_officer):
    client.force_login(deputy_officer)

    assert client.get(list_url(world.member)).status_code == 403


def test_compliance_list_other_province_not_found(client, world, record, other_council_officer):
    client.force_login(other_council_officer)

    assert client.get(list_url(world.member)).status_code == 404


def test_unit_detail_links_records_only_for_who_may_see_them(client, world, unit_officer, deputy_officer):
    url = reverse("blocs:unit_detail", args=[world.member.pk])
    client.force_login(unit_officer)
    assert list_url(world.member) in client.get(url).text

    client.force_login(deputy_officer)
    assert list_url(world.member) not in client.get(url).text


def add_url(unit):
    return reverse("awards:compliance_add", args=[unit.pk])


VALID = {"kind": ComplianceKind.COMPLAINT, "started_on": "05/03/2020", "reference": "Đơn số 3", "note": ""}


def test_compliance_add_secretariat_saves_and_redirects(client, world, secretariat):
    client.force_login(secretariat)

    response = client.post(add_url(world.member), VALID)

    assert response.status_code == 302 and response.url == list_url(world.member)
    saved = ComplianceRecord.objects.get()
    assert (saved.unit, saved.started_on, saved.recorded_by) == (world.member, D(2020, 3, 5), secretariat)
    assert ActivityLog.objects.filter(action="awards.compliance_record.recorded").count() == 1


def test_compliance_add_unit_officer_forbidden_nothing_saved(client, world, unit_officer):
    client.force_login(unit_officer)

    assert client.post(add_url(world.member), VALID).status_code == 403
    assert not ComplianceRecord.objects.exists()


def test_compliance_add_resolved_before_start_400_with_message(client, world, council_officer):
    client.force_login(council_officer)

    response = client.post(add_url(world.member), {**VALID, "resolved_on": "01/03/2020"})

    assert response.status_code == 400
    assert "The record cannot be resolved before it started." in response.text
    assert not ComplianceRecord.objects.exists()


def test_compliance_add_unparsable_date_400_nothing_saved(client, world, council_officer):
    client.force_login(council_officer)

    response = client.post(add_url(world.member), {**VALID, "started_on": "31/02/2020"})

    assert response.status_code == 400 and "Enter a valid date." in response.text
    assert not ComplianceRecord.objects.exists()


def edit_url(record):
    return reverse("awards:compliance_edit", args=[record.pk])


def test_compliance_edit_council_officer_saves(client, record, council_officer):
    client.force_login(council_officer)

    response = client.post(edit_url(record), {**VALID, "kind": ComplianceKind.INSPECTION, "started_on": "01/03/2020"})

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.kind, record.reference) == (ComplianceKind.INSPECTION, "Đơn số 3")


def test_compliance_edit_unit_leader_forbidden_unchanged(client, record, unit_leader):
    client.force_login(unit_leader)

    assert client.post(edit_url(record), VALID).status_code == 403
    assert ComplianceRecord.objects.get(pk=record.pk).kind == ComplianceKind.INVESTIGATION


def test_compliance_edit_invisible_record_not_found(client, record, other_unit_officer):
    client.force_login(other_unit_officer)

    assert client.get(edit_url(record)).status_code == 404


def test_compliance_edit_start_after_resolution_400_unchanged(client, world, council_officer):
    resolved = ComplianceRecordFactory(unit=world.member, resolved_on=D(2020, 6, 1))
    client.force_login(council_officer)

    response = client.post(edit_url(resolved), {**VALID, "started_on": "01/07/2020"})

    assert response.status_code == 400 and "cannot be resolved before it started" in response.text
    assert ComplianceRecord.objects.get(pk=resolved.pk).started_on == D(2020, 3, 1)


def resolve_url(record):
    return reverse("awards:compliance_resolve", args=[record.pk])


def test_compliance_resolve_secretariat_records_the_date(client, record, secretariat):
    client.force_login(secretariat)

    response = client.post(resolve_url(record), {"resolved_on": "15/08/2020"})

    assert response.status_code == 302
    assert ComplianceRecord.objects.get(pk=record.pk).resolved_on == D(2020, 8, 15)


def test_compliance_resolve_council_member_forbidden_still_open(client, record, council_member):
    client.force_login(council_member)

    assert client.post(resolve_url(record), {"resolved_on": "15/08/2020"}).status_code == 403
    assert ComplianceRecord.objects.get(pk=record.pk).resolved_on is None


def test_compliance_resolve_before_start_400_still_open(client, record, council_officer):
    client.force_login(council_officer)

    response = client.post(resolve_url(record), {"resolved_on": "01/01/2020"})

    assert response.status_code == 400 and "cannot be resolved before it started" in response.text
    assert ComplianceRecord.objects.get(pk=record.pk).resolved_on is None


def add_records(unit, count):
    for day in range(1, count + 1):
        ComplianceRecordFactory(unit=unit, started_on=D(2020, 1, day), recorded_by=UserFactory())


@pytest.mark.parametrize("persona_name", ["council_officer", "secretariat", "unit_officer"])
def test_compliance_list_query_count_does_not_grow(client, request, world, persona_name):
    user = request.getfixturevalue(persona_name)
    client.force_login(user)
    add_records(world.member, 1)
    small = page_queries(client, list_url(world.member))

    add_records(world.member, 6)

    assert page_queries(client, list_url(world.member)) == small
