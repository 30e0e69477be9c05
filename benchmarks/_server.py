"""What the load benchmarks share: a fresh demo in a temporary data folder (on PostgreSQL: the named
database's schema wiped first) and gunicorn serving it on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

BIN = Path(sys.executable).parent


def fresh_demo(prefix: str, **extra_env: str) -> tuple[Path, dict[str, str]]:
    """(data folder, environment for the server and commands) after `baimi demo --no-serve`."""
    data = Path(tempfile.mkdtemp(prefix=prefix))
    env = {**os.environ, "BAIMI_DATA_DIR": str(data), "BAIMI_DB_CONN_MAX_AGE": "60", **extra_env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if url := env.get("DATABASE_URL", ""):
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    subprocess.run([str(BIN / "baimi"), "demo", "--no-serve"], env=env, check=True, capture_output=True)
    return data, env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, ready_path: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """(process, base URL) once ``ready_path`` answers; stopped on leaving."""
    port = free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "baimi.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(workers), "--timeout", "60"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + ready_path, timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield server, base
    finally:
        server.terminate()
        server.wait(30)
