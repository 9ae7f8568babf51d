"""Views of the scoring app, one module per area."""

from django.http import HttpRequest

from core.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request past ``LoginRequiredMiddleware`` (config/settings.py): every scoring page needs a signed-in user."""

    user: User
