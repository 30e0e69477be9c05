"""Open311 POST requests under load: 100 requests/s for 60 s, p99 and zero lost or doubled.

    .venv/bin/python benchmarks/open311_load.py                      # embedded SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/open311_bench .venv/bin/python benchmarks/open311_load.py

A fresh demo in a temporary data folder (PostgreSQL: the named database's schema is wiped), one API
key, gunicorn on loopback, then an open-loop generator: a request is started every 1/rate seconds
whatever the server's speed (asyncio), each with its own Idempotency-Key; every 20th sends again the
key of an earlier one that was answered, which must give back the same service_request_id. At the
end the database is counted: every 201 has its row (none lost) and no key has two rows (none doubled).

The demo's roster is small, so after the warm-up its workers are full and requests take the "nobody
free yet" path; ``--staff 2000`` replaces it with 2,000 on-duty workers (``_roster.py``) so every
request is ranked, booked and offered (the full dispatch path) until all are at ``--capacity``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from _server import BIN, fresh_demo, gunicorn

DEMO_COMMUNITY = "654322100005"  # baimi.places.demo.community.DEMO_COMMUNITY (importing it needs Django set up)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=10, help="seconds at 20 requests/s before timing")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--staff", type=int, default=0,
                        help="replace the demo community's roster with this many on-duty staff with logins, so "
                             "requests are offered (the full dispatch path) until all are at --capacity")
    parser.add_argument("--capacity", type=int, default=3)
    args = parser.parse_args()
    data, env = fresh_demo("baimi-open311-", BAIMI_OPEN311_POSTS_PER_MINUTE="1000000")
    if args.staff:
        subprocess.run([str(BIN / "python"), str(Path(__file__).with_name("_roster.py")), "--staff",
                        str(args.staff), "--capacity", str(args.capacity), "--users"], env=env, check=True)
    url = env.get("DATABASE_URL", "")
    made = subprocess.run([str(BIN / "baimi"), "open311_key", "create", "--name", "bench", "--community",
                           DEMO_COMMUNITY], env=env, check=True, capture_output=True, text=True)
    key = re.search(r"(o311_\S+)", made.stdout).group(1)  # type: ignore[union-attr]
    with gunicorn(env, args.workers, "/open311/v2/services.json") as (server, base):
        endpoint = base + "/open311/v2/requests.json"
        # Every worker loads the community's roster and walking network on its first request; a
        # server in service is past that, so a gentle warm-up goes first (checked for loss, not timed).
        warm = run(endpoint, key, argparse.Namespace(rate=20, seconds=args.warmup))
        server_cpu, own_cpu, db_cpu = _cpu_seconds(server.pid), _own_cpu_seconds(), _postgres_cpu_seconds()
        results = run(endpoint, key, args)
        run.server_cpu = _cpu_seconds(server.pid) - server_cpu  # type: ignore[attr-defined]
        run.db_cpu = _postgres_cpu_seconds() - db_cpu if url else 0.0  # type: ignore[attr-defined]
        run.generator_cpu = _own_cpu_seconds() - own_cpu  # type: ignore[attr-defined]
    report(results, warm, args, url, env)


Result = tuple[str, int, float, str, bool]  # idempotency key, HTTP status, seconds, service_request_id, retry


def run(endpoint: str, key: str, args: argparse.Namespace) -> list[Result]:
    """Open loop: request i is due at start + i/rate whatever the server's speed, and its latency is
    counted from that moment (a late start is the server's delay too). asyncio and plain sockets keep
    the generator's own CPU small: it shares the machine's cores with the server."""
    return asyncio.run(_run(endpoint, key, args))


async def _run(endpoint: str, key: str, args: argparse.Namespace) -> list[Result]:
    url = urlsplit(endpoint)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    body = urlencode({"api_key": key, "service_code": "elderly_care", "description": "load test",
                      "lat": "47.8458", "long": "88.1398"}).encode()
    results: list[Result] = []
    answered: list[tuple[str, str]] = []

    async def send(idem: str, retry: bool, due: float) -> None:
        head = (f"POST {url.path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                f"Idempotency-Key: {idem}\r\nConnection: close\r\n\r\n").encode()
        status, ref = 0, ""
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 30)
            try:
                writer.write(head + body)
                raw = await asyncio.wait_for(reader.read(), 30)  # the server closes after answering
            finally:
                writer.close()
            status = int(raw.split(b" ", 2)[1])
            if status == 201:
                ref = json.loads(raw.split(b"\r\n\r\n", 1)[1])[0]["service_request_id"]
        except (TimeoutError, OSError, ValueError, IndexError, KeyError):
            status, ref = 0, ""
        results.append((idem, status, time.perf_counter() - due, ref, retry))
        if ref and not retry:
            answered.append((idem, ref))

    total = int(args.rate * args.seconds)
    start = time.perf_counter()
    tasks = []
    for i in range(total):
        due = start + i / args.rate
        if (delay := due - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        earlier = answered[len(answered) // 2][0] if answered and i % 20 == 19 else None
        tasks.append(asyncio.create_task(send(earlier or uuid.uuid4().hex, earlier is not None, due)))
    run.sent_in = time.perf_counter() - start  # type: ignore[attr-defined]
    await asyncio.gather(*tasks)
    run.elapsed = time.perf_counter() - start  # type: ignore[attr-defined]
    return results


def report(results: list[Result], warm: list[Result], args: argparse.Namespace, url: str, env: dict[str, str]
           ) -> None:
    latencies = [r[2] * 1000 for r in results]
    ok = [r for r in warm + results if r[1] == 201]
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
          f"(target {args.rate:g}); 201: {sum(r[1] == 201 for r in results)}, "
          f"other: {sum(r[1] != 201 for r in results)}, "
          f"retries with an earlier key: {sum(1 for r in results if r[4])}")
    print(f"latency ms: p50 {_percentile(latencies, 50):.0f}  p95 {_percentile(latencies, 95):.0f}  "
          f"p99 {_percentile(latencies, 99):.0f}  max {max(latencies):.0f}")
    print(f"CPU seconds per request: server {1000 * run.server_cpu / len(results):.1f} ms, "  # type: ignore[attr-defined]
          f"load generator {1000 * run.generator_cpu / len(results):.1f} ms"  # type: ignore[attr-defined]
          + (f", PostgreSQL {1000 * run.db_cpu / len(results):.1f} ms" if url else "")  # type: ignore[attr-defined]
          + " "
          f"({os.cpu_count()} cores shared by both)")
    print(f"rows: {len(rows)} Open311 requests; lost {lost}; doubled {doubled}; retry answered another id "
          f"{retry_mismatch}")
    print(_dispatched(url, env))


def _own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _postgres_cpu_seconds() -> float:
    """User + system CPU of this machine's PostgreSQL processes: the running ones, and through the
    postmaster's children's times the backends that ended (gunicorn renews connections each minute)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text:  # backends that ended are in the postmaster's children's times
            fields = text.rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def _cpu_seconds(master: int) -> float:
    """User + system CPU of gunicorn's master and its workers so far (Linux /proc), in seconds."""
    total = 0.0
    pids = [master, *(int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split())]
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


def _query(url: str, env: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    if url:
        import psycopg

        with psycopg.connect(url) as db:
            return db.execute(sql).fetchall()
    import sqlite3

    with sqlite3.connect(Path(env["BAIMI_DATA_DIR"]) / "baimi.sqlite3") as db:
        return db.execute(sql).fetchall()


def _rows(url: str, env: dict[str, str]) -> dict[str, str]:
    """reference → idempotency key of every Open311 request in the database."""
    return dict(_query(url, env, "SELECT reference, idempotency_key FROM helpdesk_helprequest "
                                 "WHERE channel = 'open311'"))


def _dispatched(url: str, env: dict[str, str]) -> str:
    """What dispatch did with them: offered to someone, or waiting because nobody had room."""
    counts = dict(_query(url, env, "SELECT status, COUNT(*) FROM helpdesk_helprequest WHERE channel = 'open311' "
                                   "GROUP BY status"))
    offers = _query(url, env, "SELECT COUNT(*) FROM helpdesk_offer o JOIN helpdesk_helprequest r "
                              "ON r.id = o.request_id WHERE r.channel = 'open311'")[0][0]
    return f"dispatch: {counts.get('offered', 0)} offered ({offers} offers), {counts.get('new', 0)} waiting " \
           "(nobody with room)"


if __name__ == "__main__":
    main()
