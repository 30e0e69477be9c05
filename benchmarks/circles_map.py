"""Benchmark: the circle map and a coverage run for a community of 3,000 households.

Targets (issue 4): the map's data for a 3,000-household community in ≤ 300 ms of server time and
≤ 1 MB sent; a coverage run for the demo community in ≤ 2 s.

    .venv/bin/python benchmarks/circles_map.py                 # embedded SQLite, in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/circles_map.py

Each figure is the median of --repeat runs after one warm-up; the data is generated from a seed.
PostgreSQL runs use (and empty) the database named in DATABASE_URL.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("BAIMI_DATA_DIR", tempfile.mkdtemp(prefix="baimi-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "baimi.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from baimi.accounts.models import User
    from baimi.circles.services import coverage_run_create
    from baimi.places.demo.community import DEMO_COMMUNITY, build_demo
    from baimi.places.models import Division

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if engine != "sqlite3":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    build_demo(households=args.households)
    community = Division.objects.get(code=DEMO_COMMUNITY)

    def timed(fn: object) -> list[float]:
        out = []
        for _ in range(args.repeat + 1):
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            out.append(time.perf_counter() - t0)
        return out[1:]

    runs: list[float] = []
    engine_s: list[float] = []

    def one_run() -> None:
        run = coverage_run_create(community=community)
        engine_s.append(run.seconds or 0.0)

    runs = timed(one_run)
    client = Client()
    client.force_login(User.objects.get(username="worker"))
    sizes: list[int] = []

    def one_map() -> None:
        response = client.get(f"/circles/{DEMO_COMMUNITY}/map.json")
        assert response.status_code == 200
        sizes.append(len(response.content))

    maps = timed(one_map)
    groups = community.children.count()
    print(
        f"| {engine} | {args.households:,} | {groups} | {statistics.median(runs) * 1000:.0f} ms "
        f"| {statistics.median(engine_s[1:]) * 1000:.0f} ms | {statistics.median(maps) * 1000:.0f} ms "
        f"| {statistics.median(sizes) / 1024:.0f} KiB |"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    main()
