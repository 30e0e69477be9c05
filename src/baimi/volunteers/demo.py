"""Demo data: a year of past 逢8 activities with attendance and hours in 福海镇's communities (福海县,
where the 逢8 rule comes from), a 学雷锋月 campaign, and a team of the demo community so its users see
volunteering in their own area. Bulk-written (a few thousand rows) to stay within a second or two."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from baimi.places.models import Division, Level, Skill
from baimi.volunteers import recurrence, services
from baimi.volunteers.models import (
    Activity,
    ActivityType,
    Campaign,
    CorrectionRequest,
    HoursEntry,
    Membership,
    Occurrence,
    Signup,
    Team,
    Volunteer,
)
from baimi.volunteers.reference import ensure_activity_types

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
GIVEN = ["建国", "芳", "明", "秀英", "伟", "丽", "军", "敏", "静", "强", "磊", "洋", "艳", "勇", "娟", "杰"]
KAZAKH = ["阿依古丽", "努尔兰", "古丽娜尔", "叶尔兰", "哈力木", "巴合提", "加娜尔", "别克"]
FUHAI_TOWN = ("福海县", "福海镇")
KINDS = [Volunteer.Kind.PARTY_MEMBER, Volunteer.Kind.LEAGUE_MEMBER, Volunteer.Kind.RESIDENT,
         Volunteer.Kind.RESIDENT, Volunteer.Kind.CADRE]


def _name(rng: random.Random) -> str:
    return rng.choice(KAZAKH) if rng.random() < 0.25 else rng.choice(SURNAMES) + rng.choice(GIVEN)


def _volunteers(community: Division, count: int, rng: random.Random, groups: list[Division]) -> list[Volunteer]:
    skills = list(Skill.objects.all())
    rows = [Volunteer(community=community, group=rng.choice(groups) if groups else None, real_name=_name(rng),
                      phone=f"139{rng.randrange(10**8):08d}", kind=rng.choice(KINDS),
                      available_weekdays=sorted(rng.sample(range(7), rng.randint(2, 6))), show_name=rng.random() < 0.3)
            for _ in range(count)]
    Volunteer.objects.bulk_create(rows)  # the callable default gives each row its own feed key
    for volunteer in rows:
        if skills:
            volunteer.skills.set(rng.sample(skills, rng.randint(1, 2)))
    return rows


def _team(name: str, area: Division, members: list[Volunteer]) -> Team:
    team = Team.objects.create(name=name, area=area, description="演示数据 / demo")
    Membership.objects.bulk_create([Membership(team=team, volunteer=v, is_leader=i == 0)
                                    for i, v in enumerate(members)])
    return team


def _activity(team: Team, area: Division, type_code: str, title: str, starts: dt.datetime, rule: str = "",
              campaign: Campaign | None = None, needed: int = 6) -> Activity:
    activity = services.activity_create(created_by=None, team=team, type=ActivityType.objects.get(code=type_code),
                                        title=title, starts=starts, rrule=rule, area=area, campaign=campaign,
                                        needed=needed, duration_minutes=120, place_note=area.name)
    services.activity_open(activity=activity, opened_by=None)
    return activity


def _attendance(occurrences: list[Occurrence], members: list[Volunteer], rng: random.Random,
                leader_name: str) -> list[Signup]:
    """Past dates: 2–5 of the team came, checked in by the leader on the list, hours in the ledger."""
    signups = []
    for occurrence in occurrences:
        for volunteer in rng.sample(members, min(len(members), rng.randint(2, 5))):
            arrived = occurrence.starts + dt.timedelta(minutes=rng.choice([-5, 0, 5, 10]))
            left = occurrence.ends - dt.timedelta(minutes=rng.choice([0, 0, 15, 30]))
            signups.append(Signup(occurrence=occurrence, volunteer=volunteer, status=Signup.Status.CONFIRMED,
                                  checked_in_at=arrived, checked_in_method=Signup.Method.LEADER,
                                  checked_out_at=left, checked_out_method=Signup.Method.LEADER))
    Signup.objects.bulk_create(signups)
    HoursEntry.objects.bulk_create([
        HoursEntry(volunteer=s.volunteer, signup=s, occurrence=s.occurrence, source=HoursEntry.Source.ATTENDANCE,
                   hours=services.hours_between(s.checked_in_at, s.checked_out_at),  # type: ignore[arg-type]
                   recorded_by_name=leader_name)
        for s in signups])
    return signups


def _leizhengfeng_month(now: dt.datetime) -> tuple[dt.date, dt.date]:
    year = now.year if now.month > 3 else now.year - 1
    return dt.date(year, 3, 1), dt.date(year, 3, 31)


def _a_year_of_feng8(team: Team, area: Division, members: list[Volunteer], title: str, type_code: str,
                     now: dt.datetime, rng: random.Random) -> Activity:
    start = (now - dt.timedelta(days=365)).astimezone(recurrence.local_tz()).replace(
        hour=10, minute=0, second=0, microsecond=0)
    activity = _activity(team, area, type_code, title, start, recurrence.FENG8)
    past = list(activity.occurrences.filter(ends__lt=now, cancelled=False))
    _attendance(past, members, rng, members[0].real_name)
    return activity


@transaction.atomic
def create_demo_volunteers(community: Division, *, seed: int = 8) -> None:
    ensure_activity_types()
    rng = random.Random(seed)
    now = timezone.now()
    march_first, march_last = _leizhengfeng_month(now)
    march_5 = dt.datetime.combine(march_first.replace(day=5), dt.time(10), tzinfo=recurrence.local_tz())

    # The demo community: a team its users see, a year of 逢8 legal publicity, 学雷锋月, sign-ups ahead.
    if not Team.objects.filter(area=community, name=f"{community.name}志愿服务队").exists():
        groups = list(Division.objects.filter(parent=community, level=Level.GROUP).order_by("code"))
        members = _volunteers(community, 10, rng, groups)
        team = _team(f"{community.name}志愿服务队", community, members)
        feng8 = _a_year_of_feng8(team, community, members, "逢8法治宣传", "legal_publicity", now, rng)
        campaign = services.campaign_create(created_by=None, name=f"{march_first.year}年学雷锋月", area=community,
                                            starts_on=march_first, ends_on=march_last,
                                            description="三月学雷锋志愿服务月")
        visit = _activity(team, community, "elderly_visit", "学雷锋·探访独居老人", march_5, campaign=campaign)
        served = _attendance(list(visit.occurrences.all()), members, rng, members[0].real_name)
        CorrectionRequest.objects.create(signup=served[0], claimed_in=served[0].occurrence.starts,
                                         claimed_out=served[0].occurrence.ends, reason="签退时忘记扫码")
        upcoming = feng8.occurrences.filter(starts__gt=now, cancelled=False).first()
        if upcoming is not None:
            Signup.objects.bulk_create([Signup(occurrence=upcoming, volunteer=v, status=Signup.Status.CONFIRMED)
                                        for v in members[:3]])

    # 福海镇: every community's team with a year of 逢8 clean-ups, and the town's 学雷锋月 campaign.
    town = Division.objects.filter(name=FUHAI_TOWN[1], level=Level.TOWN, parent__name=FUHAI_TOWN[0]).first()
    if town is None or Team.objects.filter(area=town).exists():
        return
    campaign = services.campaign_create(created_by=None, name=f"{march_first.year}年福海镇学雷锋月", area=town,
                                        starts_on=march_first, ends_on=march_last, description="三月学雷锋志愿服务月")
    everyone: list[Volunteer] = []
    for place in Division.objects.filter(parent=town, level=Level.COMMUNITY).order_by("code"):
        members = _volunteers(place, 8, rng, [])
        everyone += members
        team = _team(f"{place.name}志愿服务队", place, members)
        _a_year_of_feng8(team, place, members, "逢8环境卫生清扫", "sanitation", now, rng)
    if everyone:
        town_team = _team("福海镇学雷锋志愿服务队", town, rng.sample(everyone, min(12, len(everyone))))
        visit = _activity(town_team, town, "elderly_visit", "学雷锋·走访慰问独居老人", march_5, campaign=campaign,
                          needed=12)
        _attendance(list(visit.occurrences.all()), list(town_team.members.all()), rng, "福海镇团委")


def clear_demo_volunteers(community: Division) -> None:
    """Before the demo community is rebuilt: its volunteer records (they point at its groups)."""
    activities = Activity.objects.filter(area=community)
    HoursEntry.objects.filter(occurrence__activity__in=activities).delete()
    HoursEntry.objects.filter(volunteer__community=community).delete()
    CorrectionRequest.objects.filter(signup__volunteer__community=community).delete()
    CorrectionRequest.objects.filter(signup__occurrence__activity__in=activities).delete()
    Signup.objects.filter(occurrence__activity__in=activities).delete()
    Signup.objects.filter(volunteer__community=community).delete()
    activities.delete()
    Campaign.objects.filter(area=community).delete()
    Team.objects.filter(area=community).delete()
    Volunteer.objects.filter(community=community).delete()
