"""Reminders a day ahead through baimi.notifications: once per sign-up, never twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from baimi.notifications.models import Notification
from baimi.volunteers import services
from baimi.volunteers.reminders import send_due_reminders
from baimi.volunteers.tasks import volunteer_reminders

pytestmark = pytest.mark.django_db


def test_a_volunteer_is_reminded_once(vworld: Any, make_open_date: Any) -> None:
    occurrence = make_open_date(needed=5, starts=timezone.now() + dt.timedelta(hours=20), title="逢8探访")
    mine = services.signup_create(occurrence=occurrence, volunteer=vworld.me)
    services.signup_create(occurrence=occurrence, volunteer=vworld.party)  # no login: nobody to notify
    later = make_open_date(needed=5, starts=timezone.now() + dt.timedelta(days=3), title="以后的活动")
    services.signup_create(occurrence=later, volunteer=vworld.me)
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    volunteer_reminders.call_local()
    notes = Notification.objects.filter(recipient=vworld.me.user, dedup_key__startswith="volunteers:reminder:")
    assert notes.count() == notes.values("channel").distinct().count() >= 1
    assert "逢8探访" in notes.first().subject and "以后的活动" not in "".join(n.subject for n in notes)
    mine.refresh_from_db()
    assert mine.reminded_at is not None
    # three days on, the later date is due: reminded then
    assert send_due_reminders(timezone.now() + dt.timedelta(days=2, hours=12)) == 1


def test_cancelled_dates_and_waiting_list_are_not_reminded(vworld: Any, make_open_date: Any) -> None:
    occurrence = make_open_date(needed=0, starts=timezone.now() + dt.timedelta(hours=5))
    services.signup_create(occurrence=occurrence, volunteer=vworld.me)  # waiting list (no places)
    assert send_due_reminders() == 0
