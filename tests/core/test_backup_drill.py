"""Backup and restore: the refusals, and the drill (demo → backup → fresh database → all equal)."""

import datetime
import hashlib
import importlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from awards.models import AwardType
from core import backup
from core.models import User
from core.services import request_generated_file
from pledges.models import Pledge, ReportAttachment
from scoring.models import Evidence

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.datetime(2031, 5, 20, 10, 0, tzinfo=datetime.UTC)
ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _forged_backup(folder: Path, members: dict[str, bytes], *, links: tuple[str, ...] = ()) -> Path:
    """A backup folder whose manifest matches its parts, with the given media archive members."""
    folder.mkdir(parents=True)
    (folder / backup.DUMP).write_bytes(b"PGDMP not really a dump")
    with tarfile.open(folder / backup.MEDIA, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name in links:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            archive.addfile(info)
    parts = {
        name: {"size": (folder / name).stat().st_size, "sha256": backup.sha256_of(folder / name)}
        for name in (backup.DUMP, backup.MEDIA)
    }
    manifest = {
        "format": backup.FORMAT,
        "created_at": NOW.isoformat(),
        "database": {"vendor": "postgresql", "server_version": "15.0", "pg_dump_major": 15},
        "migrations": [],
        "parts": parts,
        "media": {name: {"size": len(content), "sha256": _sha256(content)} for name, content in members.items()},
    }
    (folder / backup.MANIFEST).write_text(json.dumps(manifest))
    return folder


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    return settings.MEDIA_ROOT


def test_restore_damaged_manifest_refused_naming_it(tmp_path, media_root):
    folder = _forged_backup(tmp_path / "b", {"a.pdf": b"%PDF-1.7"})
    (folder / backup.MANIFEST).write_text('{"format": 1, "parts": ')

    with pytest.raises(CommandError, match=r"manifest\.json is damaged"):
        call_command("restore", folder)

    assert not media_root.exists()


@pytest.mark.parametrize("part", [backup.DUMP, backup.MEDIA])
def test_restore_damaged_part_refused_naming_it(tmp_path, media_root, part):
    folder = _forged_backup(tmp_path / "b", {"a.pdf": b"%PDF-1.7"})
    damaged = bytearray((folder / part).read_bytes())
    damaged[-1] ^= 0xFF
    (folder / part).write_bytes(bytes(damaged))

    with pytest.raises(CommandError, match=rf"{part} is damaged"):
        call_command("restore", folder)

    assert not media_root.exists()


def test_restore_missing_part_refused_naming_it(tmp_path, media_root):
    folder = _forged_backup(tmp_path / "b", {"a.pdf": b"%PDF-1.7"})
    (folder / backup.MEDIA).unlink()

    with pytest.raises(CommandError, match=r"media\.tar\.gz is missing"):
        call_command("restore", folder)


@pytest.mark.parametrize(
    ("members", "links", "unsafe"),
    [
        ({"a.pdf": b"x", "../escaped.txt": b"x"}, (), "../escaped.txt"),
        ({"a.pdf": b"x", "evidence/../../escaped.txt": b"x"}, (), "evidence/../../escaped.txt"),
        ({"a.pdf": b"x", "/srv/escaped.txt": b"x"}, (), "/srv/escaped.txt"),
        ({"a.pdf": b"x"}, ("evidence/passwd",), "evidence/passwd"),
    ],
)
def test_restore_unsafe_archive_member_refused_and_nothing_extracted(tmp_path, media_root, members, links, unsafe):
    folder = _forged_backup(tmp_path / "b", members, links=links)

    with pytest.raises(CommandError, match=f"unsafe member '{unsafe}'"):
        call_command("restore", folder)

    assert not media_root.exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_non_empty_media_root_refused_and_left_alone(tmp_path, media_root):
    folder = _forged_backup(tmp_path / "b", {"a.pdf": b"%PDF-1.7"})
    media_root.mkdir()
    (media_root / "kept.txt").write_text("mine")

    with pytest.raises(CommandError, match="is not empty: restore needs an empty media root"):
        call_command("restore", folder)

    assert [p.name for p in media_root.iterdir()] == ["kept.txt"]


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite refusal needs the SQLite test database")
def test_backup_on_sqlite_refused_and_writes_nothing(tmp_path):
    with pytest.raises(CommandError, match="Backups need PostgreSQL; DATABASE_URL points to sqlite"):
        call_command("backup", tmp_path / "backups")

    assert not (tmp_path / "backups").exists()


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite refusal needs the SQLite test database")
def test_restore_on_sqlite_refused(tmp_path, media_root):
    folder = _forged_backup(tmp_path / "b", {"a.pdf": b"%PDF-1.7"})

    with pytest.raises(CommandError, match="Backups need PostgreSQL"):
        call_command("restore", folder)

    assert not media_root.exists()


@pytest.mark.postgres
def test_restore_non_empty_database_refused_and_left_alone(tmp_path, media_root):
    folder = _forged_backup(tmp_path / "b", {"a.pdf": b"%PDF-1.7"})

    with pytest.raises(CommandError, match=r"is not empty .* restore needs a freshly created database"):
        call_command("restore", folder)

    assert AwardType.objects.exists()  # the migration-seeded catalogue is still there
    assert not media_root.exists()


@pytest.mark.postgres
def test_backup_existing_target_refused(tmp_path):
    (tmp_path / "thidua-20310520T100000Z").mkdir()

    with time_machine.travel(NOW, tick=False), pytest.raises(CommandError, match="already exists"):
        call_command("backup", tmp_path)

    assert [p.name for p in tmp_path.iterdir()] == ["thidua-20310520T100000Z"]


@pytest.mark.postgres
def test_backup_without_room_refused_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda path: type("Usage", (), {"free": 1024})())

    with pytest.raises(CommandError, match="Not enough space"):
        call_command("backup", tmp_path / "backups")

    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.postgres
