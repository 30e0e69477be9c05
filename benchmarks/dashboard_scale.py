"""Benchmark: the prefecture dashboard for a generated prefecture of 600 communities and 300,000
households (issue 9, item 4: answers in ≤ 1 s on PostgreSQL, figures pre-aggregated).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dashboard_bench .venv/bin/python benchmarks/dashboard_scale.py

What is generated (real rows of the real models, then the real aggregation task over them):
  * a prefecture → 7 counties → 84 towns → 600 communities → 3,000 residents' groups (Division rows,
    with base points 150 m apart so the circles' connectivity is computed for real);
  * one finished CoverageRun per community whose summary gives 5 groups × 100 households (300,000
    households in the figures) with coverage shares per category — no Building or Household rows;
  * --requests help requests (HelpRequest rows, default 120,000) spread over the last 12 months,
    with arrival and settled levels.
Then ``aggregate_figures(months=12)`` is timed, and the prefecture page is requested --repeat
times by a logged-in prefecture officer through Django's test client (server time, no network):
p50 and p99. The database named in DATABASE_URL is emptied first.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from typing import Any

COUNTIES, TOWNS_PER_COUNTY, COMMUNITIES, GROUPS_PER_COMMUNITY, HOUSEHOLDS_PER_GROUP = 7, 12, 600, 5, 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=120_000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dashboard_bench")
    os.environ.setdefault("BAIMI_DATA_DIR", tempfile.mkdtemp(prefix="baimi-dash-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "baimi.settings"
    _ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from baimi.places.reference import ensure_reference_data

    ensure_reference_data()
    t0 = time.perf_counter()
    prefecture = _divisions()
    _coverage_runs()
    _help_requests(args.requests)
    print(f"generated in {time.perf_counter() - t0:.1f} s", flush=True)

    from baimi.dashboard.aggregate import aggregate_figures
    from baimi.dashboard.models import AreaMonthFigures

    result = aggregate_figures(months=12)
    print(f"aggregate_figures(months=12): {result.seconds:.2f} s, {result.rows} rows "
          f"(table now {AreaMonthFigures.objects.count()} rows)", flush=True)
    for missing in result.missing:
        print(f"  no data: {missing}")
    hourly = aggregate_figures(months=2)  # what the hourly task does
    print(f"aggregate_figures(months=2), the hourly task: {hourly.seconds:.2f} s, {hourly.rows} rows", flush=True)
    _time_page(prefecture, args.repeat)


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _divisions() -> object:
    from baimi.places.models import Division, Level

    rng = random.Random(9)
    prefecture = Division.objects.create(code="659900000000", name="基准地区", level=Level.PREFECTURE,
                                         lon=88.14, lat=47.85)
    counties = [Division.objects.create(code=f"6599{c + 1:02d}000000", name=f"基准县{c + 1}", level=Level.COUNTY,
                                        parent=prefecture) for c in range(COUNTIES)]
    towns = [Division.objects.create(code=f"{county.code[:6]}{t + 1:03d}000", name=f"{county.name}镇{t + 1}",
                                     level=Level.TOWN, parent=county)
             for county in counties for t in range(TOWNS_PER_COUNTY)]
    communities = []
    for i in range(COMMUNITIES):
        town = towns[i % len(towns)]
        code = f"{town.code[:9]}{i // len(towns) + 1:03d}"
        lon, lat = 86.0 + rng.random() * 4, 46.0 + rng.random() * 3
        communities.append(Division(code=code, name=f"社区{i + 1}", level=Level.COMMUNITY, parent=town,
                                    path=f"{town.path}{code}/", lon=lon, lat=lat))
    Division.objects.bulk_create(communities, batch_size=2000)
    groups = []
    for community in Division.objects.filter(level=Level.COMMUNITY, code__startswith="6599"):
        assert community.lon is not None and community.lat is not None
        for g in range(GROUPS_PER_COMMUNITY):
            code = f"{community.code}{g + 1:03d}"
            # 150 m apart east-west: neighbouring 100 m circles overlap, so a community joins up
            groups.append(Division(code=code, name=f"{community.name}第{g + 1}小组", level=Level.GROUP,
                                   parent=community, path=f"{community.path}{code}/",
                                   lon=community.lon + g * 150 / 75_000, lat=community.lat))
    Division.objects.bulk_create(groups, batch_size=5000)
    return prefecture


def _coverage_runs() -> None:
    import datetime as dt

    from django.utils import timezone

    from baimi.circles.models import CoverageRun
    from baimi.places.models import Division, Level, ServiceCategory

    rng = random.Random(10)
    categories = list(ServiceCategory.objects.filter(required_in_circle=True).values_list("code", flat=True))
    long_ago = timezone.now() - dt.timedelta(days=400)
    runs = []
    groups_of: dict[int, list[str]] = {}
    for parent_id, code in Division.objects.filter(level=Level.GROUP).values_list("parent_id", "code"):
        groups_of.setdefault(parent_id, []).append(code)
    for community_id, codes in groups_of.items():
        summary: dict[str, object] = {"categories": categories, "groups": {}, "community": {}}
        for code in codes:
            cell: dict[str, object] = {"households": float(HOUSEHOLDS_PER_GROUP)}
            for category in [*categories, "all"]:
                walk = round(rng.uniform(0.4, 1.0), 4)
                cell[category] = {"walk": walk, "straight": round(min(1.0, walk + 0.1), 4)}
            summary["groups"][code] = cell  # type: ignore[index]
        runs.append(CoverageRun(community_id=community_id, status=CoverageRun.Status.DONE, finished_at=long_ago,
                                summary=summary, progress=100))
    CoverageRun.objects.bulk_create(runs, batch_size=1000)


def _help_requests(n: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from baimi.helpdesk.models import HelpCategory, HelpRequest
    from baimi.places.models import Division, Level

    category, _ = HelpCategory.objects.get_or_create(code="other", defaults={"name_zh": "其他", "name_en": "Other"})
    groups = list(Division.objects.filter(level=Level.GROUP).values_list("id", "parent_id"))
    rng = random.Random(11)
    now = timezone.now()
    batch = []
    for i in range(n):
        group_id, community_id = groups[rng.randrange(len(groups))]
        batch.append(HelpRequest(category=category, description="基准", community_id=community_id,
                                 group_id=group_id, ack_due=now, arrival_due=now, reference=f"B{i:011d}"))
        if len(batch) == 10_000:
            HelpRequest.objects.bulk_create(batch)
            batch = []
    HelpRequest.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # spread over the year; most reached in time; levels settled
        cursor.execute("""
            UPDATE helpdesk_helprequest SET created_at = now() - random() * interval '360 days';
            UPDATE helpdesk_helprequest SET arrival_due = created_at + interval '10 minutes',
                ack_due = created_at + interval '5 minutes',
                arrived_at = CASE WHEN random() < 0.9 THEN created_at + random() * interval '14 minutes' END,
                settled_level = (ARRAY['home','circle','circle','community','above'])[1 + floor(random() * 5)::int],
                status = 'settled';
            ANALYZE;
        """)


def _time_page(prefecture: object, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from baimi.accounts.models import User
    from baimi.accounts.roles import Role

    user = User.objects.create(username="bench-prefecture", role=Role.PREFECTURE_OFFICER, area=prefecture)
    client = Client()
    client.force_login(user)
    url = reverse("dashboard:area", args=[prefecture.code])  # type: ignore[attr-defined]
    client.get(url)  # warm-up: the session, the templates
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert "基准县1" in response.content.decode()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - t0)
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * len(times))) - 1)]
    print(f"prefecture page: {len(queries)} queries, {len(response.content) / 1024:.0f} KiB; over {repeat} "
          f"requests p50 {statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
          f"max {times[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
