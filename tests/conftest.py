"""Shared fixtures: one small province world and the personas who act in it."""

import os
import subprocess
import sys
import tempfile
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.utils import translation

from blocs.enums import CouncilRoleKind, MemberRole, UnitRoleKind
from blocs.models import BlocYear, Unit
from config.celery import app
from tests import logscan
from tests.chromium import browser  # noqa: F401 - the one browser of the run, for every folder's tests
from tests.factories import (
    BlocFactory,
    BlocYearFactory,
    CouncilRoleFactory,
    MembershipFactory,
    ProvinceFactory,
    UnitFactory,
    UnitRoleFactory,
    UserFactory,
)
from tests.otp import verified_force_login

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    # Every log line of the run is searched for the secrets the run made (tests/logscan.py).
    logscan.register(config)


def require_service(available: bool, what: str) -> None:
    """Skip a test that needs a service this machine lacks; in CI the lack is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but not reachable")
    pytest.skip(f"{what} not available (set it up as in .ci/run to run this test)")


@pytest.fixture(autouse=True)
def _service_markers(request):
    if request.node.get_closest_marker("postgres"):
        require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    if request.node.get_closest_marker("redis") or request.node.get_closest_marker("worker"):
        require_service(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(monkeypatch):
    """Two-factor enforcement stays on in tests: ``client.force_login`` yields a session verified with a
    real device, as the sign-in steps would (tests of the steps use ``tests.otp.plain_force_login``)."""
    monkeypatch.setattr(Client, "force_login", verified_force_login)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Vietnamese), whatever a request of an earlier test activated."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


WORKER_MEDIA_ROOT = Path(tempfile.gettempdir()) / "thidua-worker-media"


@pytest.fixture
def english(client):
    """Messages are asserted in English (the source language), whatever the Vietnamese catalogue holds."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@dataclass
class World:
    """Province P with bloc B (year Y: head H, deputy D, member M), bloc B2 (unit O), and province P2."""

    province: object
    bloc_year: BlocYear
    head: Unit
    deputy: Unit
    member: Unit
    other_bloc_year: BlocYear
    other_unit: Unit
    other_province: object

    @property
    def bloc(self):
        return self.bloc_year.bloc


@pytest.fixture
def world(db) -> World:
    province = ProvinceFactory(name="Hà Tĩnh")
    bloc_year = BlocYearFactory(bloc=BlocFactory(province=province, name="Khối thi đua Nội chính"), year=2020)
    head, deputy, member = (
        UnitFactory(province=province, name=n) for n in ["Thanh tra tỉnh", "Sở Tư pháp", "Công an tỉnh"]
    )
    for unit, role in [(head, MemberRole.HEAD), (deputy, MemberRole.DEPUTY), (member, MemberRole.MEMBER)]:
        MembershipFactory(bloc_year=bloc_year, unit=unit, role=role)
    other_bloc_year = BlocYearFactory(bloc=BlocFactory(province=province, name="Khối Kinh tế"), year=2020)
    other_unit = UnitFactory(province=province, name="Sở Tài chính")
    MembershipFactory(bloc_year=other_bloc_year, unit=other_unit, role=MemberRole.HEAD)
    return World(
        province, bloc_year, head, deputy, member, other_bloc_year, other_unit, ProvinceFactory(name="Bắc Giang")
    )


def _officer_of(unit, role=UnitRoleKind.OFFICER):
    return UnitRoleFactory(unit=unit, role=role).user


@pytest.fixture
def admin_user(db):
    """System administrator: sees and changes everything."""
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def secretariat(world):
    """Officer of the head unit of bloc B in year Y: edits that year's details and rules."""
    return _officer_of(world.head)


@pytest.fixture
def deputy_officer(world):
    """Officer of the deputy unit of bloc B in year Y: sees the bloc, helps verify (later)."""
    return _officer_of(world.deputy)


@pytest.fixture
def unit_officer(world):
    """Officer of member unit M: sees bloc B and its units, edits its own unit's details."""
    return _officer_of(world.member)


@pytest.fixture
def unit_leader(world):
    """Leader of member unit M: sees what M's officers see."""
    return _officer_of(world.member, UnitRoleKind.LEADER)


