"""Selectors of the pledges app, one module per area."""

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from core.models import User

# The user a chokepoint answers for (anonymous where a page may be reached signed out).
Viewer = User | AnonymousUser

M = TypeVar("M", bound=Model)


def with_extras(row: M, **extras: object) -> M:
    """Give a row the extras its page or document reads (``unit_name``, ``days_late``), which its model
    does not declare; set by name so the type checker knows they are not model fields."""
    for name, value in extras.items():
        setattr(row, name, value)
    return row
