"""法律诉求收集: needs reach the adviser and become a consultation, a mediation referral or a lecture topic;
the figures count questions, orders, lectures and needs for an area."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import AuditEvent, User
from baimi.legal.models import LegalConsultation, LegalNeed, QuestionLog, Topic, TopicOrder
from baimi.legal.services import need_leave

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(demo: Any) -> LegalNeed:
    return need_leave(resident=User.objects.get(username="resident"), kind="neighbours",
                      description="楼上经常往下扔烟头")


def test_a_resident_leaves_a_need_for_the_adviser(as_user: Any, demo: Any) -> None:
    client = as_user("resident")
    response = client.post(reverse("legal:needs"), {"kind": "family", "description": "想了解遗嘱怎么写"})
    assert response.status_code == 302
    need = LegalNeed.objects.get(description="想了解遗嘱怎么写")
    assert need.community == demo.community and need.group == demo.groups[0] and need.route == "open"
    assert "想了解遗嘱怎么写" in as_user("adviser").get(reverse("legal:needs")).content.decode()


def test_the_adviser_turns_needs_into_a_consultation_or_a_lecture_topic(as_user: Any, need: LegalNeed) -> None:
    client = as_user("adviser")
    client.post(reverse("legal:need_route", args=[need.pk]), {"route": "consultation"})
    need.refresh_from_db()
    assert need.route == "consultation" and need.consultation is not None
    assert LegalConsultation.objects.get(pk=need.consultation.pk).requester.username == "resident"
    second = need_leave(resident=User.objects.get(username="resident"), kind="neighbours", description="高空抛物")
    assert client.post(reverse("legal:need_route", args=[second.pk]), {"route": "lecture"}).status_code == 302
    second.refresh_from_db()
    assert second.route == "open"  # a lecture needs a topic
    topic = Topic.objects.get(code="falling-objects")
    client.post(reverse("legal:need_route", args=[second.pk]), {"route": "lecture", "topic": topic.pk})
    second.refresh_from_db()
    assert second.route == "lecture" and TopicOrder.objects.filter(topic=topic, resident=second.resident).exists()


def test_others_cannot_route_or_read_needs(as_user: Any, need: LegalNeed) -> None:
    route = reverse("legal:need_route", args=[need.pk])
    assert as_user("worker").post(route, {"route": "mediation"}).status_code == 403
    assert as_user("volunteer").get(reverse("legal:needs")).status_code == 403
    assert "楼上经常往下扔烟头" not in as_user("outsider").get(reverse("legal:needs")).content.decode()
    assert as_user("adviser").get(reverse("legal:need_route", args=[need.pk])).status_code == 405


def test_an_adviser_of_another_community_gets_404_and_an_audit_entry(client: Any, demo: Any, need: LegalNeed) -> None:
    client.force_login(User.objects.create(username="adviser2", role="legal_adviser", area=demo.neighbour))
    assert client.post(reverse("legal:need_route", args=[need.pk]), {"route": "mediation"}).status_code == 404
    assert AuditEvent.objects.filter(username="adviser2", outcome="denied", object_type="legal.LegalNeed").exists()


def test_questions_are_logged_without_the_asker(as_user: Any, demo: Any) -> None:
    as_user("resident").get(reverse("legal:ask"), {"q": "公司拖欠工资不发怎么办？"})
    log = QuestionLog.objects.get()
    assert log.out_of_scope and log.community == demo.community and not hasattr(log, "user")


def test_the_figures_count_for_the_officers_area(as_user: Any, demo: Any, need: LegalNeed) -> None:
    as_user("resident").get(reverse("legal:ask"), {"q": "小区电梯里的广告收入应该归谁？"})
    as_user("resident").post(reverse("legal:topic_order", args=["marriage"]))
    figures = as_user("town").get(reverse("legal:figures")).context["figures"]
    assert figures.questions == 1 and figures.questions_out_of_scope == 0
    assert figures.orders_by_topic == [("婚姻与离婚", 1)] and figures.needs_by_kind[0][1] == 1
    other = as_user("outsider").get(reverse("legal:figures")).context["figures"]
    assert other.questions == 0 and other.orders_by_topic == []
    assert as_user("resident").get(reverse("legal:figures")).status_code == 403
    assert as_user("town").post(reverse("legal:figures")).status_code == 405
