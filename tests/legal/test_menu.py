"""菜单式普法: residents order topics for their group, demand is counted, lectures follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from baimi.accounts.models import AuditEvent, User
from baimi.legal.models import Lecture, LectureSignup, Topic, TopicOrder
from baimi.legal.services import lecture_schedule, topic_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def lecture(demo: Any) -> Lecture:
    return lecture_schedule(by=User.objects.get(username="adviser"), community=demo.community,
                            topic=Topic.objects.get(code="neighbours"), starts_at=timezone.now() + dt.timedelta(days=3),
                            place_kind="base", group=None, lecturer="法律顾问", capacity=2)


def test_the_default_menu_links_topics_to_articles() -> None:
    neighbours = Topic.objects.get(code="neighbours")
    assert set(neighbours.articles.values_list("number", flat=True)) >= {288, 296}
    assert Topic.objects.get(code="mediation").articles.filter(statute__short_name="人民调解法", number=17).exists()
    assert Topic.objects.count() == 11


def test_a_resident_orders_a_topic_for_their_group_once(as_user: Any, demo: Any) -> None:
    client = as_user("resident")
    url = reverse("legal:topic_order", args=["falling-objects"])
    assert client.post(url).status_code == 302 and client.post(url).status_code == 302
    order = TopicOrder.objects.get(topic__code="falling-objects")
    assert order.group == demo.groups[0] and order.community == demo.community
    menu = client.get(reverse("legal:menu"))
    topic = next(t for t in menu.context["topics"] if t.code == "falling-objects")
    assert topic.demand == 1 and topic.pk in menu.context["mine"]


def test_only_residents_order(as_user: Any) -> None:
    assert as_user("worker").post(reverse("legal:topic_order", args=["marriage"])).status_code == 403
    assert as_user("resident").get(reverse("legal:topic_order", args=["marriage"])).status_code == 405


def test_demand_by_topic_and_group_stays_inside_the_community(as_user: Any, demo: Any) -> None:
    topic_order(resident=User.objects.get(username="resident"), topic=Topic.objects.get(code="renting"))
    other = User.objects.create(username="resident2", role="resident", area=demo.groups[1])
    topic_order(resident=other, topic=Topic.objects.get(code="renting"))
    response = as_user("adviser").get(reverse("legal:demand"))
    assert [g.pk for g in response.context["groups"]] == [demo.groups[0].pk, demo.groups[1].pk]
    first = response.context["rows"][0]
    assert first.topic.code == "renting" and first.counts == [1, 1] and first.total == 2
    outsider = as_user("outsider").get(reverse("legal:demand"))
    assert outsider.context["groups"] == [] and outsider.context["rows"][0].total == 0
    assert as_user("resident").get(reverse("legal:demand")).status_code == 403


def test_the_adviser_schedules_a_lecture_from_the_demand(as_user: Any, demo: Any) -> None:
    client = as_user("adviser")
    form = client.get(reverse("legal:lecture_new"), {"topic": "renting"})
    assert form.context["form"].initial["topic"].code == "renting"
    data = {"topic": Topic.objects.get(code="renting").pk, "starts_at": "2026-12-08T15:00", "place_kind": "group",
            "group": "", "lecturer": "法律顾问", "capacity": 30}
    assert client.post(reverse("legal:lecture_new"), data).status_code == 200  # a group lecture needs its group
    response = client.post(reverse("legal:lecture_new"), {**data, "group": demo.groups[1].pk})
    lecture = Lecture.objects.get(topic__code="renting")
    assert response.status_code == 302 and lecture.community == demo.community and lecture.group == demo.groups[1]


def test_others_cannot_schedule(as_user: Any, demo: Any) -> None:
    assert as_user("resident").get(reverse("legal:lecture_new")).status_code == 403
    assert as_user("town").get(reverse("legal:lecture_new")).status_code == 403
    assert as_user("adviser").delete(reverse("legal:lecture_new")).status_code == 405


def test_sign_up_attend_and_give_feedback(as_user: Any, demo: Any, lecture: Lecture) -> None:
    client = as_user("resident")
    client.post(reverse("legal:lecture_signup", args=[lecture.pk]))
    signup = LectureSignup.objects.get(lecture=lecture)
    assert client.post(reverse("legal:lecture_feedback", args=[lecture.pk]), {"rating": 5}).status_code == 403
    as_user("adviser").post(reverse("legal:lecture_attendance", args=[lecture.pk]), {"attended": [signup.pk]})
    signup.refresh_from_db()
    assert signup.attended
    client = as_user("resident")
    assert client.get(reverse("legal:lecture", args=[lecture.pk])).context["feedback_form"] is not None
    client.post(reverse("legal:lecture_feedback", args=[lecture.pk]), {"rating": 4, "feedback": "讲得清楚"})
    signup.refresh_from_db()
    assert (signup.rating, signup.feedback) == (4, "讲得清楚")
    page = as_user("adviser").get(reverse("legal:lecture", args=[lecture.pk])).content.decode()
    assert "讲得清楚" in page


def test_a_full_lecture_refuses_more(as_user: Any, demo: Any, lecture: Lecture) -> None:
    for index in (0, 1):
        user = User.objects.create(username=f"r{index}", role="resident", area=demo.groups[index])
        LectureSignup.objects.create(lecture=lecture, resident=user)
    as_user("resident").post(reverse("legal:lecture_signup", args=[lecture.pk]))
    assert lecture.signups.count() == 2


def test_another_community_cannot_see_or_mark_the_lecture(as_user: Any, lecture: Lecture) -> None:
    client = as_user("outsider")
    assert client.get(reverse("legal:lecture", args=[lecture.pk])).status_code == 404
    assert client.post(reverse("legal:lecture_attendance", args=[lecture.pk])).status_code == 404
    assert AuditEvent.objects.filter(username="outsider", outcome="denied", object_type="legal.Lecture").exists()
    assert as_user("resident").post(reverse("legal:lecture_attendance", args=[lecture.pk])).status_code == 403


def test_a_topic_page_shows_its_articles(as_user: Any) -> None:
    page = as_user("resident").get(reverse("legal:topic", args=["falling-objects"])).content.decode()
    assert "民法典 第1254条" in page and "高空抛物与坠落物" in page
    assert as_user("resident").get(reverse("legal:topic", args=["nope"])).status_code == 404


def test_demand_as_geojson_for_the_map(as_user: Any, demo: Any) -> None:
    topic_order(resident=User.objects.get(username="resident"), topic=Topic.objects.get(code="loans"))
    data = as_user("worker").get(reverse("legal:demand_geojson")).json()
    [feature] = data["features"]
    assert feature["properties"]["code"] == demo.groups[0].code and feature["properties"]["by_topic"] == {"loans": 1}
    assert len(feature["geometry"]["coordinates"]) == 2
    assert as_user("outsider").get(reverse("legal:demand_geojson")).json()["features"] == []
    assert as_user("resident").get(reverse("legal:demand_geojson")).status_code == 403
    assert as_user("worker").post(reverse("legal:demand_geojson")).status_code == 405
