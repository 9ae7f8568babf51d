"""Vietnamese is the default language: every string in the catalogue is translated and none is fuzzy."""

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/vi/LC_MESSAGES/django.po"


def _field(block: str, keyword: str) -> str:
    """The joined string of ``keyword`` (msgid, msgstr, ...) including its continuation lines."""
    match = re.search(rf'^{re.escape(keyword)} "(.*)"\n?((?:".*"\n?)*)', block, re.M)
    return match.group(1) + "".join(re.findall(r'^"(.*)"', match.group(2), re.M)) if match else ""


def _entries():
    for block in CATALOGUE.read_text().split("\n\n"):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        translated = _field(block, "msgstr[0]") if "msgid_plural" in block else _field(block, "msgstr")
        yield _field(block, "msgid"), translated, "fuzzy" in block.split("msgid")[0]


def test_vietnamese_catalogue_is_complete():
    entries = [e for e in _entries() if e[0]]  # the header has an empty msgid

    assert len(entries) > 200
    assert [msgid for msgid, translated, _ in entries if not translated] == []
    assert [msgid for msgid, _, fuzzy in entries if fuzzy] == []


def test_vietnamese_catalogue_keeps_every_placeholder():
    for msgid, translated, _ in _entries():
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", translated)), msgid
