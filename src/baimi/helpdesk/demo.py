"""Four weeks of the demo community's help requests, as they would have gone: most reached within
their clock and settled in the circle, some by phone at home, a few climbing to the community or
the town. Written as history (fixed times, a seeded choice), not dispatched live, so the demo looks
the same whatever hour it is built at."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from baimi.accounts.models import User
from baimi.accounts.roles import Role
from baimi.helpdesk.models import Event, HelpCategory, HelpRequest, Level, Offer, SettledLevel
from baimi.helpdesk.reference import ensure_categories
from baimi.places.models import Division, Household, Staff

STORIES = [
    ("elderly_care", "独居老人在家摔倒，起不来"), ("elderly_care", "老人家里没米没油了，想请人帮忙买"),
    ("medical", "孩子发烧39度，想请社区医生看看"), ("medical", "老人血压高，头晕"),
    ("repairs", "楼道灯坏了，晚上看不见"), ("repairs", "水管冻裂了，正在漏水"),
    ("repairs", "单元门锁坏了关不上"), ("neighbour_dispute", "楼上装修噪音太大，晚上十点还在施工"),
    ("neighbour_dispute", "邻居把杂物堆在楼道里"), ("legal_question", "工资被拖欠了三个月怎么办"),
    ("other", "想了解一下残疾人补贴怎么申请"),
]
COUNT = 36


def create_demo_requests(community: Division) -> int:
    if HelpRequest.objects.filter(community=community).exists():
        return 0
    ensure_categories()  # a test that emptied the tables may have taken the seeded ones
    rng = random.Random(20191028)
    households = list(Household.objects.filter(community=community).select_related("group", "building")[:400])
    staff = list(Staff.objects.filter(community=community, active=True).prefetch_related("skills"))
    residents = {u.household_id: u for u in User.objects.filter(role=Role.RESIDENT, household__isnull=False)}
    categories = {c.code: c for c in HelpCategory.objects.all()}
    if not households or not staff:
        return 0
    now = timezone.now().replace(second=0, microsecond=0)
    made = 0
    for i in range(COUNT):
        code, text = STORIES[i % len(STORIES)]
        category = categories[code]
        household = rng.choice(households)
        received = now - dt.timedelta(days=rng.uniform(0.5, 28), minutes=rng.randint(0, 600))
        able = [s for s in staff if category.skill_id is None or category.skill_id in {k.pk for k in s.skills.all()}]
        helper = rng.choice(able or staff)
        request = HelpRequest.objects.create(
            category=category, description=text, community=community, group=household.group,
            building=household.building, household=household, lon=household.lon, lat=household.lat,
            address=household.address, contact_name=household.head_name, contact_phone=household.phone,
            reporter=residents.get(household.pk), channel=rng.choice(["web", "web", "phone"]),
            consent_noted=True, ack_due=received + dt.timedelta(minutes=category.ack_minutes),
            arrival_due=received + dt.timedelta(minutes=category.arrival_minutes), level=Level.GROUP,
        )
        story = _story(rng, i)
        events = [("received", received, "")]
        accepted = received + dt.timedelta(minutes=rng.uniform(0.5, category.ack_minutes * 1.5))
        Offer.objects.create(request=request, staff=helper, expires_at=received + dt.timedelta(minutes=2),
                                     walk_m=round(rng.uniform(30, 600)), status=Offer.Status.ACCEPTED,
                                     answered_at=accepted)
        request.assigned_to, request.accepted_at = helper, accepted
        events += [("offered", received, helper.name), ("accepted", accepted, helper.name)]
        if story == "open":
            request.status, request.level_due = HelpRequest.Status.ACCEPTED, request.arrival_due
        else:
            if story in ("circle", "late"):
                arrive_in = category.arrival_minutes * (rng.uniform(0.3, 0.95) if story == "circle" else 1.6)
                request.arrived_at = received + dt.timedelta(minutes=arrive_in)
                events.append(("arrived", request.arrived_at, ""))
            level = {"home": Level.GROUP, "circle": Level.GROUP, "late": Level.COMMUNITY, "town": Level.TOWN}[story]
            if level != Level.GROUP:
                events.append(("escalated", request.arrival_due, Level.COMMUNITY.value))
            if level == Level.TOWN:
                events.append(("escalated", request.arrival_due + dt.timedelta(minutes=30), Level.TOWN.value))
            request.level = level
            request.settled_at = (request.arrived_at or accepted) + dt.timedelta(minutes=rng.uniform(10, 90))
            request.settled_level = {"home": SettledLevel.HOME, "circle": SettledLevel.CIRCLE,
                                     "late": SettledLevel.COMMUNITY, "town": SettledLevel.ABOVE}[story]
            request.status = HelpRequest.Status.SETTLED
            events.append(("settled", request.settled_at, ""))
            if rng.random() < 0.7:
                request.status, request.rating = HelpRequest.Status.CONFIRMED, rng.choice([5, 5, 5, 4, 4, 3])
                events.append(("confirmed", request.settled_at + dt.timedelta(hours=2), ""))
        request.save()
        HelpRequest.objects.filter(pk=request.pk).update(created_at=received)
        for kind, at, note in events:
            event = Event.objects.create(request=request, kind=kind, note=note)
            Event.objects.filter(pk=event.pk).update(at=at)
        made += 1
    return made


def _story(rng: random.Random, i: int) -> str:
    if i < 2:
        return "open"
    return rng.choices(["circle", "home", "late", "town"], weights=[60, 20, 15, 5])[0]
