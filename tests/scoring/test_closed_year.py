"""A closed year refuses every scoring write, the administrator's too, and each refusal is a security event."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from scoring.enums import SheetStatus
from scoring.models import Scheme, ScoreSheet, ScoringSetting
from scoring.services import schemes as scheme_services
from scoring.services import sheets as services
from tests.factories import BlocYearFactory
from tests.refusals import assert_refused, close_year
from tests.scoring.conftest import fill_sheet


@pytest.fixture(autouse=True)
def _english(english):
    """Refusal messages (and the reasons stored with the events) are asserted in English."""


ALL_LINES = {"I.1": "8", "I.2": "15", "B.1": "0", "T.1": "0"}


def _sheet_state(sheet):
    fresh = ScoreSheet.objects.get(pk=sheet.pk)
    return fresh.status, fresh.total, fresh.locked_at, list(fresh.lines.values_list("points", flat=True))


def _submitted(sheet, officer):
    fill_sheet(sheet, ALL_LINES, actor=officer)
    return services.submit_sheet(sheet, actor=officer)


def _first_line(sheet):
    return sheet.lines.order_by("pk").first()


# (name, prepare(world, sheet, officer) → argument, call(argument, actor), state(world, argument)).
WRITES = [
    (
        "open_self_scoring",
        lambda w, s, o: w.bloc_year,
        lambda by, a: services.open_self_scoring(by, actor=a),
        lambda w, by: ScoreSheet.objects.filter(bloc_year=by).count(),
    ),
    (
        "save_line",
        lambda w, s, o: _first_line(s),
        lambda line, a: services.save_line(line, actor=a, version=line.version, points=Decimal(5)),
        lambda w, line: _sheet_state(line.sheet),
    ),
    (
        "submit_sheet",
        lambda w, s, o: (fill_sheet(s, ALL_LINES, actor=o), s)[1],
        lambda sheet, a: services.submit_sheet(sheet, actor=a),
        lambda w, sheet: _sheet_state(sheet),
    ),
    (
        "return_sheet",
        lambda w, s, o: _submitted(s, o),
        lambda sheet, a: services.return_sheet(sheet, actor=a, comment="Thiếu minh chứng"),
        lambda w, sheet: _sheet_state(sheet),
    ),
    (
        "accept_sheet",
        lambda w, s, o: _submitted(s, o),
        lambda sheet, a: services.accept_sheet(sheet, actor=a),
        lambda w, sheet: (_sheet_state(sheet), ScoreSheet.objects.count()),
    ),
    (
        "lock_scores",
        lambda w, s, o: w.bloc_year,
        lambda by, a: services.lock_scores(by, actor=a),
        lambda w, by: ScoreSheet.objects.filter(locked_at__isnull=False).count(),
    ),
    (
        "update_scoring_setting",
        lambda w, s, o: w.bloc_year,
        lambda by, a: services.set_scores_released(by, actor=a, released=True),
        lambda w, by: ScoringSetting.objects.get(bloc_year=by).scores_released,
    ),
]


@pytest.mark.parametrize(("name", "prepare", "call", "state"), WRITES, ids=[w[0] for w in WRITES])
def test_scoring_write_admin_in_closed_year_is_refused_and_recorded(
    world, member_sheet, unit_officer, admin_user, name, prepare, call, state
):
    argument = prepare(world, member_sheet, unit_officer)
    close_year(world.bloc_year)

    event = assert_refused(lambda: call(argument, admin_user), state=lambda: state(world, argument), actor=admin_user)

    assert event.action.endswith(f".{name}")
    assert "closed" in event.reason


def test_open_self_scoring_admin_in_closed_year_creates_no_sheet(world, scheme, admin_user):
    close_year(world.bloc_year)
    open_year = BlocYearFactory(bloc=world.bloc, year=world.bloc_year.year + 1)
    Scheme.objects.create(bloc_year=open_year, title="Thang điểm 2021")

    assert_refused(
        lambda: services.open_self_scoring(world.bloc_year, actor=admin_user),
        state=lambda: (ScoreSheet.objects.count(), Scheme.objects.get(pk=scheme.pk).frozen_at),
        actor=admin_user,
    )


def test_create_scheme_admin_in_closed_year_is_refused_and_recorded(world, admin_user):
    close_year(world.bloc_year)

    assert_refused(
        lambda: scheme_services.create_scheme(world.bloc_year, actor=admin_user, title="Thang điểm"),
        state=lambda: Scheme.objects.count(),
        actor=admin_user,
    )


def test_open_scoring_view_admin_in_closed_year_shows_message_and_creates_nothing(client, world, scheme, admin_user):
    close_year(world.bloc_year)
    client.force_login(admin_user)

    response = client.post(reverse("scoring:open_scoring", args=[world.bloc_year.pk]))

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("closed" in m for m in messages)
    assert not ScoreSheet.objects.exists()


def test_submit_sheet_refused_move_is_recorded_for_the_unit_officer(member_sheet, unit_officer):
    sheet = _submitted(member_sheet, unit_officer)
    services.accept_sheet(sheet, actor=unit_officer)

    event = assert_refused(
        lambda: services.return_sheet(sheet, actor=unit_officer, comment="Sửa lại"),
        state=lambda: _sheet_state(sheet),
        actor=unit_officer,
    )

    assert event.object_id == sheet.pk
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.ACCEPTED
