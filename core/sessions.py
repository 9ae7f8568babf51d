"""The 30-minute idle expiry of a session, without a database write on every request.

``SESSION_SAVE_EVERY_REQUEST`` would save the session on each request only to move its expiry:
on PostgreSQL a durable commit (BEGIN, UPDATE django_session, COMMIT) per page view, from every
user, for a timestamp. Saving it at most once a minute keeps the idle expiry within a minute of
30 minutes (``SESSION_COOKIE_AGE``) after the last request, and a page that reads nothing runs
only the two reads of the session and the user.

This module is both the session engine (``SESSION_ENGINE``: Django's database store, which also
keeps the expiry date of the row it loaded) and the middleware that reads that date.
"""

import datetime
from collections.abc import Callable

from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

REFRESH_INTERVAL = datetime.timedelta(minutes=1)


class SessionStore(DatabaseSessionStore):
    """Django's database session store, remembering the expiry date of the row it loaded.

    The date tells when the session was last saved (expiry − SESSION_COOKIE_AGE) without a
    timestamp of our own in the session data, so a session saved outside a request (a test
    client's login) or before this middleware existed is read the same way.
    """

    expire_date: datetime.datetime | None = None

    # The one place the store sees the row (load() keeps only its data); django-stubs omit this hook.
    def _get_session_from_db(self) -> Session | None:
        session: Session | None = super()._get_session_from_db()  # type: ignore[misc]
        self.expire_date = session.expire_date if session else None
        return session


class SessionRefreshMiddleware:
    """Have SessionMiddleware save a signed-in session when its last save is a minute old.

    Must sit just below ``SessionMiddleware`` in ``MIDDLEWARE``: it marks the session modified on
    the way out, before SessionMiddleware decides whether to save it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        refresh_if_due(request.session)
        return response


def refresh_if_due(session: SessionBase) -> None:
    """Mark ``session`` for saving if it holds data and was last saved more than a minute ago.

    An empty session (anonymous, flushed by a logout, expired) is left alone: no row for nothing.
    A modified one is saved anyway. A store that does not tell its expiry is saved every time,
    as ``SESSION_SAVE_EVERY_REQUEST`` would.
    """
    if session.modified or not session.keys():  # keys() loads the session if nothing did yet
        return
    expire_date = getattr(session, "expire_date", None)
    if expire_date is None:
        session.modified = True
        return
    saved_at = expire_date - datetime.timedelta(seconds=session.get_session_cookie_age())
    session.modified = timezone.now() - saved_at >= REFRESH_INTERVAL
