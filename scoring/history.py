"""What the scoring app's audit entries mean, for the history panels (see core.history)."""

from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from core.history import register
from scoring.enums import SheetAction
from scoring.models import Scheme, SchemeItem, ScoreLine, ScoreSheet, ScoringSetting

ITEM_LABELS = {"item": _("item"), "offset": _("moved by")}

register("scoring.scheme.created", _("Created the scoring scheme"), model=Scheme)
register("scoring.scheme.updated", _("Edited the scheme's title or bonus cap"), model=Scheme)
register(
    "scoring.scheme.copied",
    _("Copied the scheme from another year"),
    labels={"from_year": _("from the year"), "items": _("items")},
    hidden={"from"},
)
register("scoring.scheme.imported", _("Imported the scheme from a spreadsheet"), labels={"items": _("items")})
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
register(
    "scoring.scheme.item_removed",
    _("Removed an item from the scheme"),
    labels={"item": _("item"), "with": _("with its items")},
)
register(
    "scoring.self_scoring.opened",
    _("Opened self-scoring for the member units"),
    refs={"units": Unit},
    labels={"units": _("units")},
)
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
register("scoring.evidence.added", _("Attached evidence"), labels={"file": _("file")}, hidden={"line"})
register("scoring.evidence.removed", _("Removed evidence"), labels={"file": _("file")}, hidden={"line"})
SHEET_SENTENCES = {
    SheetAction.SUBMIT: _("Submitted the sheet"),
    SheetAction.RETURN: _("Returned the sheet with comments"),
    SheetAction.ACCEPT: _("Accepted the sheet"),
}
for action, sentence in SHEET_SENTENCES.items():
    # The entry's own time says when it was submitted or accepted.
    register(f"scoring.sheet.{action.value}", sentence, model=ScoreSheet, hidden={"submitted_at", "accepted_at"})
