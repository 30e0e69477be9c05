from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from baimi.volunteers import checkin, services
from baimi.volunteers.models import CorrectionRequest, HoursEntry, Signup

pytestmark = pytest.mark.django_db


def test_hours_are_rounded_to_the_quarter_hour() -> None:
    start = dt.datetime(2027, 3, 8, 9, 0, tzinfo=dt.UTC)
    assert services.hours_between(start, start + dt.timedelta(minutes=127)) == Decimal("2.00")
    assert services.hours_between(start, start + dt.timedelta(minutes=128)) == Decimal("2.25")
    assert services.hours_between(start, start - dt.timedelta(minutes=5)) == Decimal(0)


def test_scanning_twice_checks_in_then_out_and_records_the_hours(as_user: Any, vworld: Any, make_open_date: Any
                                                                 ) -> None:
    date = make_open_date()
    url = reverse("volunteers:scan", args=[checkin.token_for(date)])
    client = as_user("resident")
    assert client.get(url).status_code == 200 and not Signup.objects.filter(occurrence=date).exists()
    assert client.post(url).context["result"] == "in"  # a walk-in is signed up while places remain
    signup = Signup.objects.get(occurrence=date, volunteer=vworld.me)
    Signup.objects.filter(pk=signup.pk).update(checked_in_at=timezone.now() - dt.timedelta(hours=2))
    assert client.post(url).context["result"] == "out"
    entry = HoursEntry.objects.get(signup=signup)
    assert entry.hours == Decimal("2.00") and entry.source == "attendance"
    assert entry.recorded_by is not None and entry.recorded_by.username == "resident"
    assert client.post(url).context["result"] == "done"


def test_a_forged_or_stale_code_is_refused(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    client = as_user("resident")
    assert client.post(reverse("volunteers:scan", args=["forged:token"])).status_code == 404
    old = make_open_date(starts=timezone.now() - dt.timedelta(days=1))
    response = client.post(reverse("volunteers:scan", args=[checkin.token_for(old)]))
    assert response.status_code == 403 and not Signup.objects.filter(occurrence=old).exists()


def test_scan_refuses_put(as_user: Any, make_open_date: Any) -> None:
    url = reverse("volunteers:scan", args=[checkin.token_for(make_open_date())])
    assert as_user("resident").put(url).status_code == 405


def test_the_leader_checks_in_and_out_from_the_list(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    date = make_open_date()
    signup = services.signup_create(occurrence=date, volunteer=vworld.party)
    client = as_user("volunteer")
    page = client.get(reverse("volunteers:occurrence", args=[date.pk]))
    assert "<svg" in page.content.decode() and "李建国" in page.content.decode()
    client.post(reverse("volunteers:attendance", args=[signup.pk]), {"action": "in"})
    Signup.objects.filter(pk=signup.pk).update(checked_in_at=timezone.now() - dt.timedelta(hours=1))
    client.post(reverse("volunteers:attendance", args=[signup.pk]), {"action": "out"})
    signup.refresh_from_db()
    assert signup.checked_in_method == "leader" and signup.checked_out_at is not None
    assert signup.checked_out_by is not None and signup.checked_out_by.username == "volunteer"
    assert HoursEntry.objects.get(signup=signup).hours == Decimal("1.00")


def test_other_areas_and_volunteers_cannot_take_attendance(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    signup = services.signup_create(occurrence=make_open_date(), volunteer=vworld.party)
    url = reverse("volunteers:attendance", args=[signup.pk])
    assert as_user("outsider").post(url, {"action": "in"}).status_code == 404
    assert as_user("resident").post(url, {"action": "in"}).status_code == 404
    assert as_user("worker").get(url).status_code == 405
    assert as_user("outsider").get(reverse("volunteers:qr", args=[signup.occurrence_id])).status_code == 404


def _served(vworld: Any, make_open_date: Any) -> Signup:
    date = make_open_date(starts=timezone.now() - dt.timedelta(minutes=90))
    signup = services.signup_create(occurrence=date, volunteer=vworld.me)
    services.attendance_check_in(signup=signup, by=None, method="leader", at=date.starts)
    return services.attendance_check_out(signup=signup, by=None, method="leader",
                                         at=date.starts + dt.timedelta(minutes=30))


def test_an_approved_correction_adds_the_difference_to_the_ledger(as_user: Any, vworld: Any, make_open_date: Any
                                                                  ) -> None:
    signup = _served(vworld, make_open_date)
    local = timezone.localtime(signup.occurrence.starts)
    response = as_user("resident").post(reverse("volunteers:correction_new", args=[signup.pk]), {
        "claimed_in": local.strftime("%Y-%m-%dT%H:%M"),
        "claimed_out": (local + dt.timedelta(minutes=90)).strftime("%Y-%m-%dT%H:%M"), "reason": "忘记签退"})
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get(signup=signup)
    assert as_user("outsider").post(reverse("volunteers:correction_decide", args=[correction.pk]),
                                    {"decision": "approve"}).status_code == 404
    as_user("volunteer").post(reverse("volunteers:correction_decide", args=[correction.pk]), {"decision": "approve"})
    entries = list(HoursEntry.objects.filter(signup=signup).order_by("id"))
    assert [e.hours for e in entries] == [Decimal("0.50"), Decimal("1.00")]
    assert entries[1].correction == correction and entries[1].recorded_by_name


def test_a_refused_correction_changes_nothing(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    signup = _served(vworld, make_open_date)
    correction = services.correction_request(
        signup=signup, claimed_in=signup.occurrence.starts, by=None, reason="x",
        claimed_out=signup.occurrence.starts + dt.timedelta(hours=3))
    client = as_user("worker")
    client.post(reverse("volunteers:correction_decide", args=[correction.pk]), {"decision": "refuse"})
    correction.refresh_from_db()
    assert correction.status == "refused" and HoursEntry.objects.filter(signup=signup).count() == 1
    assert client.get(reverse("volunteers:correction_decide", args=[correction.pk])).status_code == 405


def test_a_volunteer_cannot_ask_to_correct_someone_elses_record(as_user: Any, vworld: Any, make_open_date: Any
                                                                ) -> None:
    date = make_open_date()
    theirs = services.signup_create(occurrence=date, volunteer=vworld.party)
    assert as_user("resident").post(reverse("volunteers:correction_new", args=[theirs.pk]),
                                    {"reason": "x"}).status_code == 404


def test_the_ledger_is_append_only(vworld: Any, make_open_date: Any) -> None:
    entry = HoursEntry.objects.get(signup=_served(vworld, make_open_date))
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