@pytest.fixture
def other_unit_officer(world):
    """Officer of unit O in bloc B2 of the same province: sees nothing of bloc B."""
    return _officer_of(world.other_unit)


@pytest.fixture
def fellow_officer(world):
    """Officer of a fourth plain member unit F of bloc B in year Y, which joins when the test asks for it."""
    unit = UnitFactory(province=world.province, name="Sở Nội vụ")
    MembershipFactory(bloc_year=world.bloc_year, unit=unit)
    return _officer_of(unit)


@pytest.fixture
def council_officer(world):
    """Council-office officer of province P: sees and manages every bloc of P."""
    return CouncilRoleFactory(province=world.province, role=CouncilRoleKind.OFFICE_OFFICER).user


@pytest.fixture
def council_member(world):
    """Council member of province P: sees every bloc of P, changes nothing."""
    return CouncilRoleFactory(province=world.province, role=CouncilRoleKind.MEMBER).user


@pytest.fixture
def other_council_officer(world):
    """Council-office officer of province P2: sees nothing of province P."""
    return CouncilRoleFactory(province=world.other_province, role=CouncilRoleKind.OFFICE_OFFICER).user


@pytest.fixture
def outsider(db):
    """A signed-in account with no role at all: sees no bloc and no unit."""
    return UserFactory(username="outsider")


@contextmanager
def demo_story(django_db_blocker, media_root, *, at=None, execute_on_commit=False):
    """The demo story (``load_demo``) loaded in a transaction that is rolled back on leaving.

    A module-scoped fixture yields inside it: loading takes seconds, and each test's own savepoint
    rolls back what the test changes, so every test still starts from the story as loaded. ``at``
    freezes the clock and ``execute_on_commit`` runs the on-commit callbacks, during the load only.
    """
    loading = [
        override_settings(DEBUG=True, MEDIA_ROOT=media_root),
        translation.override(django_settings.LANGUAGE_CODE),
    ]
    if at is not None:
        loading.append(time_machine.travel(at, tick=False))
    if execute_on_commit:
        loading.append(TestCase.captureOnCommitCallbacks(execute=True))
    with django_db_blocker.unblock(), transaction.atomic():
        with ExitStack() as stack:
            for context in loading:
                stack.enter_context(context)
            call_command("load_demo")
        _demo_loaded.append(True)
        yield
        _demo_loaded.pop()
        transaction.set_rollback(True)


_demo_loaded: list[bool] = []


@pytest.fixture(autouse=True)
def _no_stray_demo(request):
    """A test that did not ask for the demo must not run on a module's loaded one: put it before those that do."""
    if _demo_loaded and "demo_data" not in request.fixturenames:
        pytest.fail("this test runs on the module's demo story without asking for it (move it above the demo tests)")


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    """Where the module's demo story writes its files (evidence uploads)."""
    return tmp_path_factory.mktemp("demo") / "media"


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, demo_media):
    """The demo story, loaded once for the module that asks for it (see ``demo_story``)."""
    with demo_story(django_db_blocker, demo_media):
        yield


@pytest.fixture
def demo_db(demo_data, demo_media, db, settings):
    """A test on the module's demo story, with DEBUG on as the loader wants and its files where it wrote them."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="session")
def celery_worker_queue(django_db_setup, django_db_blocker):
    """A real Celery worker process, consuming a private queue, on the test database and REDIS_URL.

    Yields the queue name; tests send tasks there with ``apply_async(queue=...)``.
    """
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        yield None  # the test's own markers skip (or fail in CI) before using it
        return
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "TEST_MEDIA_ROOT": str(WORKER_MEDIA_ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "-Q",
        queue,
        "--loglevel=WARNING",
    ]
    worker = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1], env=env)
    try:
        yield queue
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.fixture
def worker_media_root(settings):
    """Files written by the real worker land here; the test reads them from the same place."""
    settings.MEDIA_ROOT = WORKER_MEDIA_ROOT
    return WORKER_MEDIA_ROOT


@pytest.fixture
def real_broker():
    """Send tasks to the broker instead of running them in-process (tests run them eagerly otherwise)."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = eager
