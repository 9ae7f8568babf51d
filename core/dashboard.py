"""The dashboard asks every app what needs the user now.

An app contributes by defining ``dashboard.py`` with functions decorated by
``@provider``; each returns the sections it has for the user (often none).
"""

import datetime
from dataclasses import dataclass, field

from core.registry import Discovered


@dataclass(frozen=True)
class Item:
    text: str
    url: str = ""
    level: str = "info"  # info | warning | danger
    due: datetime.date | None = None
    days_left: int | None = None


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    empty_message: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


_providers = []
_modules = Discovered("dashboard")


def provider(func):
    _providers.append(func)
    return func


def sections_for(user, *, today: datetime.date) -> list[Section]:
    _modules.discover()
    return [section for func in _providers for section in func(user, today=today)]
