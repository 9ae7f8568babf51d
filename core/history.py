"""Readable audit entries for the history panels.

Each app says, in its own ``history.py``, what its action codes mean: a sentence, the model whose
field labels and choice labels name the entry's data, and which data keys hold ids of other
objects (shown by name). ``present_history`` turns entries into rows a template shows as is:
a sentence, the changed fields with readable values, names resolved in one query per model.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import ActivityLog

EMPTY: tuple[object, ...] = (None, "", [], {})
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
LONG_TEXT = 240

StrOrPromise = str | Promise

# Keys many actions share; an action's model (its fields' verbose names) and its own labels come first.
# An app adds the keys its entries share with ``label_keys`` (core knows no domain word).
COMMON_LABELS: dict[str, StrOrPromise] = {
    "status": gettext_lazy("status"),
    "reason": gettext_lazy("reason"),
    "comment": gettext_lazy("comment"),
    "file": gettext_lazy("file"),
    "size": gettext_lazy("size (bytes)"),
    "kind": gettext_lazy("kind"),
    "version": gettext_lazy("version"),
}


@dataclass(frozen=True)
class ActionSpec:
    sentence: StrOrPromise
    model: type[models.Model] | None = None
    refs: dict[str, type[models.Model]] = field(default_factory=dict)
    labels: dict[str, StrOrPromise] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    moved_field: str = "status"  # the field a bare {"before": x, "after": y} entry is about


@dataclass(frozen=True)
class HistoryRow:
    created: datetime.datetime
    actor: object
    action: str
    sentence: str
    details: list[tuple[str, object, object]]


_REGISTRY: dict[str, ActionSpec] = {}
# (key, before, after, is_change) of one detail row; names of referenced objects by model and id.
Pair = tuple[str, object, object, bool]
Names = dict[type[models.Model], dict[int, str]]


def label_keys(**labels: StrOrPromise) -> None:
    """Name data keys the entries of several actions share, where no model field nor the action names them."""
    COMMON_LABELS.update(labels)


def register(
    code: str,
    sentence: StrOrPromise,
    *,
    model: type[models.Model] | None = None,
    refs: Mapping[str, type[models.Model]] | None = None,
    labels: Mapping[str, StrOrPromise] | None = None,
    hidden: Iterable[str] = (),
    moved_field: str = "status",
) -> None:
    """Say what an action code means (called from each app's history.py when the app registry is ready)."""
    _REGISTRY[code] = ActionSpec(sentence, model, dict(refs or {}), dict(labels or {}), frozenset(hidden), moved_field)


def register_each(prefix: str, sentences: Mapping[Any, StrOrPromise], **spec: Any) -> None:
    """Register ``prefix.<key>`` for each key's sentence, all sharing one model, refs, labels and hidden keys.

    A key may be a choice (its value is used), e.g. one code per status a registration moves to.
    """
    for key, sentence in sentences.items():
        register(f"{prefix}.{getattr(key, 'value', key)}", sentence, **spec)


def is_registered(code: str) -> bool:
    """Whether an app said what ``code`` means (an unregistered code reads as its raw words)."""
    return code in _REGISTRY


def names_key(code: str, key: str) -> bool:
    """Whether a data key of ``code``'s entries shows with a label (its spec's, its model field's or a
    shared one) or is hidden, rather than as its raw key."""
    spec = spec_for(code)
    return key in spec.hidden or key in spec.labels or _field(spec.model, key) is not None or key in COMMON_LABELS


def spec_for(code: str) -> ActionSpec:
    """The registered meaning of a code; an unknown code reads as its words ("foo.bar_baz" → "Bar baz")."""
    spec = _REGISTRY.get(code)
    if spec is not None:
        return spec
    words = " ".join(code.split(".")[1:] or [code]).replace("_", " ")
    return ActionSpec(capfirst(words))


def present_history(entries: Iterable[ActivityLog]) -> list[HistoryRow]:
    """Readable rows for audit entries; ids become names with one query per referenced model."""
    specs = [(entry, spec_for(entry.action)) for entry in entries]
    read = [(entry, spec, _pairs(entry.data, spec)) for entry, spec in specs]
    # An edit that saved the same values changed nothing: the panel leaves it out (the audit log keeps it).
    prepared = [(entry, spec, pairs) for entry, spec, pairs in read if pairs or not _is_diff(entry.data)]
    names = _names(prepared)
    return [
        HistoryRow(
            created=entry.created,
            actor=entry.actor,
            action=entry.action,
            sentence=str(spec.sentence),
            details=[_detail(spec, row, names) for row in pairs],
        )
        for entry, spec, pairs in prepared
    ]


def _pairs(raw: object, spec: ActionSpec) -> list[Pair]:
    """(key, before, after, is_change) for what the entry says, without unchanged or empty values."""
    data: dict[str, Any] = dict(raw or {}) if isinstance(raw, dict) else {"value": raw}
    before, after = data.pop("before", None), data.pop("after", None)
    rows: list[Pair] = []
    if isinstance(before, dict) or isinstance(after, dict):
        old, new = before or {}, after or {}
        rows = [(key, old.get(key), new.get(key), True) for key in {**old, **new}]
    elif before is not None or after is not None:
        rows = [(spec.moved_field, before, after, True)]
    rows += [(key, None, value, False) for key, value in data.items()]
    return [
        row
        for row in rows
        if row[0] not in spec.hidden and not (row[3] and row[1] == row[2]) and not (row[1] in EMPTY and row[2] in EMPTY)
    ]


def _is_diff(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("before"), dict) and isinstance(data.get("after"), dict)


def _names(prepared: list[tuple[ActivityLog, ActionSpec, list[Pair]]]) -> Names:
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for _entry, spec, pairs in prepared:
        for key, before, after, _change in pairs:
            if key in spec.refs:
                wanted[spec.refs[key]].update(_ids(before) + _ids(after))
    return {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}
        for model, ids in wanted.items()
        if ids
    }


