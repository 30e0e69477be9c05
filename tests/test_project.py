"""Project-wide rules: the console script, the engine boundary, and nothing from a CDN."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "baimi"


def test_the_baimi_command_runs_django_management_commands() -> None:
    result = subprocess.run([sys.executable, "-m", "baimi", "check"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_command_on_a_database_not_yet_set_up_says_what_to_run(tmp_path: Path) -> None:
    env = {**os.environ, "BAIMI_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    result = subprocess.run([sys.executable, "-m", "baimi", "ask", "离婚冷静期多久"], capture_output=True, text=True,
                            check=False, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "run `baimi migrate` first" in result.stderr


def test_no_page_loads_anything_from_another_host() -> None:
    offenders = []
    for path in SRC.rglob("*.html"):
        for match in re.finditer(r'(?:src|href)\s*=\s*["\'](https?:)?//', path.read_text()):
            offenders.append(f"{path.relative_to(SRC)}: {match.group(0)}")
    assert offenders == []


def test_every_app_has_its_migrations() -> None:
    result = subprocess.run([sys.executable, "-m", "baimi", "makemigrations", "--check", "--dry-run"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_engine_commands_run_without_django() -> None:
    import os

    # With settings that cannot be imported, anything that touched Django would fail.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "no.such.settings"}
    for command in ["coverage", "plan"]:
        result = subprocess.run([sys.executable, "-m", "baimi", command, "--help"], capture_output=True, text=True,
                                check=False, env=env)
        assert result.returncode == 0, result.stderr
        assert "--demand" in result.stdout
