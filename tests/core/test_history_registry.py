"""Every action code the code base writes to the audit chain reads as a sentence, with labelled details.

The code base is read with ``ast``, not run: every ``log_action(..., action=...)`` in the apps, and every
call of a helper that hands its own ``action`` parameter on to ``log_action`` (``_update``, ``_save_changes``).
An f-string code is expanded from the state machine whose moves build it (``DYNAMIC``); a new f-string
prefix fails the test until it is listed there.

Security events (``record_security_event``: refused moves, forbidden POSTs, failed logins) are not audit
entries and never reach a history panel, so their ``action`` strings are left out.
"""

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext

from awards.enums import AwardKind
from core.history import is_registered, names_key
from core.selectors import history_for
from core.services import log_action
from pledges.transitions import REGISTRATION
from scoring.transitions import SHEET

APPS = ("core", "blocs", "pledges", "scoring", "awards", "twofactor")
WRITER = "log_action"
# Keys every before/after entry uses for its shape, not for a detail of its own.
STRUCTURAL = {"before", "after"}

# f"<prefix>{x}" codes and what x can be: the service looks the value up in these machines.
DYNAMIC: dict[str, Callable[[], set[str]]] = {
    # scoring.services.sheets._move: SHEET[action] must be a move of the sheet machine.
    "scoring.sheet.": lambda: set(SHEET.moves),
    # pledges.services.commitments._move_registration: REGISTRATION.action_to(to) must find a move.
    "pledges.registration.": lambda: {move.target for move in REGISTRATION.moves.values()},
}

# Data whose keys the code builds elsewhere than in the call (the result a tally stores, written as is):
# awards.services.ballots.decided_result. The counts it spreads are hidden by awards/history.py.
BALLOT_RESULT_KEYS = {"members", "present", "passing", "elected", "next_round", "preferred"}
BUILT_ELSEWHERE = {"awards.ballot.tallied": BALLOT_RESULT_KEYS, "awards.ballot.paper_counted": BALLOT_RESULT_KEYS}


@dataclass
class Written:
    codes: dict[str, str] = field(default_factory=dict)  # code → where it is written
    keys: dict[str, set[str]] = field(default_factory=dict)  # code → the data keys the call spells out
    unknown: list[str] = field(default_factory=list)  # calls whose code cannot be read


def _sources() -> Iterator[tuple[str, ast.Module]]:
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield str(path.relative_to(root)), ast.parse(path.read_text(), filename=str(path))


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    yield from (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef))


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    args = function.args
    return {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}


