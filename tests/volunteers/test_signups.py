from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from baimi.volunteers import services
from baimi.volunteers.models import Signup

pytestmark = pytest.mark.django_db


def test_places_fill_then_the_waiting_list_then_promotion(vworld: Any, make_open_date: Any) -> None:
    date = make_open_date(needed=2)
    a = services.signup_create(occurrence=date, volunteer=vworld.me)
    b = services.signup_create(occurrence=date, volunteer=vworld.party)
    c = services.signup_create(occurrence=date, volunteer=vworld.league)
    assert [a.status, b.status, c.status] == ["confirmed", "confirmed", "waiting"]
    promoted = services.signup_cancel(signup=a, by=None)
    assert promoted == c
    c.refresh_from_db()
    assert c.status == Signup.Status.CONFIRMED
    assert date.signups.filter(status="confirmed").count() == 2


def test_signing_up_twice_keeps_one_place(vworld: Any, make_open_date: Any) -> None:
    date = make_open_date()
    first = services.signup_create(occurrence=date, volunteer=vworld.me)
    assert services.signup_create(occurrence=date, volunteer=vworld.me) == first
    assert date.signups.count() == 1


def test_a_volunteer_who_withdrew_rejoins_at_the_back(vworld: Any, make_open_date: Any) -> None:
    date = make_open_date(needed=1)
    mine = services.signup_create(occurrence=date, volunteer=vworld.me)
    services.signup_create(occurrence=date, volunteer=vworld.party)
    services.signup_cancel(signup=mine, by=None)
    again = services.signup_create(occurrence=date, volunteer=vworld.me)
    assert again.status == Signup.Status.WAITING


def test_drafts_cancelled_and_past_dates_take_no_sign_ups(vworld: Any, make_open_date: Any) -> None:
    past = make_open_date(starts=timezone.now() - dt.timedelta(days=2))
    with pytest.raises(ValidationError):
        services.signup_create(occurrence=past, volunteer=vworld.me)
    date = make_open_date()
    services.signup_create(occurrence=date, volunteer=vworld.me)
    services.occurrence_cancel(occurrence=date, cancelled_by=None)
    assert not date.signups.active().exists()
    with pytest.raises(ValidationError):
        services.signup_create(occurrence=date, volunteer=vworld.party)


def test_volunteers_of_another_community_cannot_sign_up(vworld: Any, make_open_date: Any) -> None:
    with pytest.raises(ValidationError):
        services.signup_create(occurrence=make_open_date(), volunteer=vworld.next_door)


def test_the_resident_signs_up_and_sees_the_waiting_position(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    date = make_open_date(needed=1)
    services.signup_create(occurrence=date, volunteer=vworld.party)
    client = as_user("resident")
    response = client.post(reverse("volunteers:signup", args=[date.pk]))
    assert response.status_code == 302
    page = client.get(reverse("volunteers:occurrence", args=[date.pk]))
    assert page.context["mine"].status == "waiting" and page.context["position"] == 1
    assert "qr" not in page.context  # only the team's managers see the QR code and the list


def test_the_leader_signs_up_a_volunteer_of_the_area(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    date = make_open_date()
    as_user("volunteer").post(reverse("volunteers:signup", args=[date.pk]), {"volunteer": vworld.league.pk})
    assert date.signups.filter(volunteer=vworld.league, status="confirmed").exists()


def test_another_communitys_worker_cannot_see_or_sign_up(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    date = make_open_date()
    client = as_user("outsider")
    assert client.get(reverse("volunteers:occurrence", args=[date.pk])).status_code == 404
    assert client.post(reverse("volunteers:signup", args=[date.pk]),
                       {"volunteer": vworld.next_door.pk}).status_code == 404


def test_a_resident_cannot_sign_up_someone_else_or_withdraw_them(as_user: Any, vworld: Any, make_open_date: Any
                                                                 ) -> None:
    date = make_open_date()
    client = as_user("resident")
    assert client.post(reverse("volunteers:signup", args=[date.pk]), {"volunteer": vworld.party.pk}).status_code == 403
    theirs = services.signup_create(occurrence=date, volunteer=vworld.party)
    assert client.post(reverse("volunteers:signup_cancel", args=[theirs.pk])).status_code == 404


def test_sign_up_refuses_get(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    date = make_open_date()
    assert as_user("resident").get(reverse("volunteers:signup", args=[date.pk])).status_code == 405
