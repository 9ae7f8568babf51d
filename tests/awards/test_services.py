import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from awards.enums import ComplianceKind
from awards.models import ComplianceRecord
from awards.services import record_compliance_record, resolve_compliance_record, update_compliance_record
from core.exceptions import DomainError
from core.models import ActivityLog
from tests.awards.factories import ComplianceRecordFactory

D = datetime.date
pytestmark = pytest.mark.usefixtures("english")
TODAY = datetime.datetime(2021, 1, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_record_compliance_record_valid_saves_and_audits(world, council_officer):
    record = record_compliance_record(
        world.member,
        actor=council_officer,
        kind=ComplianceKind.DISCIPLINE,
        started_on=D(2020, 4, 2),
        reference="QĐ số 12/QĐ-UBND",
        note="Xem xét kỷ luật",
    )

    record.refresh_from_db()
    assert (record.unit, record.kind, record.started_on, record.resolved_on) == (
        world.member,
        ComplianceKind.DISCIPLINE,
        D(2020, 4, 2),
        None,
    )
    assert record.recorded_by == council_officer
    entry = ActivityLog.objects.get(action="awards.compliance_record.recorded")
    assert (entry.object_id, entry.actor) == (record.pk, council_officer)
    assert entry.data["started_on"] == "2020-04-02" and entry.data["unit"] == world.member.pk


def test_record_compliance_record_already_resolved_keeps_resolution(world, council_officer):
    record = record_compliance_record(
        world.member,
        actor=council_officer,
        kind=ComplianceKind.COMPLAINT,
        started_on=D(2019, 2, 1),
        resolved_on=D(2019, 5, 1),
    )

    assert ComplianceRecord.objects.get(pk=record.pk).resolved_on == D(2019, 5, 1)


@pytest.mark.parametrize(
    ("started_on", "resolved_on", "message"),
    [
        (D(2021, 1, 11), None, "The start date cannot be in the future."),
        (D(2020, 1, 1), D(2021, 1, 11), "The resolution date cannot be in the future."),
        (D(2020, 5, 2), D(2020, 5, 1), "The record cannot be resolved before it started (02/05/2020)."),
    ],
)
def test_record_compliance_record_bad_dates_refused_nothing_saved(
    world, council_officer, started_on, resolved_on, message
):
    with pytest.raises(DomainError) as refused:
        record_compliance_record(
            world.member,
            actor=council_officer,
            kind=ComplianceKind.INVESTIGATION,
            started_on=started_on,
            resolved_on=resolved_on,
        )

    assert str(refused.value) == message
    assert not ComplianceRecord.objects.exists() and not ActivityLog.objects.exists()


def test_update_compliance_record_changes_audits_the_difference(world, secretariat):
    record = ComplianceRecordFactory(unit=world.member)

    update_compliance_record(
        record, actor=secretariat, kind=ComplianceKind.INSPECTION, started_on=record.started_on, reference="KL 5"
    )

    record.refresh_from_db()
    assert (record.kind, record.reference) == (ComplianceKind.INSPECTION, "KL 5")
    entry = ActivityLog.objects.get(action="awards.compliance_record.updated")
    assert entry.data == {
        "before": {"kind": "investigation", "reference": "QĐ số 12/QĐ-UBND"},
        "after": {"kind": "inspection", "reference": "KL 5"},
    }


def test_update_compliance_record_start_after_resolution_refused_unchanged(world, council_officer):
    record = ComplianceRecordFactory(unit=world.member, resolved_on=D(2020, 6, 1))

    with pytest.raises(DomainError, match="before it started"):
        update_compliance_record(record, actor=council_officer, started_on=D(2020, 7, 1))

    assert ComplianceRecord.objects.get(pk=record.pk).started_on == D(2020, 3, 1)
    assert not ActivityLog.objects.exists()


def test_resolve_compliance_record_open_sets_date_and_audits(world, council_officer):
    record = ComplianceRecordFactory(unit=world.member)

    resolve_compliance_record(record, actor=council_officer, resolved_on=D(2020, 9, 1))

    assert ComplianceRecord.objects.get(pk=record.pk).resolved_on == D(2020, 9, 1)
    entry = ActivityLog.objects.get(action="awards.compliance_record.resolved")
    assert (entry.object_id, entry.data) == (record.pk, {"resolved_on": "2020-09-01"})


def test_resolve_compliance_record_same_date_again_no_op(world, council_officer):
    record = ComplianceRecordFactory(unit=world.member, resolved_on=D(2020, 9, 1))

    resolve_compliance_record(record, actor=council_officer, resolved_on=D(2020, 9, 1))

    assert not ActivityLog.objects.exists()


def test_resolve_compliance_record_other_date_refused_unchanged(world, council_officer):
    record = ComplianceRecordFactory(unit=world.member, resolved_on=D(2020, 9, 1))

    with pytest.raises(DomainError, match=r"already resolved on 01/09/2020"):
        resolve_compliance_record(record, actor=council_officer, resolved_on=D(2020, 10, 1))

    assert ComplianceRecord.objects.get(pk=record.pk).resolved_on == D(2020, 9, 1)
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize(
    ("resolved_on", "message"),
    [(D(2020, 2, 1), "before it started"), (D(2021, 2, 1), "cannot be in the future")],
)
def test_resolve_compliance_record_bad_date_refused_still_open(world, council_officer, resolved_on, message):
    record = ComplianceRecordFactory(unit=world.member)

    with pytest.raises(DomainError, match=message):
        resolve_compliance_record(record, actor=council_officer, resolved_on=resolved_on)

    assert ComplianceRecord.objects.get(pk=record.pk).resolved_on is None


def test_compliance_record_constraint_resolution_before_start_rejected_by_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ComplianceRecordFactory(unit=world.member, started_on=D(2020, 5, 1), resolved_on=D(2020, 4, 1))
