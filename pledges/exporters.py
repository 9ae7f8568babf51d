"""Exports of the pledges app: each one generator yielding the header row, then one row per object."""

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.selectors import name_on

# --- Title registrations ------------------------------------------------------------


def registration_rows(registrations: Iterable) -> Iterator[list]:
    """Header, then one row per registration: year, province, bloc, unit (named as that year), title,
    targets, status, dates. ``registrations`` comes from ``province_registrations`` (names prefetched)."""
    yield [
        _("Year"),
        _("Province"),
        _("Bloc"),
        _("Unit"),
        _("Title"),
        _("Targets"),
        _("Status"),
        _("Submitted at"),
        _("Accepted at"),
        _("Forwarded at"),
    ]
    for r in registrations:
        yield [
            r.bloc_year.year,
            r.bloc_year.bloc.province.name,
            r.bloc_year.bloc.name,
            name_on(r.unit, datetime.date(r.bloc_year.year, 12, 31)),
            r.title.name,
            r.targets,
            r.get_status_display(),
            _local(r.submitted_at),
            _local(r.decided_at),
            _local(r.forwarded_at),
        ]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""
