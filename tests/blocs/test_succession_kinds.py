"""Two mergers, as administrative law tells them apart: sáp nhập (absorbed into an existing unit) and hợp nhất
(consolidated into a new unit); the old single "merge" rows are mapped by whether the successor began that day."""

import datetime
import importlib

from django.apps import apps

from blocs import services
from blocs.enums import SuccessionKind, UnitStatus
from blocs.forms import EndUnitForm
from blocs.models import Unit, UnitSuccession
from tests.factories import UnitFactory

D = datetime.date
migration = importlib.import_module("blocs.migrations.0007_succession_absorb_consolidate")


def test_record_succession_consolidation_ends_both_into_the_new_unit(world, council_officer):
    new = UnitFactory(province=world.province, valid_from=D(2025, 7, 1))

    for unit in (world.member, world.deputy):
        services.record_succession(
            unit,
            actor=council_officer,
            successors=[new],
            kind=SuccessionKind.CONSOLIDATE,
            effective_date=D(2025, 7, 1),
            legal_basis="QĐ 01/QĐ-UBND",
        )

    ended = Unit.objects.filter(pk__in=[world.member.pk, world.deputy.pk])
    assert {u.status for u in ended} == {UnitStatus.MERGED}
    assert set(UnitSuccession.objects.values_list("kind", flat=True)) == {"consolidate"}


def test_end_unit_form_offers_both_mergers(world):
    form = EndUnitForm(candidates=Unit.objects.none())

    values = [value for value, _ in form.fields["kind"].choices]

    assert {"absorb", "consolidate"} <= set(values) and "merge" not in values


def test_migration_maps_old_mergers_by_whether_the_successor_began_that_day(world):
    day = D(2025, 7, 1)
    new, existing = UnitFactory(province=world.province, valid_from=day), UnitFactory(province=world.province)
    old_rows = [(world.member, new, "merge"), (world.deputy, existing, "merge"), (world.head, existing, "rename")]
    for predecessor, successor, kind in old_rows:
        UnitSuccession.objects.create(
            predecessor=predecessor, successor=successor, kind=kind, effective_date=day, legal_basis="NQ"
        )

    migration.split_mergers(apps, None)

    kinds = dict(UnitSuccession.objects.values_list("predecessor_id", "kind"))
    assert kinds == {world.member.pk: "consolidate", world.deputy.pk: "absorb", world.head.pk: "rename"}
