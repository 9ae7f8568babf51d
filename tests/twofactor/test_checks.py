import os
import subprocess
import sys

from django.conf import settings
from django.core import checks

from twofactor.checks import two_factor_required


def test_check_required_off_without_debug_warns(settings):
    settings.TWO_FACTOR_REQUIRED, settings.DEBUG = False, False

    assert [warning.id for warning in two_factor_required(None)] == ["twofactor.W001"]


def test_check_required_off_with_debug_is_silent(settings):
    settings.TWO_FACTOR_REQUIRED, settings.DEBUG = False, True

    assert two_factor_required(None) == []


def test_check_required_on_is_silent(settings):
    settings.TWO_FACTOR_REQUIRED, settings.DEBUG = True, False

    assert two_factor_required(None) == []


def test_check_is_registered_for_deploy_only(settings):
    settings.TWO_FACTOR_REQUIRED, settings.DEBUG = False, False

    deploy = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    plain = checks.run_checks(include_deployment_checks=False, tags=[checks.Tags.security])

    assert "twofactor.W001" in {m.id for m in deploy} and "twofactor.W001" not in {m.id for m in plain}


def _check_deploy(**overrides) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    production = {"DEBUG": "0", "SECRET_KEY": "k" * 20 + "Zq8!x" * 10, "ALLOWED_HOSTS": "example.org"}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**keep, "DJANGO_SETTINGS_MODULE": "config.settings", **production, **overrides},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_default_passes_and_two_factor_off_fails_naming_it():
    assert _check_deploy().returncode == 0

    off = _check_deploy(TWO_FACTOR_REQUIRED="0")

    assert off.returncode != 0 and "twofactor.W001" in off.stderr
