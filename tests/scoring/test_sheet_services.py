"""Score sheet services: opening, saving lines with versions, every transition, lock, settings."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from core.exceptions import DomainError
from core.models import ActivityLog, Notice
from scoring.calculations import sheet_total
from scoring.enums import SheetAction, SheetStatus, Stage
from scoring.exceptions import LineConflict
from scoring.models import ScoreLine, ScoreSheet, ScoringSetting
from scoring.services import sheets as services
from scoring.transitions import SHEET
from tests.factories import UnitRoleFactory
from tests.scoring.conftest import FULL, approve_all, fill_sheet


def _line(sheet, code):
    return sheet.lines.select_related("item").get(item__code=code)


def _recomputed(sheet):
    pairs = ScoreLine.objects.filter(sheet=sheet).values_list("item__kind", "points")
    return sheet_total(pairs, bonus_cap=sheet.bloc_year.scheme.bonus_cap)


# --- Opening -------------------------------------------------------------------------


def test_open_self_scoring_new_year_creates_sheet_per_member_and_freezes_scheme(world, scheme, secretariat):
    sheets = services.open_self_scoring(world.bloc_year, actor=secretariat)

    assert {s.unit_id for s in sheets} == {world.head.pk, world.deputy.pk, world.member.pk}
    assert all(s.lines.count() == 4 and s.stage == Stage.SELF for s in sheets)
    scheme.refresh_from_db()
    assert scheme.is_frozen
    assert ScoringSetting.objects.filter(bloc_year=world.bloc_year).exists()
    assert ActivityLog.objects.filter(action="scoring.self_scoring.opened", actor=secretariat).count() == 1


def test_open_self_scoring_twice_creates_nothing_more(world, self_sheets, secretariat):
    again = services.open_self_scoring(world.bloc_year, actor=secretariat)

    assert again == []
    assert ScoreSheet.objects.filter(bloc_year=world.bloc_year).count() == 3
    assert ActivityLog.objects.filter(action="scoring.self_scoring.opened").count() == 1


def test_open_self_scoring_without_scheme_is_refused(world, secretariat):
    with pytest.raises(DomainError):
        services.open_self_scoring(world.bloc_year, actor=secretariat)

    assert not ScoreSheet.objects.exists()


# --- Lines --------------------------------------------------------------------------------


def test_save_line_valid_points_saves_bumps_version_updates_total_and_audits(member_sheet, unit_officer):
    line = _line(member_sheet, "I.2")

    saved = services.save_line(line, actor=unit_officer, version=1, points=Decimal("17.5"), note="Đạt")

    line.refresh_from_db()
    member_sheet.refresh_from_db()
    assert (line.points, line.note, line.version, line.updated_by) == (Decimal("17.5"), "Đạt", 2, unit_officer)
    assert saved.version == 2
    assert member_sheet.total == Decimal("17.5")
    entry = ActivityLog.objects.get(action="scoring.line.saved")
    assert entry.data["item"] == "I.2"
    assert entry.data["after"]["points"] == "17.5"


@pytest.mark.parametrize(
    ("code", "points", "message"), [("I.1", "10.5", "10"), ("I.1", "7.3", "0,5"), ("T.1", "4", "8")]
)
def test_save_line_out_of_range_or_off_step_is_refused_and_nothing_changes(
    member_sheet, unit_officer, code, points, message
):
    line = _line(member_sheet, code)

    with pytest.raises(DomainError) as error:
        services.save_line(line, actor=unit_officer, version=1, points=Decimal(points))

    assert message in error.value.message
    line.refresh_from_db()
    assert (line.points, line.version) == (None, 1)
    assert not ActivityLog.objects.filter(action="scoring.line.saved").exists()


def test_save_line_stale_version_raises_conflict_with_other_value(member_sheet, unit_officer, unit_leader):
    line = _line(member_sheet, "I.1")
    services.save_line(line, actor=unit_leader, version=1, points=Decimal(9))

    with pytest.raises(LineConflict) as conflict:
        services.save_line(line, actor=unit_officer, version=1, points=Decimal(6))

    assert conflict.value.current.points == Decimal(9)
    assert "9" in conflict.value.message
    line.refresh_from_db()
    assert (line.points, line.version) == (Decimal(9), 2)


def test_save_line_same_values_is_a_no_op(member_sheet, unit_officer):
    line = _line(member_sheet, "I.1")
    services.save_line(line, actor=unit_officer, version=1, points=Decimal(9))

    again = services.save_line(line, actor=unit_officer, version=2, points=Decimal(9))

    assert again.version == 2
    assert ActivityLog.objects.filter(action="scoring.line.saved").count() == 1


def test_save_line_totals_cap_bonus_and_subtract_deductions(member_sheet, unit_officer):
    fill_sheet(member_sheet, {"I.1": "10", "I.2": "20", "B.1": "5", "T.1": "8"}, actor=unit_officer)

    assert member_sheet.total == Decimal(27)
    assert member_sheet.total == _recomputed(member_sheet)


def test_save_line_on_submitted_sheet_is_refused(member_sheet, unit_officer):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)
    line = _line(member_sheet, "I.1")

    with pytest.raises(DomainError):
        services.save_line(line, actor=unit_officer, version=line.version, points=Decimal(1))


def test_save_line_verifier_change_without_reason_is_refused_with_reason_saved(member_sheet, unit_officer, secretariat):
    verification = _verification_sheet(member_sheet, unit_officer, secretariat)
    line = _line(verification, "I.2")
    assert line.base_points == Decimal("17.5")

    with pytest.raises(DomainError) as error:
        services.save_line(line, actor=secretariat, version=1, points=Decimal(15))
    saved = services.save_line(line, actor=secretariat, version=1, points=Decimal(15), reason="Thiếu minh chứng")

    assert "reason" in error.value.message.lower() or "lý do" in error.value.message.lower()
    assert (saved.points, saved.reason) == (Decimal(15), "Thiếu minh chứng")
    verification.refresh_from_db()
    assert verification.total == Decimal(28) == _recomputed(verification)


def _verification_sheet(member_sheet, unit_officer, verifier):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)
    services.accept_sheet(member_sheet, actor=verifier)
    return ScoreSheet.objects.get(unit=member_sheet.unit, stage=Stage.VERIFICATION)


def test_save_lines_valid_values_saved_in_one_audit_entry(member_sheet, unit_officer):
    items = {line.item.code: line.item_id for line in member_sheet.lines.select_related("item")}
    values = {items[c]: {"points": Decimal(p), "note": "", "reason": ""} for c, p in FULL.items()}

    services.save_lines(member_sheet, actor=unit_officer, values=values, source="sheet.xlsx")

    member_sheet.refresh_from_db()
    assert member_sheet.total == Decimal("30.5") == _recomputed(member_sheet)
    entry = ActivityLog.objects.get(action="scoring.sheet.imported")
    assert sorted(entry.data["changed"]) == sorted(FULL)
    assert set(member_sheet.lines.values_list("version", flat=True)) == {2}


def test_save_lines_one_bad_value_saves_nothing(member_sheet, unit_officer):
    items = {line.item.code: line.item_id for line in member_sheet.lines.select_related("item")}
    values = {items["I.1"]: {"points": Decimal(5)}, items["I.2"]: {"points": Decimal(99)}}

    with pytest.raises(DomainError):
        services.save_lines(member_sheet, actor=unit_officer, values=values)

    assert not member_sheet.lines.filter(points__isnull=False).exists()
    assert not ActivityLog.objects.filter(action="scoring.sheet.imported").exists()


# --- Evidence ---------------------------------------------------------------------------------


def test_add_and_remove_evidence_stores_deletes_file_and_audits(
    django_capture_on_commit_callbacks, member_sheet, unit_officer
):
    line = _line(member_sheet, "I.1")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    evidence = services.add_evidence(line, actor=unit_officer, uploaded_file=upload)
    name, storage = evidence.file.name, evidence.file.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence, actor=unit_officer)

    assert not line.evidence.exists()
    assert not storage.exists(name)
    assert ActivityLog.objects.filter(action__in=["scoring.evidence.added", "scoring.evidence.removed"]).count() == 2


# --- Transitions -------------------------------------------------------------------------------

ALL_STATUSES = list(SheetStatus)


@pytest.mark.parametrize("action", list(SHEET.moves))
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_transition_table_every_move_legal_or_refused(member_sheet, unit_officer, secretariat, status, action):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    ScoreSheet.objects.filter(pk=member_sheet.pk).update(status=status)
    sources, target = SHEET[action].sources, SHEET[action].target
    move = {
        SheetAction.SUBMIT: lambda: services.submit_sheet(member_sheet, actor=unit_officer),
        SheetAction.RETURN: lambda: services.return_sheet(member_sheet, actor=secretariat, comment="Bổ sung"),
        SheetAction.ACCEPT: lambda: services.accept_sheet(member_sheet, actor=secretariat),
    }[action]
    audits = ActivityLog.objects.filter(action=f"scoring.sheet.{action}").count

    if status in sources:
        move()
        assert ScoreSheet.objects.get(pk=member_sheet.pk).status == target
        assert audits() == 1
    elif status == target:
        move()  # same state: a no-op
        assert ScoreSheet.objects.get(pk=member_sheet.pk).status == target
        assert audits() == 0
    else:
        with pytest.raises(DomainError):
            move()
        assert ScoreSheet.objects.get(pk=member_sheet.pk).status == status
        assert audits() == 0


def test_submit_sheet_with_unscored_lines_is_refused(member_sheet, unit_officer):
    fill_sheet(member_sheet, {"I.1": "5"}, actor=unit_officer)

    with pytest.raises(DomainError) as error:
        services.submit_sheet(member_sheet, actor=unit_officer)

    assert "I.2" in error.value.message
    assert ScoreSheet.objects.get(pk=member_sheet.pk).status == SheetStatus.DRAFT


def test_submit_sheet_without_required_evidence_is_refused(member_sheet, unit_officer):
    member_sheet.lines.get(item__code="I.1").item.__class__.objects.filter(code="I.1").update(evidence_required=True)
    fill_sheet(member_sheet, FULL, actor=unit_officer)

    with pytest.raises(DomainError) as error:
        services.submit_sheet(member_sheet, actor=unit_officer)

    assert "I.1" in error.value.message


def test_submit_sheet_after_deadline_is_flagged_late(world, member_sheet, unit_officer):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    deadline = world.bloc_year.rule.self_scoring_deadline

    with time_machine.travel(datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time(10))):
        services.submit_sheet(member_sheet, actor=unit_officer)

    member_sheet.refresh_from_db()
    assert member_sheet.is_late
    assert member_sheet.submitted_at is not None


def test_submit_sheet_before_deadline_is_not_late(world, member_sheet, unit_officer):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    deadline = world.bloc_year.rule.self_scoring_deadline

    with time_machine.travel(datetime.datetime.combine(deadline, datetime.time(10))):
        services.submit_sheet(member_sheet, actor=unit_officer)

    member_sheet.refresh_from_db()
    assert not member_sheet.is_late


def test_return_sheet_without_comment_is_refused(member_sheet, unit_officer, secretariat):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)

    with pytest.raises(DomainError):
        services.return_sheet(member_sheet, actor=secretariat, comment="  ")


def test_return_sheet_tells_unit_officers_the_comment(
    django_capture_on_commit_callbacks, member_sheet, unit_officer, secretariat
):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.return_sheet(member_sheet, actor=secretariat, comment="Bổ sung minh chứng mục I.1")

    member_sheet.refresh_from_db()
    assert (member_sheet.status, member_sheet.comment) == (SheetStatus.RETURNED, "Bổ sung minh chứng mục I.1")
    assert Notice.objects.filter(user=unit_officer, text__contains="Bổ sung minh chứng").exists()


def test_accept_sheet_opens_next_stage_with_base_points(member_sheet, unit_officer, secretariat):
    verification = _verification_sheet(member_sheet, unit_officer, secretariat)

    assert verification.status == SheetStatus.DRAFT
    assert verification.total == member_sheet.total == Decimal("30.5")
    assert dict(verification.lines.values_list("item__code", "base_points")) == {c: Decimal(p) for c, p in FULL.items()}
    assert ActivityLog.objects.filter(action="scoring.sheet.opened").count() == 1


@pytest.mark.parametrize(("uses_council", "after_verification"), [(True, Stage.COUNCIL), (False, Stage.APPROVED)])
def test_accept_verification_opens_council_stage_only_when_used(
    world, member_sheet, unit_officer, secretariat, council_officer, uses_council, after_verification
):
    services.update_scoring_setting(world.bloc_year, actor=secretariat, uses_council_stage=uses_council)
    verification = _verification_sheet(member_sheet, unit_officer, secretariat)
    services.submit_sheet(verification, actor=secretariat)

    services.accept_sheet(verification, actor=council_officer)

    stages = set(ScoreSheet.objects.filter(unit=world.member).values_list("stage", flat=True))
    assert stages == {Stage.SELF, Stage.VERIFICATION, after_verification}


def test_lock_scores_all_approved_locks_every_sheet(world, self_sheets, admin_user):
    approve_all(world, self_sheets, officer=admin_user, verifier=admin_user)

    count = services.lock_scores(world.bloc_year, actor=admin_user)

    assert count == 9
    assert not ScoreSheet.objects.filter(locked_at__isnull=True).exists()
    assert services.lock_scores(world.bloc_year, actor=admin_user) == 0
    assert ActivityLog.objects.filter(action="scoring.scores.locked").count() == 1
    with pytest.raises(DomainError):
        services.return_sheet(ScoreSheet.objects.filter(stage=Stage.APPROVED).first(), actor=admin_user, comment="x")


def test_lock_scores_with_unapproved_unit_is_refused(world, self_sheets, admin_user):
    with pytest.raises(DomainError):
        services.lock_scores(world.bloc_year, actor=admin_user)

    assert not ScoreSheet.objects.filter(locked_at__isnull=False).exists()


# --- Settings ------------------------------------------------------------------------------------


def test_update_scoring_setting_saves_and_audits_changes(world, secretariat):
    setting = services.update_scoring_setting(world.bloc_year, actor=secretariat, scores_released=True)

    assert setting.scores_released
    entry = ActivityLog.objects.get(action="scoring.setting.updated")
    assert entry.data == {"before": {"scores_released": False}, "after": {"scores_released": True}}


def test_update_scoring_setting_council_switch_after_verification_started_is_refused(
    world, member_sheet, unit_officer, secretariat
):
    _verification_sheet(member_sheet, unit_officer, secretariat)

    with pytest.raises(DomainError):
        services.update_scoring_setting(world.bloc_year, actor=secretariat, uses_council_stage=False)

    assert ScoringSetting.objects.get(bloc_year=world.bloc_year).uses_council_stage


# --- Database constraints ---------------------------------------------------------------------------


def test_constraint_one_sheet_per_unit_and_stage(world, member_sheet):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(bloc_year=world.bloc_year, unit=world.member, stage=Stage.SELF)


def test_constraint_one_line_per_item(member_sheet):
    line = member_sheet.lines.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreLine.objects.create(sheet=member_sheet, item=line.item)


def test_constraint_points_not_negative(member_sheet):
    with pytest.raises(IntegrityError), transaction.atomic():
        member_sheet.lines.filter(pk=member_sheet.lines.first().pk).update(points=Decimal(-1))


def test_constraint_locked_sheet_is_accepted(member_sheet):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.filter(pk=member_sheet.pk).update(
            locked_at=datetime.datetime(2020, 12, 1, tzinfo=datetime.UTC)
        )


def test_return_sheet_inactive_officer_gets_no_notice(
    django_capture_on_commit_callbacks, world, member_sheet, unit_officer, secretariat
):
    inactive = UnitRoleFactory(unit=world.member, is_active=False).user
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.return_sheet(member_sheet, actor=secretariat, comment="Sửa")

    assert Notice.objects.filter(user=unit_officer).exists()
    assert not Notice.objects.filter(user=inactive).exists()


def test_save_line_in_closed_year_is_refused(world, member_sheet, admin_user):
    world.bloc_year.__class__.objects.filter(pk=world.bloc_year.pk).update(status="closed")
    line = _line(member_sheet, "I.1")

    with pytest.raises(DomainError):
        services.save_line(line, actor=admin_user, version=1, points=Decimal(5))

    line.refresh_from_db()
    assert line.points is None


def test_save_line_keeps_the_weakest_criterion_percent_with_the_total(member_sheet, unit_officer):
    fill_sheet(member_sheet, {"I.1": "9", "I.2": "12", "B.1": "5"}, actor=unit_officer)

    member_sheet.refresh_from_db()
    assert member_sheet.weakest_percent == Decimal(60)  # I.2: 12 of 20; bonus items do not count


def test_save_lines_keeps_the_weakest_criterion_percent_with_the_total(member_sheet, unit_officer):
    items = {line.item.code: line.item_id for line in member_sheet.lines.select_related("item")}
    values = {items["I.1"]: {"points": Decimal("8.5")}, items["I.2"]: {"points": Decimal(20)}}

    services.save_lines(member_sheet, actor=unit_officer, values=values)

    member_sheet.refresh_from_db()
    assert member_sheet.weakest_percent == Decimal(85)


def test_next_stage_carries_the_weakest_criterion_percent(member_sheet, unit_officer, secretariat):
    verification = _verification_sheet(member_sheet, unit_officer, secretariat)  # self-scored with FULL

    assert verification.weakest_percent == Decimal(80)  # I.1: 8 of 10
