"""The law-practice base: exhibits with display periods and suggestions drawn from demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from baimi.accounts.models import User
from baimi.legal.models import Exhibit, Topic
from baimi.legal.services import exhibit_add, topic_order

pytestmark = pytest.mark.django_db


def test_the_worker_adds_an_exhibit_and_residents_see_it_while_it_shows(as_user: Any, demo: Any) -> None:
    today = timezone.localdate()
    data = {"title": "高空抛物害人害己", "topic": Topic.objects.get(code="falling-objects").pk, "description": "",
            "shows_from": today.isoformat(), "shows_until": (today + dt.timedelta(days=10)).isoformat()}
    assert as_user("worker").post(reverse("legal:exhibit_new"), data).status_code == 302
    assert Exhibit.objects.get().community == demo.community
    page = as_user("resident").get(reverse("legal:base"))
    assert [e.title for e in page.context["showing"]] == ["高空抛物害人害己"] and "suggestions" not in page.context
    assert as_user("outsider").get(reverse("legal:base")).context["showing"] == []


def test_a_period_that_ends_before_it_starts_is_refused(as_user: Any) -> None:
    data = {"title": "x", "shows_from": "2026-12-10", "shows_until": "2026-12-01"}
    assert as_user("adviser").post(reverse("legal:exhibit_new"), data).status_code == 400
    assert not Exhibit.objects.exists()


def test_finished_exhibits_are_not_shown(demo: Any, as_user: Any) -> None:
    today = timezone.localdate()
    exhibit_add(by=User.objects.get(username="worker"), community=demo.community, title="旧展", topic=None,
                description="", shows_from=today - dt.timedelta(days=20), shows_until=today - dt.timedelta(days=1))
    page = as_user("worker").get(reverse("legal:base"))
    assert page.context["showing"] == [] and page.context["coming"] == []


def test_suggestions_follow_orders_and_questions(as_user: Any) -> None:
    topic_order(resident=User.objects.get(username="resident"), topic=Topic.objects.get(code="renting"))
    as_user("resident").get(reverse("legal:ask"), {"q": "小区电梯里的广告收入应该归谁？"})  # Art. 282 → property
    suggestions = as_user("adviser").get(reverse("legal:base")).context["suggestions"]
    assert {(s.topic.code, s.orders, s.questions) for s in suggestions} == {("renting", 1, 0), ("property", 0, 1)}


def test_only_organisers_add_exhibits(as_user: Any) -> None:
    assert as_user("resident").post(reverse("legal:exhibit_new"), {}).status_code == 403
    assert as_user("town").post(reverse("legal:exhibit_new"), {}).status_code == 403
    assert as_user("worker").get(reverse("legal:exhibit_new")).status_code == 405
