"""Scheme pages: one allowed and one refused persona per view on the same setup, and what each action does."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import ActivityLog
from scoring.enums import SchemeItemKind
from scoring.models import Scheme, ScoreLine, ScoreSheet
from tests.factories import BlocYearFactory, UnitRoleFactory
from tests.queries import page_queries
from tests.scoring.conftest import add_item

pytestmark = pytest.mark.usefixtures("english")

YEAR = lambda w, s: w.bloc_year.pk  # noqa: E731
ITEM = lambda w, s: s.items.get(code="I.1").pk  # noqa: E731

# view, pk, allowed, refused (403), blind (404)
VIEWS = [
    ("scoring:scheme_detail", YEAR, "council_member", None, "other_unit_officer"),
    ("scoring:scheme_export", YEAR, "unit_officer", None, "other_council_officer"),
    ("scoring:scheme_edit", YEAR, "secretariat", "deputy_officer", "other_unit_officer"),
    ("scoring:scheme_item_add", YEAR, "secretariat", "council_officer", "outsider"),
    ("scoring:scheme_freeze", YEAR, "secretariat", "unit_officer", "other_unit_officer"),
    ("scoring:scheme_import", YEAR, "secretariat", "council_member", "other_council_officer"),
    ("scoring:scheme_item_edit", ITEM, "secretariat", "deputy_officer", "other_unit_officer"),
    ("scoring:scheme_item_nest", ITEM, "secretariat", "unit_officer", "outsider"),
    ("scoring:scheme_item_remove", ITEM, "secretariat", "council_officer", "other_council_officer"),
]


@pytest.mark.parametrize(("name", "pk_of", "allowed", "refused", "blind"), VIEWS)
def test_scheme_view_allowed_persona_gets_page(client, request, world, scheme, name, pk_of, allowed, refused, blind):
    client.force_login(request.getfixturevalue(allowed))

    assert client.get(reverse(name, args=[pk_of(world, scheme)])).status_code == 200


@pytest.mark.parametrize(("name", "pk_of", "allowed", "refused", "blind"), [v for v in VIEWS if v[3]])
def test_scheme_view_refused_persona_gets_403(client, request, world, scheme, name, pk_of, allowed, refused, blind):
    client.force_login(request.getfixturevalue(refused))
    count = ActivityLog.objects.count()

    assert client.get(reverse(name, args=[pk_of(world, scheme)])).status_code == 403
    assert client.post(reverse(name, args=[pk_of(world, scheme)]), {"title": "x", "code": "x"}).status_code == 403
    assert ActivityLog.objects.count() == count


@pytest.mark.parametrize(("name", "pk_of", "allowed", "refused", "blind"), VIEWS)
def test_scheme_view_invisible_gets_404(client, request, world, scheme, name, pk_of, allowed, refused, blind):
    client.force_login(request.getfixturevalue(blind))

    assert client.get(reverse(name, args=[pk_of(world, scheme)])).status_code == 404


@pytest.mark.parametrize("name", ["scoring:scheme_edit", "scoring:scheme_item_add", "scoring:scheme_import"])
def test_scheme_edit_views_frozen_scheme_refused_403(client, world, scheme, secretariat, name):
    scheme.frozen_at = timezone.now()
    scheme.save()
    client.force_login(secretariat)

    assert client.get(reverse(name, args=[world.bloc_year.pk])).status_code == 403


def test_scheme_detail_without_scheme_offers_copy_to_secretariat(client, world, secretariat, scheme):
    next_year = BlocYearFactory(bloc=world.bloc, year=2021)
    next_year.memberships.create(unit=world.head, role="head")
    client.force_login(secretariat)

    response = client.get(reverse("scoring:scheme_detail", args=[next_year.pk]))

    assert response.status_code == 200
    assert response.context["copy_form"].fields["source"].queryset.get() == scheme


def test_scheme_detail_without_scheme_offers_nothing_to_member(client, world, unit_officer):
    client.force_login(unit_officer)

    response = client.get(reverse("scoring:scheme_detail", args=[world.bloc_year.pk]))

    assert response.status_code == 200 and "create_form" not in response.context


def test_scheme_detail_shows_computed_totals(client, world, scheme, unit_officer):
    client.force_login(unit_officer)

    response = client.get(reverse("scoring:scheme_detail", args=[world.bloc_year.pk]))

    assert response.context["total"] == Decimal(35)
    group = next(row for row in response.context["rows"] if row["code"] == "I")
    assert group["maximum"] == Decimal(30)


def test_scheme_create_post_creates_and_redirects(client, world, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("scoring:scheme_create", args=[world.bloc_year.pk]), {"title": "Thang điểm", "bonus_cap": "50"}
    )

    assert response.status_code == 302
    assert Scheme.objects.get(bloc_year=world.bloc_year).bonus_cap == Decimal(50)


def test_scheme_copy_post_copies_last_year(client, world, scheme):
    next_year = BlocYearFactory(bloc=world.bloc, year=2021)
    next_year.memberships.create(unit=world.head, role="head")
    client.force_login(UnitRoleFactory(unit=world.head).user)

    response = client.post(reverse("scoring:scheme_copy", args=[next_year.pk]), {"source": scheme.pk})

    assert response.status_code == 302
    assert next_year.scheme.items.count() == 5 and next_year.scheme.copied_from == scheme


def test_scheme_item_add_post_adds_inside_group(client, world, scheme, secretariat):
    client.force_login(secretariat)
    group = scheme.items.get(code="I")
    data = {"kind": "criterion", "parent": group.pk, "code": "I.3", "text": "Mới", "max_points": "5", "step": "0.5"}

    response = client.post(reverse("scoring:scheme_item_add", args=[world.bloc_year.pk]), data)

    assert response.status_code == 302
    item = scheme.items.get(code="I.3")
    assert (item.parent, item.sort_key) == (group, "0001.0003")
    assert response["Location"].endswith(f"#item-{item.pk}")


def test_scheme_item_add_post_off_step_shows_error_saves_nothing(client, world, scheme, secretariat):
    client.force_login(secretariat)
    data = {"kind": "criterion", "code": "Z", "text": "x", "max_points": "7.3", "step": "0.5"}

    response = client.post(reverse("scoring:scheme_item_add", args=[world.bloc_year.pk]), data)

    assert response.status_code == 400
    assert "multiple of the step" in response.context["form"].errors["max_points"][0]
    assert not scheme.items.filter(code="Z").exists()


def test_scheme_item_add_post_duplicate_code_shows_domain_error(client, world, scheme, secretariat):
    client.force_login(secretariat)
    data = {"kind": "criterion", "code": "I.1", "text": "x", "max_points": "5", "step": "0.5"}

    response = client.post(reverse("scoring:scheme_item_add", args=[world.bloc_year.pk]), data)

    assert response.status_code == 400
    assert "already used" in response.context["form"].non_field_errors()[0]


def test_scheme_item_edit_post_saves(client, scheme, secretariat):
    client.force_login(secretariat)
    item = scheme.items.get(code="I.1")
    data = {"code": "I.1", "text": "Sửa", "max_points": "12", "step": "1", "guidance": "Chấm theo báo cáo"}

    assert client.post(reverse("scoring:scheme_item_edit", args=[item.pk]), data).status_code == 302

    item.refresh_from_db()
    assert (item.text, item.max_points, item.step, item.guidance) == (
        "Sửa",
        Decimal(12),
        Decimal(1),
        "Chấm theo báo cáo",
    )


def test_scheme_item_move_post_moves_up(client, scheme, secretariat):
    client.force_login(secretariat)
    item = scheme.items.get(code="I.2")

    response = client.post(reverse("scoring:scheme_item_move", args=[item.pk]), {"direction": "up"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.position == 1


def test_scheme_item_move_refused_persona_403(client, scheme, unit_officer):
    client.force_login(unit_officer)
    item = scheme.items.get(code="I.2")

    assert client.post(reverse("scoring:scheme_item_move", args=[item.pk]), {"direction": "up"}).status_code == 403
    item.refresh_from_db()
    assert item.position == 2


def test_scheme_item_nest_post_moves_into_group(client, scheme, secretariat):
    client.force_login(secretariat)
    item, group = scheme.items.get(code="B.1"), scheme.items.get(code="I")

    assert client.post(reverse("scoring:scheme_item_nest", args=[item.pk]), {"parent": group.pk}).status_code == 302

    item.refresh_from_db()
    assert item.parent == group


def test_scheme_item_remove_post_removes(client, scheme, secretariat):
    client.force_login(secretariat)
    item = scheme.items.get(code="I.1")

    assert client.post(reverse("scoring:scheme_item_remove", args=[item.pk])).status_code == 302

    assert not scheme.items.filter(code="I.1").exists()


def test_scheme_item_remove_used_item_shows_message(client, world, scheme, secretariat):
    sheet = ScoreSheet.objects.create(bloc_year=world.bloc_year, unit=world.member, stage="self")
    ScoreLine.objects.create(sheet=sheet, item=scheme.items.get(code="I.1"), points=Decimal(3))
    client.force_login(secretariat)

    response = client.post(reverse("scoring:scheme_item_remove", args=[scheme.items.get(code="I.1").pk]))

    assert response.status_code == 400
    assert "already used on score sheets" in response.content.decode()
    assert scheme.items.filter(code="I.1").exists()


def test_scheme_freeze_post_freezes(client, world, scheme, secretariat):
    client.force_login(secretariat)

    assert client.post(reverse("scoring:scheme_freeze", args=[world.bloc_year.pk])).status_code == 302

    scheme.refresh_from_db()
    assert scheme.is_frozen


@pytest.mark.parametrize("persona", ["secretariat", "unit_officer"])
def test_scheme_detail_query_count_does_not_grow_with_items(client, request, world, scheme, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("scoring:scheme_detail", args=[world.bloc_year.pk])
    small = page_queries(client, url)

    for number in range(3):
        group = add_item(scheme, f"G{number}", SchemeItemKind.GROUP)
        for child in range(10):
            add_item(scheme, f"G{number}.{child}", parent=group, guidance="Hướng dẫn")

    assert page_queries(client, url) == small


def test_scheme_export_query_count_does_not_grow_with_items(client, world, scheme, unit_officer):
    client.force_login(unit_officer)
    url = reverse("scoring:scheme_export", args=[world.bloc_year.pk])
    small = page_queries(client, url)

    group = add_item(scheme, "G", SchemeItemKind.GROUP)
    for child in range(20):
        add_item(scheme, f"G.{child}", parent=group)

    assert page_queries(client, url) == small


def test_scheme_admin_pages_open_for_admin(client, scheme, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("admin:scoring_scheme_changelist")).status_code == 200
    assert client.get(reverse("admin:scoring_scheme_change", args=[scheme.pk])).status_code == 200


@pytest.mark.parametrize(
    ("query", "data"),
    [
        ("?parent=abc&kind=nonsense", None),
        ("", {"kind": "criterion", "code": "Z", "text": "x", "max_points": "abc", "step": "0.5"}),
        ("", {"kind": "criterion", "code": "Z", "text": "x", "max_points": "5", "step": "0"}),
        ("", {"kind": "criterion", "parent": "999999", "code": "Z", "text": "x", "max_points": "5", "step": "0.5"}),
        ("", {"kind": "bogus", "code": "", "text": "", "max_points": "", "step": ""}),
    ],
)
def test_scheme_item_add_bad_input_gets_message_not_500(client, world, scheme, secretariat, query, data):
    client.force_login(secretariat)
    url = reverse("scoring:scheme_item_add", args=[world.bloc_year.pk]) + query

    response = client.post(url, data) if data else client.get(url)

    assert response.status_code in (200, 400)
    assert scheme.items.count() == 5


def test_scheme_item_nest_into_descendant_by_crafted_post_refused(client, scheme, secretariat):
    client.force_login(secretariat)
    group = scheme.items.get(code="I")

    response = client.post(reverse("scoring:scheme_item_nest", args=[group.pk]), {"parent": group.pk})

    assert response.status_code == 400
    group.refresh_from_db()
    assert group.parent is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scoring:scheme_create", {"title": "x", "bonus_cap": "-5"}),
        ("scoring:scheme_create", {"title": "", "bonus_cap": "abc"}),
        ("scoring:scheme_copy", {"source": "999999"}),
    ],
)
def test_scheme_create_and_copy_bad_input_gets_message_not_500(client, world, secretariat, name, data):
    client.force_login(secretariat)

    response = client.post(reverse(name, args=[world.bloc_year.pk]), data)

    assert response.status_code == 400
    assert not Scheme.objects.filter(bloc_year=world.bloc_year).exists()


def test_scheme_edit_negative_bonus_cap_gets_message_not_500(client, world, scheme, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("scoring:scheme_edit", args=[world.bloc_year.pk]), {"title": "x", "bonus_cap": "-1"})

    assert response.status_code == 400
    scheme.refresh_from_db()
    assert scheme.bonus_cap == Decimal(5)
