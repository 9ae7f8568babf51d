"""No secret in the logs: every log line of the whole test run is kept and searched at the end.

A pytest plugin (registered in tests/conftest.py). From the start of the session every log record of
every logger, down to DEBUG, is written the way production writes it (core.logs.JsonFormatter, one JSON
line) to a file; so are the logs of the processes the tests start (gunicorn, Celery workers) that
register their log file with :func:`scan_also`. Meanwhile the secrets the run creates are noted as they
are made: every password given to ``set_password`` (the factories', E2E_PASSWORD, the demo's), the
SECRET_KEY, every session key saved, every CSRF secret and mask, two-factor keys, codes and recovery
codes, and every ballot receipt. At the end the lines are searched for those values and for the shapes
of a dumped form or header (a password field, a cookie, a ballot choice); one hit fails the run with a
report naming the secret's kind, the logger and the line (the secret itself masked).
"""

import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Loggers of the test tooling, never present in production: factory_boy logs each factory's arguments
# (passwords included) at DEBUG. django.db.backends logs SQL with its parameters only while settings.DEBUG
# is on, which a production server refuses (check --deploy) and only the demo tests switch on.
NOT_PRODUCTION_LOGGERS = ("factory", "faker", "django.db.backends")
# A value shorter than this would match by chance (an id, a word): only longer ones are searched for.
MIN_SECRET_LENGTH = 8
# A form or header written into a log, whatever its value: these shapes never belong in a line.
SHAPES = {
    "password field": re.compile(r"""(?i)(?<![\w/.-])pass(word|wd)?\d?['"\\]*\s*[:=]\s*['"\\]*(?![*'"\\\s,})])\S"""),
    "CSRF token field": re.compile(r"(?i)csrfmiddlewaretoken|x-csrftoken"),
    "cookie header": re.compile(r"(?i)\b(cookie|set-cookie)['\"\\]*\s*[:=]|sessionid="),
    "ballot choice": re.compile(r"""(?i)\bchoices?['"\\]*\s*[:=]"""),
    "two-factor code field": re.compile(r"""(?i)\b(otp_token|totp|token)['"\\]*\s*[:=]\s*['"\\]*\d{6}\b"""),
}
_TOKEN = re.compile(r"[A-Za-z0-9]+")


@dataclass
class Canaries:
    """The secrets made during the run: alphanumeric ones found inside words, others as substrings."""

    tokens: dict[str, str] = field(default_factory=dict)  # value → kind; matched anywhere inside a word
    exact: dict[str, str] = field(default_factory=dict)  # value → kind; matched as a whole word (6-digit codes)
    phrases: dict[str, str] = field(default_factory=dict)  # value → kind; matched as a substring

    def add(self, value: object, kind: str) -> None:
        if not isinstance(value, str) or len(value) < MIN_SECRET_LENGTH:
            return
        (self.tokens if value.isalnum() and value.isascii() else self.phrases)[value] = kind

    def add_code(self, value: object, kind: str) -> None:
        """A short code (a TOTP code): only a whole word of exactly these digits counts."""
        if isinstance(value, str) and value.isdigit():
            self.exact[value] = kind

    def found_in(self, line: str) -> Iterator[tuple[str, str]]:
        """(kind, value) of every secret the line holds."""
        lengths = {len(value) for value in self.tokens}
        for word in _TOKEN.findall(line):
            if word in self.exact:
                yield self.exact[word], word
            for length in lengths:
                for start in range(len(word) - length + 1):
                    kind = self.tokens.get(word[start : start + length])
                    if kind:
                        yield kind, word[start : start + length]
        for value, kind in self.phrases.items():
            if value in line:
                yield kind, value


@dataclass
class Hit:
    source: str
    kind: str
    line: str

    def report(self, secrets: Iterable[str]) -> str:
        shown = self.line
        for secret in secrets:
            shown = shown.replace(secret, "«" + "•" * 6 + "»")
        return f"{self.kind} in {self.source}: {shown[:400]}"


def scan(lines: Iterable[tuple[str, str]], canaries: Canaries) -> list[Hit]:
    """Every (kind, line) where a line, given as (source, text), holds a noted secret or a forbidden shape."""
    hits = []
    for source, line in lines:
        found = list(canaries.found_in(line))
        hits += [Hit(source, kind, line) for kind, _ in found]
        hits += [Hit(source, shape, line) for shape, pattern in SHAPES.items() if pattern.search(line)]
    return hits


_extra_logs: list[Path] = []


def scan_also(path: Path) -> None:
    """Have the end-of-run scan read this log file too (a process the test started writes it)."""
    _extra_logs.append(Path(path))


