"""Helpers of the mass-assignment tests: post every model field name with a hostile value, then compare."""

from django.db import models
from django.forms.models import model_to_dict

HOSTILE_TEXT = "hostile"
HOSTILE_NUMBER = 999
HOSTILE_DATE = "01/01/1999"


def hostile_value(field: models.Field, *, other_pk: int) -> object:
    """A value an attacker would post for ``field``: another row's id, a final status, a far date, True."""
    if field.is_relation:
        return other_pk
    if field.choices:
        return field.choices[-1][0]
    if isinstance(field, models.BooleanField):
        return "on"
    if isinstance(field, (models.DateField, models.DateTimeField)):
        return HOSTILE_DATE
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return HOSTILE_NUMBER
    return HOSTILE_TEXT


def hostile_data(*model_classes: type[models.Model], other_pk: int) -> dict[str, object]:
    """Every concrete field name of the models (plus ``pk``), each with a hostile value."""
    data: dict[str, object] = {"pk": other_pk}
    for model in model_classes:
        for field in model._meta.concrete_fields:
            data.setdefault(field.name, hostile_value(field, other_pk=other_pk))
            data.setdefault(field.attname, data[field.name])
    return data


def snapshot(obj: models.Model) -> dict[str, object]:
    """Every concrete field of the row as the database holds it now."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    names = [field.name for field in obj._meta.concrete_fields]
    return {**model_to_dict(fresh, fields=names), "id": fresh.pk}


def assert_only_fields_changed(before: dict, after: dict, allowed: set[str]) -> None:
    """Every field outside ``allowed`` kept its value; the message names the ones that did not."""
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= allowed, f"fields changed outside the form: {sorted(changed - allowed)}"


def post_hostile(
    client, url: str, valid: dict, *targets: models.Model, parents=(), other_pk: int, allowed=(), **headers
):
    """Post ``valid`` plus every field name of the targets' and parents' models; only ``allowed`` may change."""
    rows = [*targets, *parents]
    before = [snapshot(row) for row in rows]
    data = {**hostile_data(*(type(row) for row in rows), other_pk=other_pk), **valid}
    response = client.post(url, data, **headers)
    assert response.status_code < 500
    for row, old in zip(rows, before, strict=True):
        assert_only_fields_changed(old, snapshot(row), set(allowed) if row in targets else set())
    return response
