"""A malformed environment variable stops start-up with a message naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["maybe", "2"])
def test_env_bool_malformed_names_variable(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)

    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.env_bool("DEBUG")


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("off", False), ("", False), ("YES", True)])
def test_env_bool_accepts_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)

    assert env.env_bool("X_FLAG") is expected


def test_env_int_malformed_names_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")

    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env.env_int("EMAIL_PORT", 25)


def test_env_int_below_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "0")

    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.env_int("EMAIL_PORT", 25, minimum=1)


@pytest.mark.parametrize("raw", ["http://localhost:6379", "redis://localhost:notaport/0"])
def test_env_url_malformed_redis_url_is_refused(monkeypatch, raw):
    monkeypatch.setenv("REDIS_URL", raw)

    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env.env_url("REDIS_URL", schemes={"redis", "rediss"})


@pytest.mark.parametrize("raw", ["nosuchdb://x/y", "postgres://user@host:port/db"])
def test_database_config_malformed_url_is_refused(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_URL", raw)

    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.database_config("DATABASE_URL", "sqlite:///x")


def test_database_config_default_is_sqlite(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert env.database_config("DATABASE_URL", "sqlite:///tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"


def _start(*command, **overrides) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, *(command or ["manage.py", "check"])],
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": "config.settings", **overrides},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_startup_without_secret_key_in_production_stops_web_server_with_message():
    result = _start("-c", "import config.wsgi", DEBUG="0")

    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_check_deploy_without_secret_key_fails_with_message():
    result = _start("manage.py", "check", "--deploy", "--fail-level", "WARNING", DEBUG="0", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_makemigrations_check_runs_without_any_variable():
    result = _start("manage.py", "makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr


def test_web_server_starts_with_production_variables():
    result = _start("-c", "import config.wsgi", DEBUG="0", SECRET_KEY="s" * 60, ALLOWED_HOSTS="example.org")

    assert result.returncode == 0, result.stderr


def test_startup_malformed_variable_stops_with_its_name():
    result = _start(DEBUG="1", REDIS_URL="http://wrong")

    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_startup_embedded_default_needs_no_variables(tmp_path):
    result = _start(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert result.returncode == 0, result.stderr


def _signed_with(key: str) -> str:
    code = "import django; django.setup(); from django.core import signing; print(signing.dumps('rotated'))"
    return _start("-c", code, DEBUG="0", SECRET_KEY=key).stdout.strip()


def _unsign(value: str, **variables: str) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.core import signing; print(signing.loads({value!r}))"
    return _start("-c", code, DEBUG="0", **variables)


def test_secret_key_rotation_old_signature_verifies_with_fallback():
    old, new = "o" * 60, "n" * 60
    value = _signed_with(old)

    result = _unsign(value, SECRET_KEY=new, SECRET_KEY_FALLBACKS=f"{old}, {'x' * 60}")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "rotated"


def test_secret_key_rotation_without_fallback_rejects_old_signature():
    value = _signed_with("o" * 60)

    result = _unsign(value, SECRET_KEY="n" * 60)

    assert result.returncode != 0
    assert "BadSignature" in result.stderr
