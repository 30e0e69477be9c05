"""Backups round-trip on the database the suite runs on (SQLite, then PostgreSQL in `make test`):
what was there at backup time comes back, what came after goes, the uploaded files too, and a
damaged or foreign archive is refused without touching anything."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from baimi.ops.backup import BackupError, create_backup, read_manifest, restore_backup
from baimi.places.models import Skill

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "help").mkdir(parents=True)
    (settings.MEDIA_ROOT / "help" / "photo.jpg").write_bytes(b"\xff\xd8 the photo as it was")
    return Path(settings.MEDIA_ROOT)


def _skill(code: str) -> Skill:
    return Skill.objects.create(code=code, name_zh=code, name_en=code)


def test_round_trip_brings_back_rows_and_files(media: Path, tmp_path: Path) -> None:
    _skill("before-backup")
    archive = create_backup(tmp_path / "backups")
    manifest = read_manifest(archive)
    assert manifest.media_files == 1 and "places" in manifest.migrations

    Skill.objects.filter(code="before-backup").delete()
    _skill("after-backup")
    (media / "help" / "photo.jpg").write_bytes(b"overwritten")
    (media / "help" / "later.jpg").write_bytes(b"came after the backup")

    restore_backup(archive)

    assert Skill.objects.filter(code="before-backup").exists()
    assert not Skill.objects.filter(code="after-backup").exists()
    assert (media / "help" / "photo.jpg").read_bytes() == b"\xff\xd8 the photo as it was"
    assert not (media / "help" / "later.jpg").exists()
    # The files that were replaced are kept beside, not deleted.
    aside = [p for p in media.parent.iterdir() if p.name.startswith("media.before-restore-")]
    assert len(aside) == 1 and (aside[0] / "help" / "later.jpg").read_bytes() == b"came after the backup"


def _rewrite(archive: Path, change: Any) -> Path:
    """A copy of ``archive`` with ``change(name, bytes) -> bytes`` applied to each member."""
    damaged = archive.with_name("damaged.tar")
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            handle = source.extractfile(member)
            data = change(member.name, handle.read() if handle else b"")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return damaged


def test_damaged_archive_is_refused_and_nothing_changes(media: Path, tmp_path: Path) -> None:
    archive = create_backup(tmp_path)
    _skill("still-here")

    def flip_a_byte(name: str, data: bytes) -> bytes:
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("database.") else data

    with pytest.raises(BackupError, match="damaged"):
        restore_backup(_rewrite(archive, flip_a_byte))
    assert Skill.objects.filter(code="still-here").exists()


def test_archive_from_another_database_kind_is_refused(media: Path, tmp_path: Path) -> None:
    archive = create_backup(tmp_path)

    def other_vendor(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["vendor"] = "postgresql" if manifest["vendor"] == "sqlite" else "sqlite"
        return json.dumps(manifest).encode()

    with pytest.raises(BackupError, match="this site runs on"):
        restore_backup(_rewrite(archive, other_vendor))


def test_backup_from_newer_code_is_refused(media: Path, tmp_path: Path) -> None:
    archive = create_backup(tmp_path)

    def future(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["places"] = "9999_from_the_future"
        return json.dumps(manifest).encode()

    with pytest.raises(BackupError, match="newer Baimi"):
        restore_backup(_rewrite(archive, future))


def test_not_an_archive_gets_a_clear_message(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.tar"
    bogus.write_text("not a tar file")
    with pytest.raises(BackupError, match="not a Baimi backup"):
        read_manifest(bogus)


def test_commands(media: Path, tmp_path: Path, capsys: Any) -> None:
    call_command("backup", directory=tmp_path / "b")
    archive = Path(capsys.readouterr().out.strip())
    assert archive.is_file() and archive.suffix == ".tar"
    _skill("after")
    call_command("restore", str(archive), yes=True)
    assert "restored" in capsys.readouterr().out
    assert not Skill.objects.filter(code="after").exists()
