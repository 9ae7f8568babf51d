"""Scheme services: database state and audit entry of each; frozen and used schemes refuse changes."""

from decimal import Decimal

import pytest
from django.utils import timezone

from blocs.enums import BlocYearStatus
from blocs.requirements import unmet_requirements
from core.exceptions import DomainError
from core.models import ActivityLog
from scoring.enums import SchemeItemKind
from scoring.models import Scheme, SchemeItem, ScoreLine, ScoreSheet
from scoring.selectors.schemes import scheme_maximum, scheme_rows
from scoring.services import schemes as services
from tests.factories import BlocYearFactory

pytestmark = pytest.mark.usefixtures("english")


def _codes(scheme) -> list[tuple[str, str, int]]:
    return [(row["code"], row["sort_key"], row["depth"]) for row in scheme_rows(scheme)]


def _last_action(scheme) -> ActivityLog:
    return ActivityLog.objects.filter(object_id=scheme.pk, action__startswith="scoring.scheme.").first()


def test_create_scheme_new_year_creates_scheme_and_audits(world, secretariat):
    scheme = services.create_scheme(world.bloc_year, actor=secretariat, title="Thang điểm", bonus_cap=Decimal(50))

    assert Scheme.objects.get(bloc_year=world.bloc_year) == scheme
    entry = _last_action(scheme)
    assert (entry.action, entry.actor, entry.data["bonus_cap"]) == ("scoring.scheme.created", secretariat, "50")


def test_create_scheme_year_has_one_refused(scheme, world, secretariat):
    with pytest.raises(DomainError, match="already has a scoring scheme"):
        services.create_scheme(world.bloc_year, actor=secretariat, title="again")


def test_create_scheme_closed_year_refused(world, secretariat):
    world.bloc_year.status = BlocYearStatus.CLOSED
    world.bloc_year.save()

    with pytest.raises(DomainError, match="closed"):
        services.create_scheme(world.bloc_year, actor=secretariat, title="x")
    assert not Scheme.objects.exists()


def test_update_scheme_changes_title_and_cap_and_audits_diff(scheme, secretariat):
    services.update_scheme(scheme, actor=secretariat, title="Mới", bonus_cap=Decimal(10))

    scheme.refresh_from_db()
    assert (scheme.title, scheme.bonus_cap) == ("Mới", Decimal(10))
    assert _last_action(scheme).data == {
        "before": {"title": "Thang điểm 2020", "bonus_cap": "5.00"},
        "after": {"title": "Mới", "bonus_cap": "10"},
    }


def test_add_scheme_item_inside_group_goes_last_and_audits(scheme, secretariat):
    group = scheme.items.get(code="I")

    item = services.add_scheme_item(
        scheme,
        actor=secretariat,
        kind=SchemeItemKind.CRITERION,
        parent=group,
        code="I.3",
        text="Mới",
        max_points=Decimal(5),
    )

    assert (item.position, item.sort_key, item.depth) == (3, "0001.0003", 1)
    assert _last_action(scheme).action == "scoring.scheme.item_added"
    assert _last_action(scheme).data["code"] == "I.3"


def test_add_scheme_item_duplicate_code_refused(scheme, secretariat):
    with pytest.raises(DomainError, match="already used"):
        services.add_scheme_item(
            scheme, actor=secretariat, kind=SchemeItemKind.CRITERION, code="I.1", text="x", max_points=Decimal(1)
        )
    assert scheme.items.count() == 5


def test_add_scheme_item_parent_not_a_group_refused(scheme, secretariat):
    with pytest.raises(DomainError, match="inside a group"):
        services.add_scheme_item(
            scheme,
            actor=secretariat,
            kind=SchemeItemKind.CRITERION,
            parent=scheme.items.get(code="I.1"),
            code="Z",
            text="x",
            max_points=Decimal(1),
        )


def test_add_scheme_item_off_step_maximum_refused(scheme, secretariat):
    with pytest.raises(DomainError, match="multiple of the step"):
        services.add_scheme_item(
            scheme, actor=secretariat, kind=SchemeItemKind.CRITERION, code="Z", text="x", max_points=Decimal("7.3")
        )


def test_add_scheme_item_too_deep_refused(scheme, secretariat):
    parent = scheme.items.get(code="I")
    for level in range(4):  # I, G0…G3: five levels
        parent = services.add_scheme_item(
            scheme, actor=secretariat, kind=SchemeItemKind.GROUP, parent=parent, code=f"G{level}", text="g"
        )

    with pytest.raises(DomainError, match="at most 5 levels"):
        services.add_scheme_item(
            scheme, actor=secretariat, kind=SchemeItemKind.GROUP, parent=parent, code="G9", text="g"
        )


