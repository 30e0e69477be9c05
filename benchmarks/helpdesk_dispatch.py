"""Benchmark: choosing the staff member for a help request, with 2,000 staff in the community.

Target (issue 5): the dispatch decision ≤ 20 ms at the 99th percentile with 2,000 staff in the area.

    .venv/bin/python benchmarks/helpdesk_dispatch.py                  # embedded SQLite, in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/helpdesk_dispatch.py

The demo community (2,000 households, its real walking network) gets 2,000 staff with the skill,
all on duty, at random buildings. "Decision" is ``rank_candidates``: the on-duty query, snapping the
staff and one walking search from the request's point, sorted. "Offer" adds booking the first with
room under its row lock and writing the offer — what a resident's request waits for. Each of
--requests requests comes from a random household. PostgreSQL runs use (and wipe) the database
named in DATABASE_URL.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time

from _roster import add_staff


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("BAIMI_DATA_DIR", tempfile.mkdtemp(prefix="baimi-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "baimi.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from baimi.helpdesk import services
    from baimi.helpdesk.dispatch import rank_candidates
    from baimi.helpdesk.models import HelpCategory, HelpRequest
    from baimi.places.demo.community import DEMO_COMMUNITY, build_demo
    from baimi.places.models import Division, Household

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if engine != "sqlite3":  # start from an empty schema, so the seeded categories exist again
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    build_demo(households=2000)
    community = Division.objects.get(code=DEMO_COMMUNITY)
    category = HelpCategory.objects.get(code="elderly_care")
    add_staff(count=args.staff, capacity=1000, users=False)
    rng = random.Random(1)
    households = list(Household.objects.filter(community=community, building__isnull=False)
                      .values_list("building__lon", "building__lat", "group_id"))
    now = timezone.now()
    rank_candidates(community=community, lon=households[0][0], lat=households[0][1], skill_id=category.skill_id,
                    at=now)  # warm-up: builds the community's walking network once, as a running server has

    decide: list[float] = []
    offer: list[float] = []
    for _ in range(args.requests):
        lon, lat, group_id = rng.choice(households)
        t0 = time.perf_counter()
        ranked = rank_candidates(community=community, lon=lon, lat=lat, skill_id=category.skill_id, at=now)
        decide.append(time.perf_counter() - t0)
        assert len(ranked) == min(args.staff, 200), len(ranked)
        request = HelpRequest.objects.create(
            category=category, description="bench", community=community, group_id=group_id, lon=lon, lat=lat,
            ack_due=now, arrival_due=now)
        t0 = time.perf_counter()
        assert services.offer_next(request, at=now) is not None
        offer.append(time.perf_counter() - t0)

    def line(name: str, xs: list[float]) -> str:
        return (f"{name}: p50 {statistics.median(xs) * 1000:.1f} ms, p99 {_pct(xs, 0.99) * 1000:.1f} ms, "
                f"max {max(xs) * 1000:.1f} ms")

    print(f"database: {connection.vendor}; {args.staff} staff on duty with the skill; {args.requests} requests; "
          f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}", file=sys.stderr)
    print(line("decision (rank_candidates)", decide))
    print(line("offer (decision + booking under the row lock + writing the offer)", offer))


if __name__ == "__main__":
    main()