def _ids(value: object) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _detail(spec: ActionSpec, row: Pair, names: Names) -> tuple[str, object, object]:
    key, before, after, is_change = row
    shown_before = _display(spec, key, before, names) if is_change else None
    return _label(spec, key), shown_before, _display(spec, key, after, names)


def _label(spec: ActionSpec, key: str) -> str:
    if key in spec.labels:
        return capfirst(str(spec.labels[key]))
    model_field = _field(spec.model, key)
    if model_field is not None:
        return capfirst(str(model_field.verbose_name))
    return capfirst(str(COMMON_LABELS.get(key, key.replace("_", " "))))


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _display(spec: ActionSpec, key: str, value: object, names: Names) -> str:
    if value in EMPTY:
        return "—"
    if key in spec.refs:
        known = names.get(spec.refs[key], {})
        values = value if isinstance(value, list) else [value]
        return ", ".join(
            known.get(v, _("(removed, #%(id)s)") % {"id": v}) if isinstance(v, int) else str(v) for v in values
        )
    model_field = _field(spec.model, key)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return _plain(value)


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, str):
        return _plain_text(value)
    return Truncator(str(value)).chars(LONG_TEXT)


def _plain_text(value: str) -> str:
    day = parse_date(value) if ISO_DATE.match(value) else None
    if day is not None:
        return formats.date_format(day, "SHORT_DATE_FORMAT")
    moment = parse_datetime(value) if ISO_DATETIME.match(value) else None
    if moment is not None:
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    return Truncator(value).chars(LONG_TEXT)


# Core's own action codes (core/history.py is core's module of the "history" autodiscovery too).
# A document's or a file's kind ("awards.minutes") is a registry key, not a word: hidden, as is a file's id;
# the entry sits on the object the document is of, which says what it is.
register(
    "core.document.issued",
    gettext_lazy("Issued the document with its number"),
    labels={
        "number": gettext_lazy("number"),
        "issued_on": gettext_lazy("issued on"),
        "signer": gettext_lazy("signed by"),
    },
    hidden={"kind"},
)
register("core.file.requested", gettext_lazy("Asked for a file to be generated"), hidden={"kind", "file"})
register(
    "core.login.locked_out",
    gettext_lazy("Locked the account out after too many failed sign-ins"),
    labels={"username": gettext_lazy("user name"), "ip": gettext_lazy("IP address")},
)