class _Recorder:
    """Notes each secret as the code under test makes it (wrappers and signals installed at session start)."""

    def __init__(self, canaries: Canaries):
        self.canaries = canaries

    def install(self) -> None:
        from django.conf import settings  # noqa: PLC0415 - Django is set up only once pytest-django ran

        for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            self.canaries.add(key, "SECRET_KEY")
        self._passwords()
        self._sessions()
        self._csrf()
        self._ballots()
        self._two_factor()

    def _passwords(self) -> None:
        from django.contrib.auth import base_user, hashers  # noqa: PLC0415
        from django.contrib.auth import models as auth_models  # noqa: PLC0415

        from blocs.demo import DEMO_PASSWORD  # noqa: PLC0415

        self.canaries.add(DEMO_PASSWORD, "password")
        original = hashers.make_password

        # Every password set (set_password, create_user, the demo loader) is hashed here; the modules
        # that imported the function by name get the wrapper too.
        def make_password(password, *args, **kwargs):
            self.canaries.add(password, "password")
            return original(password, *args, **kwargs)

        for module in (hashers, base_user, auth_models):
            module.make_password = make_password

    def _sessions(self) -> None:
        from django.contrib.sessions.models import Session  # noqa: PLC0415
        from django.db.models.signals import post_save  # noqa: PLC0415

        def saved(sender, instance, **kwargs):
            self.canaries.add(instance.session_key, "session key")

        post_save.connect(saved, sender=Session, weak=False)

    def _csrf(self) -> None:
        from django.middleware import csrf  # noqa: PLC0415

        # Every CSRF secret and every mask comes from this one function; a masked token starts with its mask.
        original = csrf._get_new_csrf_string

        def new_csrf_string():
            value = original()
            self.canaries.add(value, "CSRF token")
            return value

        csrf._get_new_csrf_string = new_csrf_string

    def _ballots(self) -> None:
        from django.db.models.signals import post_save  # noqa: PLC0415

        from awards.models import CastBallot  # noqa: PLC0415

        def cast(sender, instance, **kwargs):
            self.canaries.add(instance.receipt.replace("-", ""), "ballot receipt")
            self.canaries.add(instance.receipt, "ballot receipt")

        post_save.connect(cast, sender=CastBallot, weak=False)

    def _two_factor(self) -> None:
        """Keys, codes and recovery codes of django-otp, when the project uses it."""
        import base64  # noqa: PLC0415

        from django.apps import apps  # noqa: PLC0415
        from django.db.models.signals import post_save  # noqa: PLC0415

        if apps.is_installed("django_otp.plugins.otp_totp"):
            from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

            def device(sender, instance, **kwargs):
                self.canaries.add(instance.key, "TOTP secret")
                self.canaries.add(base64.b32encode(instance.bin_key).decode().rstrip("="), "TOTP secret")

            post_save.connect(device, sender=TOTPDevice, weak=False)
        if apps.is_installed("django_otp.plugins.otp_static"):
            from django_otp.plugins.otp_static.models import StaticToken  # noqa: PLC0415

            def recovery(sender, instance, **kwargs):
                self.canaries.add(instance.token, "recovery code")

            post_save.connect(recovery, sender=StaticToken, weak=False)
        try:
            from django_otp import oath  # noqa: PLC0415
        except ImportError:
            return
        original = oath.TOTP.token

        def token(totp):
            value = original(totp)
            self.canaries.add_code(f"{value:06d}" if isinstance(value, int) else str(value), "TOTP code")
            return value

        oath.TOTP.token = token


class LogScan:
    """The plugin: a handler on the root logger for the whole session, the search at its end."""

    def __init__(self):
        self.canaries = Canaries()
        fd, name = tempfile.mkstemp(prefix="thidua-test-logs-", suffix=".jsonl")
        os.close(fd)
        self.path = Path(name)
        self.handler = None

    @pytest.hookimpl(trylast=True)
    def pytest_sessionstart(self, session):
        from core.logs import JsonFormatter, RequestIdFilter  # noqa: PLC0415

        root = logging.getLogger()
        # What the console showed before stays what it shows; only this handler takes everything.
        for handler in root.handlers:
            if handler.level < root.level:
                handler.setLevel(root.level)
        self.handler = logging.FileHandler(self.path, encoding="utf-8")
        self.handler.setFormatter(JsonFormatter())
        self.handler.addFilter(RequestIdFilter())
        self.handler.addFilter(lambda record: not record.name.startswith(NOT_PRODUCTION_LOGGERS))
        root.addHandler(self.handler)
        _Recorder(self.canaries).install()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        # Here, not at session start: pytest's logging plugin puts the root logger's level back when
        # each of its hooks ends, and the test loop runs inside this one.
        logging.getLogger().setLevel(logging.DEBUG)

    def _lines(self) -> Iterator[tuple[str, str]]:
        for path in [self.path, *_extra_logs]:
            if path.exists():
                with path.open(encoding="utf-8", errors="replace") as lines:
                    yield from ((path.name, line.rstrip("\n")) for line in lines)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        if self.handler is None:
            return
        logging.getLogger().removeHandler(self.handler)
        self.handler.close()
        count = sum(1 for _ in self._lines())
        hits = scan(self._lines(), self.canaries)
        secrets = [*self.canaries.tokens, *self.canaries.phrases, *self.canaries.exact]
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        summary = (
            f"log scan: {count} log lines, {len(secrets)} secrets noted, {len(hits)} secrets or forms found in the logs"
        )
        if reporter is not None:
            reporter.line("")
            reporter.write_sep("-", summary, red=bool(hits), green=not hits)
            for hit in hits[:50]:
                reporter.write_line(hit.report(secrets))
        if hits:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        self.path.unlink(missing_ok=True)


def register(config: pytest.Config) -> None:
    """Register the scan once per run (called from tests/conftest.py's pytest_configure)."""
    if not config.pluginmanager.has_plugin("thidua-logscan"):
        config.pluginmanager.register(LogScan(), "thidua-logscan")
