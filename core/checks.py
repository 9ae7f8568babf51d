from django.conf import settings


def require_secret_key() -> None:
    """Stop a production web server that has no SECRET_KEY before it serves a request.

    Django raises ImproperlyConfigured ("The SECRET_KEY setting must not be empty.")
    on first access; we access it at start-up rather than on the first request.
    """
    assert settings.SECRET_KEY
