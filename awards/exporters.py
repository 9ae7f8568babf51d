"""Exports of the awards app: each one generator yielding the header row, then one row per object."""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

# --- The council office's proposals --------------------------------------------------------------


def proposal_rows(proposals: Iterable) -> Iterator[list]:
    """Header, then one row per proposal: year, bloc, status, submitted on, late, awards proposed,
    officer, reason for return. ``proposals`` comes from ``province_proposals`` (``is_late`` annotated,
    items prefetched)."""
    yield [
        _("Year"),
        _("Province"),
        _("Bloc"),
        _("Status"),
        _("Submitted on"),
        _("Late"),
        _("Proposed awards"),
        _("Officer in charge"),
        _("Reason for return"),
    ]
    for p in proposals:
        yield [
            p.bloc_year.year,
            p.bloc_year.bloc.province.name,
            p.bloc_year.bloc.name,
            p.get_status_display(),
            p.submitted_on.strftime("%d/%m/%Y") if p.submitted_on else "",
            _("Yes") if p.is_late else _("No"),
            "; ".join(f"{item.get_award_display()}: {item.unit}" for item in p.items.all()),
            (p.assigned_to.get_full_name() or p.assigned_to.username) if p.assigned_to else "",
            p.return_reason,
        ]
