"""kill -9 in the middle of a stream of submissions: every acknowledged one is there afterwards, none
twice, the database is intact, and the site comes back.

The real thing, end to end: a gunicorn server in its own process group over a database of its own
(a SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), residents
submitting from several threads through the real login and CSRF, then SIGKILL to the whole group
while requests are in flight. "Acknowledged" means the server answered the POST with its redirect
to the new record; those are the submissions a resident was told were received.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.db import connection

BIN = Path(sys.executable).parent
ACKNOWLEDGED_BEFORE_KILL = 25


@dataclass(frozen=True)
class Submission:
    """One kind of submission: where it is posted, what with, and where its rows are."""

    form_path: str  # GET for the CSRF cookie, POST the form here
    field: str  # the free-text field that carries our marker
    extra: dict[str, str]  # values may use {category} (looked up in the site's database) and {token}
    acknowledged: re.Pattern[str]  # matches the redirect Location; group 1 is the new row's id
    table: str
    text_column: str
    detail_path: str  # the new record's page, {} for its id
    id_column: str = "id"
    retry_safe: bool = False  # a retried form (same token) must not make a second record


HELP_REQUEST = Submission(
    form_path="/help/new/", field="description", extra={"category": "{category}", "token": "{token}"},
    acknowledged=re.compile(r"/help/(H[0-9A-F]+)/$"), table="helpdesk_helprequest", text_column="description",
    detail_path="/help/{}/", id_column="reference", retry_safe=True,
)

LEGAL_QUESTION = Submission(
    form_path="/legal/consultations/new/", field="question", extra={},
    acknowledged=re.compile(r"/legal/consultations/(\d+)/$"), table="legal_legalconsultation",
    text_column="question", detail_path="/legal/consultations/{}/",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    env: dict[str, str]
    sqlite_file: Path | None
    pg_url: str | None
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "baimi.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--threads", "2", "--timeout", "60"],
            env=self.env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/accounts/login/", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not come up")

    def kill_hard(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)  # master and workers, no chance to clean up
        self.process.wait(timeout=10)

    def query(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        """Read the site's own database directly (not through the application under test)."""
        if self.sqlite_file is not None:
            with sqlite3.connect(self.sqlite_file) as db:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                return list(db.execute(sql.replace("%s", "?"), params))
        import psycopg

        assert self.pg_url is not None
        with psycopg.connect(self.pg_url) as db:
            return list(db.execute(sql, params).fetchall())  # type: ignore[arg-type]

    def rows(self, submission: Submission, marker: str) -> list[tuple[str, str]]:
        sql = (f"SELECT {submission.id_column}, {submission.text_column} FROM {submission.table} "  # noqa: S608
               f"WHERE {submission.text_column} LIKE %s")
        return [(str(a), str(b)) for a, b in self.query(sql, f"{marker}%")]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    if shutil.which(str(BIN / "gunicorn")) is None:
        pytest.skip("gunicorn is not installed in this environment")
    env = {**os.environ, "BAIMI_DATA_DIR": str(tmp_path), "BAIMI_TASK_QUEUE": "", "BAIMI_DB_CONN_MAX_AGE": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    sqlite_file: Path | None = None
    pg_url: str | None = None
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        name = f"baimi_crash_{os.getpid()}"
        host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        admin_url = f"postgres://{settings['USER']}@{host}:{port}/postgres"
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        pg_url = admin_url.rsplit("/", 1)[0] + "/" + name
        env["DATABASE_URL"] = pg_url
    else:
        env["DATABASE_URL"] = ""
        sqlite_file = tmp_path / "baimi.sqlite3"
    subprocess.run([str(BIN / "baimi"), "demo", "--no-serve", "--households", "100"], env=env, check=True,
                   capture_output=True)
    running = Site(env, sqlite_file, pg_url)
    yield running
    if running.process is not None and running.process.poll() is None:
        running.kill_hard()
    if pg_url is not None:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _logged_in(site: Site, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(site.base + "/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    response = session.post(site.base + "/accounts/login/", timeout=10, allow_redirects=False, data={
        "username": username, "password": "baimi-demo-2026", "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302, "demo login failed"
    return session


def _post(site: Site, session: requests.Session, submission: Submission, text: str, token: str,
          category: str) -> str | None:
    """Submit once; the new record's id if the server acknowledged it, None if the answer never came."""
    extra = {k: v.format(category=category, token=token) for k, v in submission.extra.items()}
    data = {submission.field: text, **extra}
    try:
        response = session.post(site.base + submission.form_path, timeout=10, allow_redirects=False, data=data,
                                headers={"X-CSRFToken": session.cookies.get("csrftoken", ""),
                                         "Referer": site.base + "/"})
    except requests.RequestException:
        return None  # not acknowledged: the resident saw an error and may try again
    found = submission.acknowledged.search(response.headers.get("Location", ""))
    return found.group(1) if response.status_code == 302 and found else None


def _stream(site: Site, submission: Submission, marker: str, stop: threading.Event,
            acknowledged: dict[str, str], attempted: dict[str, str], lock: threading.Lock, category: str) -> None:
    try:
        session = _logged_in(site, "resident")
    except requests.RequestException:
        return  # the server went down before this resident got in: nothing sent, nothing to check
    n = 0
    while not stop.is_set():
        n += 1
        text = f"{marker}{threading.get_ident()}-{n} 楼上漏水怎么办"
        token = f"{threading.get_ident()}-{n}"
        with lock:
            attempted[text] = token
        new_id = _post(site, session, submission, text, token, category)
        if new_id is not None:
            with lock:
                acknowledged[text] = new_id


@pytest.mark.django_db
@pytest.mark.parametrize("submission", [HELP_REQUEST, LEGAL_QUESTION], ids=["help request", "legal question"])
def test_kill_9_mid_stream_loses_nothing_acknowledged(site: Site, submission: Submission) -> None:
    marker = "crash-test-"
    acknowledged: dict[str, str] = {}
    attempted: dict[str, str] = {}
    lock = threading.Lock()
    stop = threading.Event()
    category = str(site.query("SELECT id FROM helpdesk_helpcategory WHERE code = %s", "repairs")[0][0])
    site.start()
    threads = [threading.Thread(target=_stream, args=(site, submission, marker, stop, acknowledged, attempted,
                                                      lock, category)) for _ in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 120
    while len(acknowledged) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()  # the residents stop sending new ones...
    site.kill_hard()  # ...but requests are in flight now
    for t in threads:
        t.join(timeout=30)
    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL
    print(f"acknowledged {len(acknowledged)} before and during the kill")

    stored = site.rows(submission, marker)
    stored_ids = {row_id for row_id, _ in stored}
    texts = [text for _, text in stored]
    missing = {text: pk for text, pk in acknowledged.items() if pk not in stored_ids}
    assert not missing, f"acknowledged but lost: {missing}"
    assert len(texts) == len(set(texts)), "a submission was stored twice"
    by_id = dict(stored)
    assert all(by_id[pk] == text for text, pk in acknowledged.items()), "a row holds another submission's text"
    print(f"stored {len(stored)}: every acknowledged one, and {len(stored) - len(acknowledged)} cut off mid-answer")

    site.start()  # and the site comes back on the same data
    session = _logged_in(site, "resident")
    first = next(iter(acknowledged.values()))
    assert session.get(site.base + submission.detail_path.format(first), timeout=10).status_code == 200
    if not submission.retry_safe:
        return
    # The residents whose answer never came try again with the same form: nothing is made twice.
    for text, token in attempted.items():
        if text not in acknowledged:
            assert _post(site, session, submission, text, token, category) is not None
    again = [text for _, text in site.rows(submission, marker)]
    assert len(again) == len(set(again)) and set(again) == set(attempted), "a retry was lost or doubled"
    print(f"after retrying the {len(attempted) - len(acknowledged)} unanswered: {len(again)} stored, one each")
