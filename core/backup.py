"""Backups: a PostgreSQL dump and a media archive with a SHA-256 manifest, and their restore.

A backup folder holds ``db.dump`` (``pg_dump --format=custom``: one consistent snapshot, since
pg_dump reads in a single repeatable-read transaction), ``media.tar.gz`` (``MEDIA_ROOT``) and
``manifest.json`` (each part's and each media file's size and SHA-256, the applied migrations, the
database's vendor and version). The dump is taken before the media archive: files are written
before the row that names them is committed, so every file the dump refers to is in the archive.

SQLite is refused: the demo database is not worth backing up, and a production deployment runs on
PostgreSQL. The connection parameters travel in ``PG*`` environment variables, never on the
command line, so the password does not show in the process list.
"""

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from core.services import ChainReport, verify_activity_chain

DUMP = "db.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024
TRIGGER = "core_activitylog_append_only"


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    files: int
    chain: ChainReport
    activity_log_owner: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stream_sha256(stream: Any) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL and its client tools ---------------------------------------------------------------


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            f"Backups need PostgreSQL; DATABASE_URL points to {connection.vendor}. "
            "The SQLite demo database is not backed up (stop the app and copy the file if you must)."
        )


def _pg_env() -> dict[str, str]:
    """The current connection's parameters as libpq environment variables (password included)."""
    db = connection.settings_dict
    options = db.get("OPTIONS") or {}
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
    }
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    return inherited | {key: str(value) for key, value in values.items() if value}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} not found on PATH: install PostgreSQL's client tools (Debian: postgresql-client).")
    return path


def _tool_major(path: str) -> int:
    # The path comes from shutil.which, never from input; arguments are a list, no shell.
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)*", output)
    if match is None:
        raise BackupError(f"Cannot tell the version of {path} from {output!r}.")
    return int(match.group(1))


def _server_version() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        full = str(cursor.fetchone()[0]).split()[0]
    return connection.pg_version // 10000, full  # type: ignore[attr-defined]


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=_pg_env(), check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()}")


# --- Backup -------------------------------------------------------------------------------------


def create_backup(parent: Path, *, now: datetime) -> Path:
    """Write a new backup folder ``thidua-<UTC time>`` under ``parent`` and verify it; return its path.

    Writes into a hidden ``.partial`` folder first and renames it when everything is written and
    re-read, so a folder without the prefix is always complete; the partial folder is removed on
    any failure. Refuses SQLite, a missing or too old pg_dump, an existing target and a disk
    without room for the database's size plus the media's.
    """
    _require_postgresql()
    pg_dump = _tool("pg_dump")
    server_major, server_version = _server_version()
    dump_major = _tool_major(pg_dump)
    if dump_major < server_major:
        raise BackupError(
            f"pg_dump {dump_major} cannot dump a PostgreSQL {server_major} server: "
            f"install postgresql-client-{server_major}."
        )
    target = parent / f"thidua-{now.strftime('%Y%m%dT%H%M%SZ')}"
    if target.exists():
        raise BackupError(f"{target} already exists: choose another folder or wait a second.")
    parent.mkdir(parents=True, exist_ok=True)
    _require_space(parent)
    partial = parent / f".{target.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        manifest = _write_parts(partial, pg_dump)
        manifest |= {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {"vendor": "postgresql", "server_version": server_version, "pg_dump_major": dump_major},
            "migrations": sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations()),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        check_parts(partial)
        _check_media_archive(partial, manifest["media"])
        partial.rename(target)
    except OSError as error:
        shutil.rmtree(partial, ignore_errors=True)
        if error.errno == errno.ENOSPC:
            raise BackupError(
                f"No space left in {parent} while writing the backup (removed the partial one)."
            ) from None
        raise
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


