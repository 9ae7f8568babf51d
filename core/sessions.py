"""The 30-minute idle expiry of a session, without a database write on every request.

``SESSION_SAVE_EVERY_REQUEST`` would save the session on each request only to move its expiry:
on PostgreSQL a durable commit (BEGIN, UPDATE django_session, COMMIT) per page view, from every
user, for a timestamp. Saving it at most once a minute keeps the idle expiry within a minute of
30 minutes (``SESSION_COOKIE_AGE``) after the last request, and a page that reads nothing runs
only the two reads of the session and the user.
"""

import time
from collections.abc import Callable

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

# When the session was last saved (Unix seconds), kept in the session itself: the database
# backend does not tell a loaded session its expiry date.
REFRESHED_AT = "_refreshed_at"
REFRESH_INTERVAL = 60  # seconds


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
    """Mark ``session`` for saving if it holds data and was not saved in the last minute.

    An empty session (anonymous, just flushed by a logout, or expired) is left alone so that
    no row is created for a timestamp alone.
    """
    refreshed_at = session.get(REFRESHED_AT, 0)  # loads the session if nothing did yet
    if session.is_empty():
        return
    now = int(time.time())
    if session.modified or now - refreshed_at >= REFRESH_INTERVAL:
        session[REFRESHED_AT] = now
