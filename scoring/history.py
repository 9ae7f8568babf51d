"""What the scoring app's audit entries mean, for the history panels (see core.history)."""

from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from core.history import label_keys, register, register_each
from scoring.enums import SheetAction
from scoring.models import Scheme, SchemeItem, ScoreLine, ScoreSheet, ScoringSetting

ITEM_LABELS = {"offset": _("moved by")}
label_keys(item=_("item"), items=_("items"))

register_each(
    "scoring.scheme",
    {"created": _("Created the scoring scheme"), "updated": _("Edited the scheme's title or bonus cap")},
    model=Scheme,
)
register(
    "scoring.scheme.copied",
    _("Copied the scheme from another year"),
    labels={"from_year": _("from the year")},
    hidden={"from"},
)
register("scoring.scheme.imported", _("Imported the scheme from a spreadsheet"))
# Scheme.items is the reverse relation to its items: the entry's "items" (a count) needs its own label.
register("scoring.scheme.frozen", _("Froze the scheme when scoring opened"), model=Scheme, labels={"items": _("items")})
register(
    "scoring.scheme.item_added",
    _("Added an item to the scheme"),
    model=SchemeItem,
    hidden={"parent", "position", "sort_key", "depth"},
)
register("scoring.scheme.item_updated", _("Edited an item of the scheme"), model=SchemeItem, labels=ITEM_LABELS)
register("scoring.scheme.item_moved", _("Moved an item of the scheme"), labels=ITEM_LABELS)
register("scoring.scheme.item_nested", _("Moved an item under another group"), labels=ITEM_LABELS, moved_field="parent")
register("scoring.scheme.item_removed", _("Removed an item from the scheme"), labels={"with": _("with its items")})
register("scoring.self_scoring.opened", _("Opened self-scoring for the member units"), refs={"units": Unit})
register("scoring.setting.updated", _("Edited the scoring settings"), model=ScoringSetting)
register("scoring.scores.locked", _("Locked the scores"), labels={"sheets": _("sheets")})
register("scoring.sheet.opened", _("Opened the next stage's sheet"), model=ScoreSheet, hidden={"from"})
register(
    "scoring.sheet.imported",
    _("Saved several lines of the sheet at once (e.g. from a spreadsheet)"),
    model=ScoreSheet,
    labels={"source": _("source"), "changed": _("changed items")},
)
register(
    "scoring.line.saved",
    _("Saved a line of the sheet"),
    model=ScoreLine,
    labels={"item": _("item")},
    hidden={"version"},
)
register_each("scoring.evidence", {"added": _("Attached evidence"), "removed": _("Removed evidence")}, hidden={"line"})
SHEET_SENTENCES = {
    SheetAction.SUBMIT: _("Submitted the sheet"),
    SheetAction.RETURN: _("Returned the sheet with comments"),
    SheetAction.ACCEPT: _("Accepted the sheet"),
}
# The entry's own time says when it was submitted or accepted.
register_each("scoring.sheet", SHEET_SENTENCES, model=ScoreSheet, hidden={"submitted_at", "accepted_at"})