def _require_space(parent: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        database_size = int(cursor.fetchone()[0])
    media_size = sum(path.stat().st_size for path in _media_files(Path(settings.MEDIA_ROOT)))
    needed, free = database_size + media_size, shutil.disk_usage(parent).free
    if free < needed:
        raise BackupError(
            f"Not enough space in {parent}: a backup needs up to {needed // 2**20} MiB, {free // 2**20} MiB are free."
        )


def _media_files(root: Path) -> Iterator[Path]:
    """Regular files under the media root, in a stable order; links are not followed."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _write_parts(folder: Path, pg_dump: str) -> dict[str, Any]:
    _run([pg_dump, "--format=custom", "--no-password", f"--file={folder / DUMP}"], "pg_dump")
    root, media = Path(settings.MEDIA_ROOT), {}
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        for path in _media_files(root):
            name = path.relative_to(root).as_posix()
            media[name] = {"size": path.stat().st_size, "sha256": sha256_of(path)}
            archive.add(path, arcname=name, recursive=False)
    parts = {
        name: {"size": (folder / name).stat().st_size, "sha256": sha256_of(folder / name)} for name in (DUMP, MEDIA)
    }
    return {"parts": parts, "media": media}


def _check_media_archive(folder: Path, media: dict[str, dict[str, Any]]) -> None:
    """Every file the manifest lists is in the archive with that content, and nothing else is."""
    seen = {}
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        for member in archive:
            stream = archive.extractfile(member) if member.isfile() else None
            if stream is not None:
                seen[member.name] = {"size": member.size, "sha256": _stream_sha256(stream)}
    if seen != media:
        changed = sorted(name for name in set(seen) | set(media) if seen.get(name) != media.get(name))
        raise BackupError(f"The media archive does not match the files it was made from: {', '.join(changed[:5])}.")


# --- Restore ------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"No {MANIFEST} in {folder}: not a backup folder.")
    try:
        manifest = json.loads(path.read_text())
        parts = manifest["parts"]
        if manifest["format"] != FORMAT or not all(isinstance(parts[name]["sha256"], str) for name in (DUMP, MEDIA)):
            raise ValueError("unknown format")
        if not isinstance(manifest["media"], dict):
            raise ValueError("no media list")
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path} is damaged ({error}): refusing to restore.") from None
    return dict(manifest)


def check_parts(folder: Path) -> dict[str, Any]:
    """Read the manifest and refuse a part that is missing or whose size or SHA-256 differ from it."""
    manifest = read_manifest(folder)
    for name in (DUMP, MEDIA):
        path, expected = folder / name, manifest["parts"][name]
        if not path.is_file():
            raise BackupError(f"{name} is missing from {folder}: refusing to restore.")
        if path.stat().st_size != expected.get("size") or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"{name} is damaged: its SHA-256 does not match {MANIFEST}; refusing to restore.")
    return manifest


def check_archive_members(folder: Path) -> list[tarfile.TarInfo]:
    """Refuse an archive holding anything but plain files and folders under relative, upward-free names."""
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        members = archive.getmembers()
    for member in members:
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"{MEDIA} holds an unsafe member {member.name!r}: refusing to restore.")
    return members


def restore_backup(folder: Path) -> RestoreReport:
    """Restore a verified backup into the empty database of DATABASE_URL and the empty MEDIA_ROOT.

    Checks, in order and before changing anything: the manifest and each part's SHA-256, the media
    archive's members, an empty media root, PostgreSQL with a recent enough pg_restore, an empty
    database. Then restores the database in one transaction (``--no-owner``: the restoring role owns
    what it creates, so run it as the owner role, as for ``migrate``), extracts the media, checks
    every file's SHA-256, the migrations and the append-only trigger, and verifies the audit chain.
    """
    manifest = check_parts(folder)
    members = check_archive_members(folder)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media_root} is not empty: restore needs an empty media root.")
    _require_postgresql()
    pg_restore = _tool("pg_restore")
    _check_versions(manifest, _tool_major(pg_restore))
    _require_empty_database()
    _run([pg_restore, "--no-owner", "--single-transaction", "--exit-on-error", "--no-password",
          f"--dbname={connection.settings_dict['NAME']}", str(folder / DUMP)], "pg_restore")  # fmt: skip
    connection.close()  # the restored schema is read afresh
    _extract_media(folder, members, media_root, manifest["media"])
    return _check_restored(manifest)


def _check_versions(manifest: dict[str, Any], restore_major: int) -> None:
    dumped = manifest["database"]
    if restore_major < int(dumped["pg_dump_major"]):
        raise BackupError(
            f"pg_restore {restore_major} cannot read a dump made by pg_dump {dumped['pg_dump_major']}: "
            f"install postgresql-client-{dumped['pg_dump_major']}."
        )
    server_major, _ = _server_version()
    if server_major < int(str(dumped["server_version"]).split(".")[0]):
        raise BackupError(
            f"The backup comes from PostgreSQL {dumped['server_version']}; this server is older ({server_major})."
        )


def _require_empty_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%' "
            "AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
        )
        count = int(cursor.fetchone()[0])
    if count:
        name = connection.settings_dict["NAME"]
        raise BackupError(
            f"The database {name} is not empty ({count} tables, views or sequences): "
            "restore needs a freshly created database."
        )


def _extract_media(folder: Path, members: list[tarfile.TarInfo], root: Path, media: dict[str, Any]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        archive.extractall(root, members=members, filter="data")
    restored = {path.relative_to(root).as_posix(): path for path in _media_files(root)}
    damaged = sorted(
        name for name, entry in media.items() if name not in restored or sha256_of(restored[name]) != entry["sha256"]
    )
    if damaged or len(restored) != len(media):
        raise BackupError(f"Restored media files do not match {MANIFEST}: {', '.join(damaged[:5]) or 'extra files'}.")


def _check_restored(manifest: dict[str, Any]) -> RestoreReport:
    applied = sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())
    if applied != manifest["migrations"]:
        raise BackupError("The restored database's migrations differ from those the manifest lists.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal", [TRIGGER])
        if int(cursor.fetchone()[0]) != 1:
            raise BackupError("The append-only trigger of core_activitylog is missing after the restore.")
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'core_activitylog'")
        owner = str(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        tables = int(cursor.fetchone()[0])
    return RestoreReport(tables, len(manifest["media"]), verify_activity_chain(), owner)
