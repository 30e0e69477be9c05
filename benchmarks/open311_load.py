"""Open311 POST requests under load: 100 requests/s for 60 s, p99 and zero lost or doubled.

    .venv/bin/python benchmarks/open311_load.py                      # embedded SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/open311_bench .venv/bin/python benchmarks/open311_load.py

A fresh demo in a temporary data folder (PostgreSQL: the named database's schema is wiped), one API
key, gunicorn on loopback, then an open-loop generator: a request is started every 1/rate seconds
whatever the server's speed (threads), each with its own Idempotency-Key; every 20th sends again the
key of an earlier one that was answered, which must give back the same service_request_id. At the
end the database is counted: every 201 has its row (none lost) and no key has two rows (none doubled).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
DEMO_COMMUNITY = "654322100005"  # baimi.places.demo.community.DEMO_COMMUNITY (importing it needs Django set up)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=64, help="generator threads (requests in flight at most)")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="baimi-open311-"))
    env = {**os.environ, "BAIMI_DATA_DIR": str(data), "BAIMI_DB_CONN_MAX_AGE": "60",
           "BAIMI_OPEN311_POSTS_PER_MINUTE": "1000000"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = env.get("DATABASE_URL", "")
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    subprocess.run([str(BIN / "baimi"), "demo", "--no-serve"], env=env, check=True, capture_output=True)
    made = subprocess.run([str(BIN / "baimi"), "open311_key", "create", "--name", "bench", "--community",
                           DEMO_COMMUNITY], env=env, check=True, capture_output=True, text=True)
    key = re.search(r"(o311_\S+)", made.stdout).group(1)  # type: ignore[union-attr]
    port = _free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "baimi.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(args.workers), "--timeout", "60"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}/open311/v2/requests.json"
    try:
        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{port}/open311/v2/services.json", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        results = run(endpoint, key, args)
    finally:
        server.terminate()
        server.wait(10)
    report(results, args, url, env)


Result = tuple[str, int, float, str, bool]  # idempotency key, HTTP status, seconds, service_request_id, retry


def run(endpoint: str, key: str, args: argparse.Namespace) -> list[Result]:
    local = threading.local()
    results: list[Result] = []
    answered: list[tuple[str, str]] = []
    lock = threading.Lock()

    def send(idem: str, retry: bool) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        fields = {"api_key": key, "service_code": "elderly_care", "description": "load test",
                  "lat": "47.8458", "long": "88.1398"}
        started = time.perf_counter()
        try:
            response = session.post(endpoint, data=fields, headers={"Idempotency-Key": idem}, timeout=30)
            status, body = response.status_code, response.json() if response.status_code == 201 else []
        except (requests.RequestException, ValueError):
            status, body = 0, []
        elapsed = time.perf_counter() - started
        ref = body[0]["service_request_id"] if body else ""
        with lock:
            results.append((idem, status, elapsed, ref, retry))
            if ref and not retry:
                answered.append((idem, ref))

    total = int(args.rate * args.seconds)
    start = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        for i in range(total):
            delay = start + i / args.rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            with lock:
                earlier = answered[len(answered) // 2][0] if answered and i % 20 == 19 else None
            pool.submit(send, earlier or uuid.uuid4().hex, earlier is not None)
        run.sent_in = time.perf_counter() - start  # type: ignore[attr-defined]
    run.elapsed = time.perf_counter() - start  # type: ignore[attr-defined]
    return results


def report(results: list[Result], args: argparse.Namespace, url: str, env: dict[str, str]) -> None:
    latencies = [r[2] * 1000 for r in results]
    ok = [r for r in results if r[1] == 201]
    first_ref: dict[str, str] = {}
    for idem, _, _, ref, _retry in sorted(ok, key=lambda r: r[4]):
        first_ref.setdefault(idem, ref)
    retry_mismatch = sum(1 for idem, _, _, ref, retry in ok if retry and first_ref.get(idem) != ref)
    rows = _rows(url, env)
    refs = {r[3] for r in ok}
    lost = len(refs - set(rows))
    doubled = len(rows) - len(set(rows.values()))
    elapsed = run.elapsed  # type: ignore[attr-defined]
    print(f"database: {'PostgreSQL' if url else 'SQLite'}; gunicorn workers: {args.workers}")
    print(f"offered over {run.sent_in:.1f} s, all answered after {elapsed:.1f} s: "  # type: ignore[attr-defined]
          f"{len(results) / elapsed:.1f} req/s answered "
          f"(target {args.rate:g}); 201: {len(ok)}, other: {len(results) - len(ok)}, "
          f"retries with an earlier key: {sum(1 for r in results if r[4])}")
    print(f"latency ms: p50 {_percentile(latencies, 50):.0f}  p95 {_percentile(latencies, 95):.0f}  "
          f"p99 {_percentile(latencies, 99):.0f}  max {max(latencies):.0f}")
    print(f"rows: {len(rows)} Open311 requests; lost {lost}; doubled {doubled}; retry answered another id "
          f"{retry_mismatch}")


def _rows(url: str, env: dict[str, str]) -> dict[str, str]:
    """reference → idempotency key of every Open311 request in the database."""
    if url:
        import psycopg

        with psycopg.connect(url) as db:
            found = db.execute("SELECT reference, idempotency_key FROM helpdesk_helprequest "
                               "WHERE channel = 'open311'").fetchall()
    else:
        import sqlite3

        with sqlite3.connect(Path(env["BAIMI_DATA_DIR"]) / "baimi.sqlite3") as db:
            found = db.execute("SELECT reference, idempotency_key FROM helpdesk_helprequest "
                               "WHERE channel = 'open311'").fetchall()
    return dict(found)


if __name__ == "__main__":
    main()
