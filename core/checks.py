from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """Stop a production web server that has no SECRET_KEY before it serves a request.

    Reading the setting is the check: Django raises ImproperlyConfigured ("The SECRET_KEY
    setting must not be empty.") on access; we access it at start-up, not on the first request.
    """
    if not settings.SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