def test_update_scheme_item_changes_values_and_audits_diff(scheme, secretariat):
    item = scheme.items.get(code="I.1")

    services.update_scheme_item(item, actor=secretariat, text="Sửa", max_points=Decimal(15))

    item.refresh_from_db()
    assert (item.text, item.max_points) == ("Sửa", Decimal(15))
    assert _last_action(scheme).data["after"] == {"text": "Sửa", "max_points": "15"}


def test_update_scheme_item_fixed_deduction_step_follows_amount(scheme, secretariat):
    item = scheme.items.get(code="T.1")

    services.update_scheme_item(item, actor=secretariat, max_points=Decimal(10))

    item.refresh_from_db()
    assert (item.max_points, item.step) == (Decimal(10), Decimal(10))


def test_move_scheme_item_up_swaps_with_sibling_and_audits(scheme, secretariat):
    services.move_scheme_item(scheme.items.get(code="I.2"), actor=secretariat, offset=-1)

    assert _codes(scheme)[:3] == [("I", "0001", 0), ("I.2", "0001.0001", 1), ("I.1", "0001.0002", 1)]
    assert _last_action(scheme).data == {"item": "I.2", "offset": -1}


def test_move_scheme_item_at_top_changes_nothing(scheme, secretariat):
    before = _codes(scheme)
    count = ActivityLog.objects.count()

    services.move_scheme_item(scheme.items.get(code="I"), actor=secretariat, offset=-1)

    assert _codes(scheme) == before
    assert ActivityLog.objects.count() == count


def test_nest_scheme_item_into_group_moves_it_last_and_audits(scheme, secretariat):
    services.nest_scheme_item(scheme.items.get(code="B.1"), actor=secretariat, parent=scheme.items.get(code="I"))

    assert _codes(scheme) == [
        ("I", "0001", 0),
        ("I.1", "0001.0001", 1),
        ("I.2", "0001.0002", 1),
        ("B.1", "0001.0003", 1),
        ("T.1", "0002", 0),
    ]
    assert _last_action(scheme).data == {"item": "B.1", "before": None, "after": "I"}


def test_nest_scheme_item_to_top_level(scheme, secretariat):
    services.nest_scheme_item(scheme.items.get(code="I.1"), actor=secretariat, parent=None)

    assert ("I.1", "0004", 0) in _codes(scheme)


def test_nest_scheme_item_into_own_descendant_refused(scheme, secretariat):
    group = scheme.items.get(code="I")
    inner = services.add_scheme_item(
        scheme, actor=secretariat, kind=SchemeItemKind.GROUP, parent=group, code="I.9", text="g"
    )

    with pytest.raises(DomainError, match="into itself"):
        services.nest_scheme_item(group, actor=secretariat, parent=inner)
    with pytest.raises(DomainError, match="into itself"):
        services.nest_scheme_item(group, actor=secretariat, parent=group)


def test_remove_scheme_item_group_removes_subtree_and_audits(scheme, secretariat):
    services.remove_scheme_item(scheme.items.get(code="I"), actor=secretariat)

    assert _codes(scheme) == [("B.1", "0001", 0), ("T.1", "0002", 0)]
    entry = _last_action(scheme)
    assert (entry.action, entry.data["item"]["code"], entry.data["with"]) == (
        "scoring.scheme.item_removed",
        "I",
        ["I.1", "I.2"],
    )


def test_remove_scheme_item_used_on_a_sheet_refused(scheme, world, secretariat):
    sheet = ScoreSheet.objects.create(bloc_year=world.bloc_year, unit=world.member, stage="self")
    ScoreLine.objects.create(sheet=sheet, item=scheme.items.get(code="I.2"), points=Decimal(3))

    with pytest.raises(DomainError, match="I is already used on score sheets"):
        services.remove_scheme_item(scheme.items.get(code="I"), actor=secretariat)
    assert scheme.items.count() == 5


def test_freeze_scheme_sets_frozen_at_and_audits_once(scheme, secretariat):
    services.freeze_scheme(scheme, actor=secretariat)
    services.freeze_scheme(scheme, actor=secretariat)

    scheme.refresh_from_db()
    assert scheme.is_frozen and scheme.max_total == Decimal(35)
    assert ActivityLog.objects.filter(object_id=scheme.pk, action="scoring.scheme.frozen").count() == 1


