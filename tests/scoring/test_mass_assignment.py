"""Mass assignment over the real scoring views: every model field name posted, only the form's fields change."""

from decimal import Decimal

from django.urls import reverse

from scoring.enums import SheetStatus
from scoring.models import ScoreLine, ScoreSheet
from tests.mass import post_hostile
from tests.scoring.conftest import FULL, fill_sheet

SHEET_TOTALS = {"total", "weakest_percent"}


def test_scheme_edit_every_model_field_posted_changes_only_title_and_cap(client, world, scheme, secretariat):
    client.force_login(secretariat)

    response = post_hostile(
        client,
        reverse("scoring:scheme_edit", args=[world.bloc_year.pk]),
        {"title": "Thang điểm mới", "bonus_cap": "4"},
        scheme,
        parents=[world.bloc_year],
        other_pk=world.other_bloc_year.pk,
        allowed={"title", "bonus_cap", "max_total"},
    )

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.title, scheme.bonus_cap) == ("Thang điểm mới", Decimal(4))


def test_line_save_every_model_field_posted_changes_only_the_line_values(
    client, world, self_sheets, member_sheet, unit_officer
):
    client.force_login(unit_officer)
    line = member_sheet.lines.get(item__code="I.2")
    valid = {"line": line.pk, "version": line.version, "points": "17,5", "note": "Đạt", "reason": ""}

    response = post_hostile(
        client,
        reverse("scoring:line_save", args=[member_sheet.pk]),
        valid,
        line,
        member_sheet,
        parents=[line.item, world.member, self_sheets[world.head.pk]],
        other_pk=self_sheets[world.head.pk].pk,
        allowed={"points", "note", "version", "updated_by", "updated_at", *SHEET_TOTALS},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert ScoreLine.objects.get(pk=line.pk).points == Decimal("17.5")


def test_sheet_submit_every_model_field_posted_moves_only_the_state(client, world, member_sheet, unit_officer):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    client.force_login(unit_officer)

    response = post_hostile(
        client,
        reverse("scoring:sheet_move", args=[member_sheet.pk, "submit"]),
        {},
        member_sheet,
        *member_sheet.lines.all(),
        parents=[world.bloc_year, world.member],
        other_pk=world.other_unit.pk,
        allowed={"status", "submitted_at", "is_late"},
    )

    assert response.status_code == 302
    assert ScoreSheet.objects.get(pk=member_sheet.pk).status == SheetStatus.SUBMITTED