def test_backup_without_pg_dump_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    with pytest.raises(CommandError, match="pg_dump not found on PATH"):
        call_command("backup", tmp_path / "backups")

    assert not (tmp_path / "backups").exists()


# --- The drill ---------------------------------------------------------------------------------


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _connect(name: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        dbname=name, user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432, autocommit=True,
    )  # fmt: skip


def _row_counts(name: str) -> dict[str, int]:
    with _connect(name) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): backup.sha256_of(p) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database on the test server, dropped after the test."""
    name = f"drill_{uuid.uuid4().hex[:10]}"
    with _connect("postgres") as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(*args: str, database: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": _url(database),
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "TEST_MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def committed_demo(transactional_db, settings, tmp_path):
    """The demo story committed (pg_dump reads only committed rows), its uploads, a signed pledge's PDF
    and today's audit anchor under tmp_path/media."""
    settings.DEBUG, settings.MEDIA_ROOT = True, tmp_path / "media"
    if not AwardType.objects.exists():  # an earlier transactional test's flush removed the seeded catalogue
        importlib.import_module("awards.migrations.0008_catalogue").seed(apps, None)
    call_command("load_demo")
    admin, pledge = User.objects.get(username="admin"), Pledge.objects.filter(signatures__isnull=False).last()
    request_generated_file(pledge, kind="pledges.signed_pledge", actor=admin)  # built on commit, eagerly
    call_command("anchor_activity_log")
    return settings.MEDIA_ROOT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_fresh_database_equals_the_original(committed_demo, fresh_database, tmp_path):
    call_command("backup", tmp_path / "backups")
    (folder,) = (tmp_path / "backups").iterdir()
    restored_media = tmp_path / "restored-media"

    restored = _manage("restore", str(folder), database=fresh_database, media_root=restored_media)
    verified = _manage("verify_activity_log", database=fresh_database, media_root=restored_media)

    assert restored.returncode == 0, restored.stderr
    assert "Audit chain intact" in restored.stdout
    assert verified.returncode == 0, verified.stderr
    original_counts = _row_counts(connection.settings_dict["NAME"])
    assert original_counts["core_activitylog"] > 0
    assert _row_counts(fresh_database) == original_counts
    original_files = _tree(committed_demo)
    assert any(name.startswith("audit-anchors/") for name in original_files)
    assert _tree(restored_media) == original_files
    with _connect(fresh_database) as db:
        stored = db.execute("SELECT file, sha256 FROM core_generatedfile WHERE file <> ''").fetchall()
        tables = [model._meta.db_table for model in (ReportAttachment, Evidence)]
        uploads = [name for table in tables for (name,) in db.execute(f"SELECT file FROM {table}")]
        assert stored and uploads
        assert all((restored_media / name).is_file() for name in uploads)
        assert all(backup.sha256_of(restored_media / name) == sha256 for name, sha256 in stored)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            db.execute(
                "UPDATE core_activitylog SET action = 'forged' WHERE id = (SELECT min(id) FROM core_activitylog)"
            )
