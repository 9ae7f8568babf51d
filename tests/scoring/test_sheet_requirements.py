"""What scoring requires before the bloc-year goes to its review meeting and leaves it."""

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from blocs.requirements import unmet_requirements
from blocs.services import advance_bloc_year
from core.models import ActivityLog
from scoring.enums import Stage
from scoring.models import ScoreSheet
from scoring.services import sheets as services
from tests.scoring.conftest import FULL, fill_sheet


def _messages(world, status):
    return [m for m in unmet_requirements(world.bloc_year, status) if world.member.name in m or world.head.name in m]


def _walk(sheet, *, actor, to):
    """Accept ``sheet`` and each following stage until the unit's sheet of stage ``to`` is accepted."""
    services.update_scoring_setting(sheet.bloc_year, actor=actor, uses_council_stage=False)
    while True:
        fill_sheet(sheet, FULL if sheet.stage == Stage.SELF else {}, actor=actor)
        services.submit_sheet(sheet, actor=actor)
        services.accept_sheet(sheet, actor=actor)
        if sheet.stage == to:
            return
        sheet = ScoreSheet.objects.filter(unit=sheet.unit).order_by("-id").first()


def test_ready_for_review_needs_every_unit_verified(world, self_sheets, admin_user):
    before = _messages(world, BlocYearStatus.READY_FOR_REVIEW)
    for sheet in self_sheets.values():
        _walk(sheet, actor=admin_user, to=Stage.VERIFICATION)

    after = unmet_requirements(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)

    assert before and world.member.name in before[0]
    assert not [m for m in after if "Verified" in m or world.member.name in m]


def test_reviewed_needs_every_unit_approved(world, self_sheets, admin_user):
    for sheet in self_sheets.values():
        _walk(sheet, actor=admin_user, to=Stage.VERIFICATION)
    before = _messages(world, BlocYearStatus.REVIEWED)
    for unit_id in self_sheets:
        approved = ScoreSheet.objects.get(unit_id=unit_id, stage=Stage.APPROVED)
        _walk(approved, actor=admin_user, to=Stage.APPROVED)

    after = _messages(world, BlocYearStatus.REVIEWED)

    assert before
    assert after == []


def test_move_to_scoring_freezes_the_scheme(world, scheme, secretariat):
    BlocYear.objects.filter(pk=world.bloc_year.pk).update(status=BlocYearStatus.MID_YEAR_REVIEWED)
    assert scheme.frozen_at is None

    advance_bloc_year(world.bloc_year, to=BlocYearStatus.SCORING, actor=secretariat)

    scheme.refresh_from_db()
    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.SCORING
    assert scheme.frozen_at is not None
    assert scheme.max_total == 35
    entry = ActivityLog.objects.get(action="scoring.scheme.frozen")
    assert (entry.actor, entry.object_id) == (secretariat, scheme.pk)


def test_ready_for_review_names_units_as_in_the_year(world, self_sheets, renamed_member):
    messages = unmet_requirements(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)

    listed = [m for m in messages if world.head.name in m]
    assert renamed_member in listed[0]
    assert "Tên mới từ 2025" not in listed[0]
