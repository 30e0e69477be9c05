from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baimi.accounts.models import User
from baimi.volunteers import recurrence, services
from baimi.volunteers.models import Activity, ActivityType, Campaign

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def make_activity(vworld: Any, **kw: Any) -> Activity:
    defaults: dict[str, Any] = {
        "created_by": User.objects.get(username="worker"), "team": vworld.team,
        "type": ActivityType.objects.get(code="sanitation"), "title": "逢8环境卫生清扫",
        "starts": dt.datetime(2027, 1, 1, 9, 0, tzinfo=SH), "rrule": recurrence.FENG8 + ";UNTIL=20271231",
        "needed": 2,
    }
    return services.activity_create(**{**defaults, **kw})


def test_a_feng8_series_has_36_dates_in_a_year(vworld: Any) -> None:
    activity = make_activity(vworld)
    assert activity.occurrences.count() == 36
    assert activity.starts == dt.datetime(2027, 1, 8, 9, 0, tzinfo=SH)
    assert activity.status == Activity.Status.DRAFT


def test_a_risky_activity_opens_only_with_accident_insurance(vworld: Any) -> None:
    activity = make_activity(vworld, risky=True, risk_note="登高清理")
    with pytest.raises(ValidationError):
        services.activity_open(activity=activity, opened_by=None)
    activity.insurance_policy = "PICC 2027-001"
    services.activity_open(activity=activity, opened_by=None)
    assert activity.status == Activity.Status.OPEN


def test_cancelling_a_date_records_an_exception_and_survives_rescheduling(vworld: Any) -> None:
    activity = make_activity(vworld)
    occurrence = activity.occurrences.get(starts=dt.datetime(2027, 3, 18, 9, tzinfo=SH))
    services.occurrence_cancel(occurrence=occurrence, cancelled_by=None)
    activity.refresh_from_db()
    assert activity.exdates == ["2027-03-18T09:00"]
    assert services.activity_schedule(activity=activity) == 0
    occurrence.refresh_from_db()
    assert occurrence.cancelled


def test_an_activity_stays_inside_the_teams_area(vworld: Any, demo: Any) -> None:
    with pytest.raises(ValidationError):
        make_activity(vworld, area=demo.neighbour)


def test_the_leader_creates_a_feng8_activity_from_the_form(as_user: Any, vworld: Any) -> None:
    response = as_user("volunteer").post(reverse("volunteers:activity_new"), {
        "team": vworld.team.pk, "type": ActivityType.objects.get(code="legal_publicity").pk, "title": "逢8普法宣传",
        "needed": 5, "starts": "2027-01-02T10:00", "duration_minutes": 90, "pattern": "feng8", "until": "2027-06-30"})
    assert response.status_code == 302
    activity = Activity.objects.get(title="逢8普法宣传")
    assert activity.rrule == "FREQ=MONTHLY;BYMONTHDAY=8,18,28;UNTIL=20270630T155959Z"
    assert activity.occurrences.count() == 18


def test_a_custom_rule_with_a_typo_is_shown_back(as_user: Any, vworld: Any) -> None:
    response = as_user("worker").post(reverse("volunteers:activity_new"), {
        "team": vworld.team.pk, "type": ActivityType.objects.get(code="culture").pk, "title": "x", "needed": 5,
        "starts": "2027-01-02T10:00", "duration_minutes": 90, "pattern": "custom", "rule": "FREQ=WEEKLY;BYDAY=XX"})
    assert response.status_code == 200 and response.context["form"].errors


def test_another_communitys_worker_has_no_team_to_plan_for_here(as_user: Any, vworld: Any) -> None:
    activity = make_activity(vworld)
    client = as_user("outsider")
    assert client.get(reverse("volunteers:activity", args=[activity.pk])).status_code == 404
    assert client.post(reverse("volunteers:activity_open", args=[activity.pk])).status_code == 404
    occurrence = activity.occurrences.first()
    assert occurrence is not None
    assert client.post(reverse("volunteers:occurrence_cancel", args=[occurrence.pk])).status_code == 404


def test_residents_do_not_see_drafts_and_cannot_plan(as_user: Any, vworld: Any) -> None:
    activity = make_activity(vworld)
    client = as_user("resident")
    assert client.get(reverse("volunteers:activity", args=[activity.pk])).status_code == 404
    services.activity_open(activity=activity, opened_by=None)
    assert client.get(reverse("volunteers:activity", args=[activity.pk])).status_code == 200
    assert client.get(reverse("volunteers:activity_new")).status_code == 403
    assert client.post(reverse("volunteers:activity_open", args=[activity.pk])).status_code == 403


def test_open_and_cancel_refuse_get(as_user: Any, vworld: Any) -> None:
    activity = make_activity(vworld)
    client = as_user("worker")
    assert client.get(reverse("volunteers:activity_open", args=[activity.pk])).status_code == 405
    client.post(reverse("volunteers:activity_open", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.OPEN


def test_the_lei_feng_month_is_one_click_and_groups_activities(as_user: Any, vworld: Any, demo: Any) -> None:
    client = as_user("worker")
    response = client.post(reverse("volunteers:campaigns"), {"preset": "leifeng", "year": "2027",
                                                             "area": demo.community.pk})
    campaign = Campaign.objects.get(starts_on=dt.date(2027, 3, 1), area=demo.community)
    assert response.status_code == 302
    assert (campaign.starts_on, campaign.ends_on) == (dt.date(2027, 3, 1), dt.date(2027, 3, 31))
    make_activity(vworld, campaign=campaign, title="学雷锋探访老人", rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=8",
                  starts=dt.datetime(2027, 3, 6, 9, tzinfo=SH))
    page = client.get(reverse("volunteers:campaign", args=[campaign.pk]))
    assert len(page.context["occurrences"]) == 4  # the four Saturdays in March only
    assert as_user("outsider").get(reverse("volunteers:campaign", args=[campaign.pk])).status_code == 404
    assert as_user("resident").post(reverse("volunteers:campaigns"), {"preset": "leifeng"}).status_code == 403
    assert client.put(reverse("volunteers:campaigns")).status_code == 405


def test_the_index_lists_coming_dates(as_user: Any, vworld: Any) -> None:
    activity = make_activity(vworld, starts=dt.datetime.now(SH) + dt.timedelta(days=1), rrule="")
    page = as_user("worker").get(reverse("volunteers:index")).content.decode()
    assert activity.title in page
