"""A large on-duty roster for the demo community, for the helpdesk benchmarks: ``count`` staff with
the elderly-care skill, on duty all week, each at a random building of the community, and (for the
load benchmark) each with a login so offers notify them as real staff are notified.

    python benchmarks/_roster.py --staff 2000 --capacity 3 --users   # in the benchmark's environment

Run inside Django (``add_staff``) or as a script with the environment of a fresh demo.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
from typing import Any


def add_staff(*, count: int, capacity: int, users: bool, seed: int = 1) -> list[Any]:
    """The demo community's own staff are set inactive, so only these count; returns them."""
    from django.contrib.auth.hashers import make_password

    from baimi.accounts.models import User
    from baimi.accounts.roles import Role
    from baimi.helpdesk.dispatch import forget_rosters
    from baimi.helpdesk.models import HelpCategory
    from baimi.places.demo.community import DEMO_COMMUNITY
    from baimi.places.models import Building, Division, DutyShift, Staff

    community = Division.objects.get(code=DEMO_COMMUNITY)
    category = HelpCategory.objects.get(code="elderly_care")
    rng = random.Random(seed)
    buildings = list(Building.objects.filter(community=community).select_related("group"))
    chosen = [rng.choice(buildings) for _ in range(count)]
    logins: list[Any] = [None] * count
    if users:
        unusable = make_password(None)  # hashed once: nobody logs in as a benchmark worker
        logins = User.objects.bulk_create([
            User(username=f"bench_staff_{i}", password=unusable, role=Role.GRID_WORKER, area=b.group)
            for i, b in enumerate(chosen)])
    Staff.objects.filter(community=community).update(active=False)
    made = Staff.objects.bulk_create([
        Staff(community=community, home_base=b.group, name=f"员工{i}", role="grid_worker", lon=b.lon, lat=b.lat,
              capacity=capacity, user=login)
        for i, (b, login) in enumerate(zip(chosen, logins, strict=True))])
    through = Staff.skills.through
    through.objects.bulk_create([through(staff_id=s.pk, skill_id=category.skill_id) for s in made])
    DutyShift.objects.bulk_create([DutyShift(staff=s, weekday=d, starts=dt.time(0), ends=dt.time(0))
                                   for s in made for d in range(7)], batch_size=2000)
    forget_rosters()  # bulk writes send no signals; without this, dispatch here keeps the old roster for 2 s
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, required=True)
    parser.add_argument("--capacity", type=int, default=3)
    parser.add_argument("--users", action="store_true", help="give each a login (offers then notify them)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baimi.settings")
    import django

    django.setup()
    add_staff(count=args.staff, capacity=args.capacity, users=args.users)


if __name__ == "__main__":
    main()
