"""One backup is one ``.tar`` archive: the database (SQLite's online-backup copy, or ``pg_dump``'s
custom format), the uploaded files under MEDIA_ROOT, and a manifest with checksums and the migration
state. Restoring checks everything first and changes nothing unless every check passes; the files
that were there before are moved aside, never deleted.

Why an archive of our own and not just ``pg_dump``: photos of help requests and mediation evidence
live on disk, and a database without them (or the other way round) is not a backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "baimi-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupError(Exception):
    """A backup could not be made or restored; the message says why, and nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    created: str
    vendor: str
    migrations: dict[str, str]
    checksums: dict[str, str]  # archive member → sha256
    media_files: int

    def as_json(self) -> str:
        return json.dumps({"format": FORMAT, **self.__dict__}, ensure_ascii=False, indent=2)


def _vendor(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _latest_migrations(alias: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        latest[app] = max(latest.get(app, name), name)
    return latest


def _pg_environment(alias: str) -> dict[str, str]:
    """libpq reads the connection from the environment, so the password never shows in `ps`."""
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    for key, setting in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                         ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        if conf.get(setting):
            env[key] = str(conf[setting])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")


def _dump_database(alias: str, target: Path) -> None:
    vendor = _vendor(alias)
    if vendor == "sqlite":
        # sqlite3's online backup copies a consistent snapshot while the site keeps writing; it goes
        # through Django's own connection so it works for whatever NAME (file or test memory URI).
        copy = sqlite3.connect(target)
        try:
            _raw_sqlite(alias).backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)], _pg_environment(alias))


def _raw_sqlite(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _media_files() -> Iterator[Path]:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def create_backup(directory: Path | None = None, *, alias: str = "default") -> Path:
    """Write a backup archive into ``directory`` (default DATA_DIR/backups) and return its path."""
    vendor = _vendor(alias)
    directory = Path(directory or Path(settings.DATA_DIR) / "backups")
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = directory / f"baimi-{stamp}-{vendor}.tar"
    member = SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER
    with tempfile.TemporaryDirectory(dir=directory) as work:
        dump = Path(work) / member
        _dump_database(alias, dump)
        checksums = {member: _sha256(dump)}
        media = list(_media_files())
        root = Path(settings.MEDIA_ROOT)
        for path in media:
            checksums[f"media/{path.relative_to(root).as_posix()}"] = _sha256(path)
        manifest = Manifest(dt.datetime.now(dt.UTC).isoformat(), vendor, _latest_migrations(alias),
                            checksums, len(media))
        (Path(work) / MANIFEST).write_text(manifest.as_json(), encoding="utf-8")
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(Path(work) / MANIFEST, MANIFEST)
            tar.add(dump, member)
            for path in media:
                tar.add(path, f"media/{path.relative_to(root).as_posix()}")
        partial.rename(archive)  # a crash mid-write leaves a .partial, never a truncated .tar
    return archive


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive) as tar:
            handle = tar.extractfile(MANIFEST)
            if handle is None:
                raise KeyError(MANIFEST)
            data: dict[str, Any] = json.loads(handle.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{archive}: not a Baimi backup ({error})") from error
    if data.pop("format", None) != FORMAT:
        raise BackupError(f"{archive}: unknown backup format")
    return Manifest(**data)


@contextmanager
def _unpacked(archive: Path, manifest: Manifest) -> Iterator[Path]:
    """Extract into a temporary directory and check every checksum before anything is touched."""
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")  # the "data" filter refuses absolute paths and ../
        root = Path(work)
        for member, expected in manifest.checksums.items():
            path = root / member
            if not path.is_file() or _sha256(path) != expected:
                raise BackupError(f"{archive}: {member} is missing or damaged (checksum)")
        yield root


def _check_migrations(manifest: Manifest, alias: str) -> None:
    """A backup from newer code than this one cannot be restored: the tables would not match."""
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(connections[alias], ignore_no_migrations=True).disk_migrations
    for app, name in manifest.migrations.items():
        if app in {a for a, _ in known} and (app, name) not in known:
            raise BackupError(f"the backup was made by a newer Baimi: migration {app}.{name} is unknown here")


def restore_backup(archive: Path, *, alias: str = "default") -> Manifest:
    """Replace the database and the uploaded files with the archive's; then migrate forward."""
    manifest = read_manifest(archive)
    vendor = _vendor(alias)
    if manifest.vendor != vendor:
        raise BackupError(f"{archive} holds a {manifest.vendor} database; this site runs on {vendor}")
    _check_migrations(manifest, alias)
    with _unpacked(archive, manifest) as unpacked:
        if vendor == "sqlite":
            _restore_sqlite(unpacked / SQLITE_MEMBER, alias)
        else:
            connections[alias].close()
            # One transaction: a failing restore leaves the database as it was.
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  "--exit-on-error", "--dbname", connections[alias].settings_dict["NAME"],
                  str(unpacked / POSTGRES_MEMBER)], _pg_environment(alias))
        _restore_media(unpacked / "media")
    from django.core.management import call_command

    call_command("migrate", database=alias, interactive=False, verbosity=0)
    return manifest


def _restore_sqlite(copy_path: Path, alias: str) -> None:
    with sqlite3.connect(copy_path) as copy:
        status = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise BackupError(f"the backup's database fails SQLite's integrity check: {status}")
        # Page by page under the database lock: other connections see the old or the new, not a mix.
        copy.backup(_raw_sqlite(alias))


def _restore_media(unpacked_media: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists() and any(root.iterdir()):
        aside = root.with_name(f"{root.name}.before-restore-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
        root.rename(aside)
    elif root.exists():
        root.rmdir()
    if unpacked_media.is_dir():
        shutil.copytree(unpacked_media, root)
    else:
        root.mkdir(parents=True, exist_ok=True)
