"""The dashboard asks every app what needs the user now.

An app contributes by defining ``dashboard.py`` with functions decorated by
``@provider``; each returns the sections it has for the user (often none).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

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


# A provider: (user, *, today) -> the sections it has for the user.
Provider = Callable[..., Iterable[Section]]
_providers: list[Provider] = []
_modules = Discovered("dashboard")


def provider(func: Provider) -> Provider:
    _providers.append(func)
    return func


def sections_for(user: AbstractBaseUser | AnonymousUser, *, today: datetime.date) -> list[Section]:
    _modules.discover()
    return [section for func in _providers for section in func(user, today=today)]
