"""Load test: residents' reports, staff updates and map views together, on loopback, through gunicorn.

    .venv/bin/python benchmarks/load_mixed.py                       # embedded SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load .venv/bin/python benchmarks/load_mixed.py

Sets up a fresh demo (2,000 households) in a temporary data folder (PostgreSQL: wipes the named
database), serves it with gunicorn (--workers, default 4), runs Locust headless (--users, --seconds;
the users and their mix are in benchmarks/locustfile_mixed.py), then prints throughput and latency
per request kind, and checks that every report the server acknowledged is in the database.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
from pathlib import Path

from _server import BIN, fresh_demo, gunicorn

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    data, env = fresh_demo("baimi-load-")
    url = env.get("DATABASE_URL", "")
    categories = _query(url, data, "SELECT id FROM helpdesk_helpcategory")
    before = _query(url, data, "SELECT count(*) FROM helpdesk_helprequest")[0]
    with gunicorn(env, args.workers, "/accounts/login/") as (_server, base):
        prefix = data / "locust"
        subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "benchmarks" / "locustfile_mixed.py"), "--headless",
                        "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s",
                        "--host", base, "--csv", str(prefix), "--only-summary",
                        "--categories", ",".join(str(c) for c in categories)], env=env, check=False,
                       capture_output=True)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    after = _query(url, data, "SELECT count(*) FROM helpdesk_helprequest")[0]
    posted = next((int(r["Request Count"]) - int(r["Failure Count"]) for r in rows if r["Name"] == "report (POST)"), 0)
    print(f"database: {'PostgreSQL' if url else 'SQLite'}; {args.users} users for {args.seconds} s; "
          f"gunicorn {args.workers} workers; {os.cpu_count()} cores")
    print("| request | count | failures | req/s | p50 ms | p99 ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {float(r['Requests/s']):.1f} | "
              f"{r['50%']} | {r['99%']} |")
    print(f"reports acknowledged: {posted}; new help requests in the database: {after - before} "
          f"({'none lost' if after - before >= posted else 'SOME LOST'}; more than acknowledged = requests "
          "still in flight when the load generator stopped)")


def _query(url: str, data: Path, sql: str) -> list[int]:
    if url:
        import psycopg

        with psycopg.connect(url) as db:
            return [int(r[0]) for r in db.execute(sql).fetchall()]  # type: ignore[arg-type]
    import sqlite3

    with sqlite3.connect(data / "baimi.sqlite3") as db:
        return [int(r[0]) for r in db.execute(sql).fetchall()]


if __name__ == "__main__":
    main()
