"""Attached files: the type is read from the content, the size is capped, the stored name is random."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from baimi.mediation import services
from baimi.mediation.uploads import checked_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_the_type_comes_from_the_content_not_the_name() -> None:
    content_type, name = checked_upload(SimpleUploadedFile("photo.pdf", PNG))
    assert content_type == "image/png" and name.endswith(".png")
    with pytest.raises(ValidationError):
        checked_upload(SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script>"))


def test_stored_names_cannot_be_guessed() -> None:
    names = {checked_upload(SimpleUploadedFile("plumbers-report.png", PNG))[1] for _ in range(5)}
    assert len(names) == 5 and all(len(n) == 36 and "plumbers-report" not in n for n in names)


def test_large_files_are_refused(settings: Any) -> None:
    settings.BAIMI_MEDIATION_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="1 MB"):
        checked_upload(SimpleUploadedFile("big.png", PNG + b"\0" * (1024 * 1024)))


def test_a_refused_file_saves_no_record(mediating_case: Any, users: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.record_add(case=mediating_case, kind="evidence", title="x", description="", by=users.adviser,
                            upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00"))
    assert not mediating_case.records.exists()
    record = services.record_add(case=mediating_case, kind="evidence", title="照片", description="",
                                 by=users.adviser, upload=SimpleUploadedFile("leak.png", PNG))
    assert record.file.name.startswith("mediation/") and record.file_name == "leak.png"
    assert (tmp_path / record.file.name).read_bytes() == PNG