def _passes_action_on(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A helper: its ``action`` parameter is what it hands to ``log_action``."""
    if "action" not in _parameters(function):
        return False
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and _callee(node) == WRITER:
            value = _keyword(node, "action")
            if isinstance(value, ast.Name) and value.id == "action":
                return True
    return False


def _assigned(function: ast.AST, name: str) -> list[ast.expr]:
    """The values assigned to a local ``name`` in ``function``."""
    return [
        node.value
        for node in ast.walk(function)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    ]


def _codes_of(value: ast.expr, function: ast.AST, where: str, written: Written, *, helper: bool) -> list[str]:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.JoinedStr):
        parts = value.values
        prefix = "".join(str(p.value) for p in parts[:1] if isinstance(p, ast.Constant))
        one_hole = len(parts) == 2 and isinstance(parts[1], ast.FormattedValue)  # a prefix, then one value
        if prefix in DYNAMIC and one_hole:
            return [prefix + suffix for suffix in sorted(DYNAMIC[prefix]())]
        written.unknown.append(f"{where}: f-string code {ast.unparse(value)!r} (list its values in DYNAMIC)")
        return []
    if isinstance(value, ast.Name):
        if helper and value.id == "action":
            return []  # a helper's parameter: its callers' codes are read where they call it
        strings = [
            node.value
            for assigned in _assigned(function, value.id)
            for node in ast.walk(assigned)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
        if strings:
            return strings
    written.unknown.append(f"{where}: code {ast.unparse(value)!r} cannot be read")
    return []


def _data_keys(call: ast.Call, function: ast.AST) -> set[str]:
    """The keys a ``data={...}`` (or a local dict it names) spells out; diffs and built dicts say none."""
    value = _keyword(call, "data")
    candidates = [value] if isinstance(value, ast.Dict) else []
    if isinstance(value, ast.Name):
        candidates = [v for v in _assigned(function, value.id) if isinstance(v, ast.Dict)]
    return {
        key.value
        for candidate in candidates
        for key in candidate.keys
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def _calls(tree: ast.Module) -> Iterator[tuple[ast.Call, ast.AST]]:
    """Every call of the module with its innermost enclosing function (the module for a top-level call)."""
    owner: dict[ast.AST, ast.AST] = {}
    for function in _functions(tree):  # outer functions first: an inner one claims its own calls after
        owner.update(dict.fromkeys(ast.walk(function), function))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node, owner.get(node, tree)


def _scan() -> Written:
    trees = list(_sources())
    helpers = {f.name for _path, tree in trees for f in _functions(tree) if _passes_action_on(f)}
    written = Written()
    for path, tree in trees:
        for node, scope in _calls(tree):
            if _callee(node) not in {WRITER, *helpers}:
                continue
            where = f"{path}:{node.lineno}"
            value = _keyword(node, "action")
            if value is None:
                if _callee(node) == WRITER:
                    written.unknown.append(f"{where}: log_action without action=")
                continue
            is_helper = isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) and scope.name in helpers
            for code in _codes_of(value, scope, where, written, helper=is_helper):
                written.codes.setdefault(code, where)
                written.keys.setdefault(code, set()).update(_data_keys(node, scope))
    for code, keys in BUILT_ELSEWHERE.items():
        written.keys.setdefault(code, set()).update(keys)
    return written


@pytest.fixture(scope="module")
def written() -> Written:
    return _scan()


def test_the_scan_finds_the_codes_each_app_writes(written):
    # Guards the scan itself: one code written directly, one through a helper, one via a local, one per f-string.
    assert {
        "core.document.issued",
        "blocs.bloc_year.updated",
        "pledges.unit_report.updated",
        "pledges.pledge.amended",
        "pledges.pledge.drafted",
        "scoring.sheet.submit",
        "pledges.registration.forwarded",
        "awards.meeting.override_withdrawn",
    } <= set(written.codes)
    assert "core.login.failed" not in written.codes  # a security event, not an audit entry
    assert written.keys["awards.meeting.override_withdrawn"] == {"award", "unit", "override_reason", "reason"}


def test_every_written_action_code_is_read_from_the_code(written):
    assert written.unknown == []


def test_every_written_action_code_is_registered_for_the_history_panels(written):
    missing = sorted(f"{code} ({where})" for code, where in written.codes.items() if not is_registered(code))

    assert missing == []


def test_every_data_key_a_registered_code_writes_has_a_label_or_is_hidden(written):
    raw = sorted(
        f"{code}: {key} ({written.codes[code]})"
        for code, keys in written.keys.items()
        for key in keys - STRUCTURAL
        if is_registered(code) and not names_key(code, key)
    )

    assert raw == []


def test_unregistered_code_and_unnamed_key_are_told_apart():
    assert not is_registered("awards.meeting.no_such_thing")
    assert not names_key("awards.meeting.override_withdrawn", "no_such_key")
    assert names_key("awards.meeting.override_withdrawn", "override_reason")


def _label(msgid: str) -> str:
    return capfirst(gettext(msgid))


def test_issued_document_entry_reads_number_date_and_signer_without_its_kind(world, secretariat):
    data = {"kind": "awards.minutes", "number": "05/BB-KTĐ", "issued_on": "2025-12-20", "signer": "Nguyễn Văn An"}
    log_action(world.bloc_year, actor=secretariat, action="core.document.issued", data=data)

    row = history_for(world.bloc_year)[0]

    assert row.sentence == gettext("Issued the document with its number")
    labels = {label: after for label, _before, after in row.details}
    assert set(labels) == {_label("number"), _label("issued on"), _label("signed by")}
    assert labels[_label("signed by")] == "Nguyễn Văn An"
    assert "awards.minutes" not in str(row.details)


def test_tally_entry_names_the_units_that_passed_were_elected_and_go_on(world, secretariat):
    data = {
        "votes": {str(world.head.pk): 3, str(world.member.pk): 1},
        "passing": [world.head.pk],
        "elected": [world.head.pk],
        "next_round": [world.member.pk],
        "preferred": [],
    }
    log_action(world.bloc_year, actor=secretariat, action="awards.ballot.tallied", data=data)

    row = history_for(world.bloc_year)[0]

    labels = {label: after for label, _before, after in row.details}
    assert labels == {
        _label("passed the threshold"): str(world.head),
        _label("elected"): str(world.head),
        _label("to the next round"): str(world.member),
    }


def test_withdrawn_override_entry_names_the_unit_and_both_reasons(world, secretariat):
    data = {
        "award": AwardKind.PROVINCE_FLAG.value,
        "unit": world.member.pk,
        "override_reason": "Đã khắc phục",
        "reason": "Nhầm lẫn",
    }
    log_action(world.bloc_year, actor=secretariat, action="awards.meeting.override_withdrawn", data=data)

    row = history_for(world.bloc_year)[0]

    assert row.sentence == gettext("Withdrew the override: the unit is left out by the rules again")
    labels = {label: after for label, _before, after in row.details}
    assert labels[_label("award")] == str(AwardKind.PROVINCE_FLAG.label)
    assert labels[_label("unit")] == str(world.member)
    assert labels[_label("reason for the override")] == "Đã khắc phục"
    assert labels[_label("reason withdrawn")] == "Nhầm lẫn"