def test_scheme_maximum_stored_once_frozen_computed_before(scheme, secretariat, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert scheme_maximum(scheme) == Decimal(35)

    frozen = services.freeze_scheme(scheme, actor=secretariat)

    with django_assert_num_queries(0):
        assert scheme_maximum(frozen) == Decimal(35)


def test_freeze_scheme_without_criteria_refused(world, secretariat):
    scheme = services.create_scheme(world.bloc_year, actor=secretariat, title="x")

    with pytest.raises(DomainError, match="no criterion"):
        services.freeze_scheme(scheme, actor=secretariat)
    scheme.refresh_from_db()
    assert not scheme.is_frozen


FROZEN_REFUSES = {
    "update_scheme": lambda s, u: services.update_scheme(s, actor=u, title="x"),
    "add_scheme_item": lambda s, u: services.add_scheme_item(
        s, actor=u, kind=SchemeItemKind.CRITERION, code="N", text="n", max_points=Decimal(1)
    ),
    "update_scheme_item": lambda s, u: services.update_scheme_item(s.items.get(code="I.1"), actor=u, text="x"),
    "move_scheme_item": lambda s, u: services.move_scheme_item(s.items.get(code="I.2"), actor=u, offset=-1),
    "nest_scheme_item": lambda s, u: services.nest_scheme_item(
        s.items.get(code="B.1"), actor=u, parent=s.items.get(code="I")
    ),
    "remove_scheme_item": lambda s, u: services.remove_scheme_item(s.items.get(code="I.1"), actor=u),
    "replace_scheme_items": lambda s, u: services.replace_scheme_items(s, actor=u, rows=[]),
}


@pytest.mark.parametrize("change", FROZEN_REFUSES)
def test_frozen_scheme_refuses_every_change(scheme, secretariat, change):
    scheme.frozen_at = timezone.now()
    scheme.save()
    before, count = _codes(scheme), ActivityLog.objects.count()

    with pytest.raises(DomainError, match="frozen"):
        FROZEN_REFUSES[change](scheme, secretariat)

    assert _codes(scheme) == before
    assert ActivityLog.objects.count() == count


@pytest.mark.parametrize("change", FROZEN_REFUSES)
def test_closed_year_scheme_refuses_every_change(scheme, world, secretariat, change):
    world.bloc_year.status = BlocYearStatus.CLOSED
    world.bloc_year.save()

    with pytest.raises(DomainError, match="closed"):
        FROZEN_REFUSES[change](scheme, secretariat)


def test_copy_scheme_copies_tree_unfrozen_and_audits(scheme, world, secretariat):
    services.freeze_scheme(scheme, actor=secretariat)
    next_year = BlocYearFactory(bloc=world.bloc, year=2021)

    copy = services.copy_scheme(scheme, bloc_year=next_year, actor=secretariat)

    assert (copy.copied_from, copy.is_frozen, copy.bonus_cap) == (scheme, False, scheme.bonus_cap)
    assert _codes(copy) == _codes(scheme)
    parents = {row["code"]: row["parent_id"] for row in scheme_rows(copy)}
    assert parents["I.1"] == copy.items.get(code="I").pk
    assert not SchemeItem.objects.filter(scheme=copy, parent__scheme=scheme).exists()
    assert _last_action(copy).data == {"from": scheme.pk, "from_year": 2020, "items": 5}


def test_replace_scheme_items_rebuilds_tree_with_one_audit_entry(scheme, secretariat):
    rows = [
        {
            "code": "A",
            "parent_code": None,
            "kind": "group",
            "text": "A",
            "max_points": Decimal(0),
            "step": Decimal("0.5"),
            "deduction_fixed": False,
            "evidence_required": False,
            "guidance": "",
        },
        {
            "code": "A.1",
            "parent_code": "A",
            "kind": "criterion",
            "text": "A1",
            "max_points": Decimal(4),
            "step": Decimal(1),
            "deduction_fixed": False,
            "evidence_required": True,
            "guidance": "g",
        },
    ]
    count = ActivityLog.objects.count()

    services.replace_scheme_items(scheme, actor=secretariat, rows=rows, source="a.xlsx")

    assert _codes(scheme) == [("A", "0001", 0), ("A.1", "0001.0001", 1)]
    assert ActivityLog.objects.count() == count + 1
    assert _last_action(scheme).data == {"items": 2, "file": "a.xlsx"}


def test_scoring_requirement_unmet_without_criteria_met_with_them(world, secretariat):
    message = "The scoring scheme has no criterion yet."
    assert message in unmet_requirements(world.bloc_year, BlocYearStatus.SCORING)
    scheme = services.create_scheme(world.bloc_year, actor=secretariat, title="x")
    group = services.add_scheme_item(scheme, actor=secretariat, kind=SchemeItemKind.GROUP, code="I", text="g")
    assert message in unmet_requirements(world.bloc_year, BlocYearStatus.SCORING)  # a group alone scores nothing

    services.add_scheme_item(
        scheme,
        actor=secretariat,
        kind=SchemeItemKind.CRITERION,
        parent=group,
        code="I.1",
        text="c",
        max_points=Decimal(5),
    )

    assert message not in unmet_requirements(world.bloc_year, BlocYearStatus.SCORING)


@pytest.mark.parametrize("change", FROZEN_REFUSES)
def test_scheme_of_year_in_scoring_refuses_every_change_even_unfrozen(scheme, world, secretariat, change):
    world.bloc_year.status = BlocYearStatus.SCORING
    world.bloc_year.save()
    before = _codes(scheme)

    with pytest.raises(DomainError, match="frozen"):
        FROZEN_REFUSES[change](scheme, secretariat)

    assert _codes(scheme) == before
