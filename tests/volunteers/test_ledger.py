from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from baimi.accounts.models import AuditEvent
from baimi.volunteers import ledger, services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("hours", "stars"), [(0, 0), (99.75, 0), (100, 1), (299, 1), (300, 2), (600, 3),
                                              (999, 3), (1000, 4), (1500, 5), (4000, 5)])
def test_star_levels(hours: float, stars: int) -> None:
    assert ledger.star_level(Decimal(str(hours))) == stars


def _serve(vworld: Any, make_open_date: Any, minutes: int, title: str) -> None:
    date = make_open_date(starts=timezone.now() - dt.timedelta(minutes=minutes + 10), title=title)
    signup = services.signup_create(occurrence=date, volunteer=vworld.me)
    services.attendance_check_in(signup=signup, by=None, method="leader", at=date.starts)
    services.attendance_check_out(signup=signup, by=None, method="leader",
                                  at=date.starts + dt.timedelta(minutes=minutes))


def test_the_volunteer_sees_hours_stars_and_where_each_hour_came_from(as_user: Any, vworld: Any,
                                                                     make_open_date: Any) -> None:
    _serve(vworld, make_open_date, 90, "逢8普法宣传")
    _serve(vworld, make_open_date, 60, "探访独居老人")
    response = as_user("resident").get(reverse("volunteers:volunteer", args=[vworld.me.pk]))
    assert response.context["total_hours"] == Decimal("2.50") and response.context["stars"] == 0
    assert response.context["to_next_star"] == Decimal("97.50")
    page = response.content.decode()
    assert "逢8普法宣传" in page and "探访独居老人" in page


def test_the_proof_is_a_pdf_with_every_date_and_is_audited(as_user: Any, vworld: Any, make_open_date: Any) -> None:
    from pypdf import PdfReader

    _serve(vworld, make_open_date, 90, "逢8普法宣传")
    response = as_user("resident").get(reverse("volunteers:proof", args=[vworld.me.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "王芳" in text and "逢8普法宣传" in text and "1.50" in text
    assert "6543**********1234" in text and "654322199001011234" not in text
    assert AuditEvent.objects.filter(action="export", object_type="volunteers.Volunteer").exists()


def test_staff_of_the_area_issue_the_proof_others_cannot(as_user: Any, vworld: Any) -> None:
    url = reverse("volunteers:proof", args=[vworld.me.pk])
    assert as_user("volunteer").get(url).status_code == 200
    assert as_user("outsider").get(url).status_code == 404
    assert as_user("resident").get(reverse("volunteers:proof", args=[vworld.party.pk])).status_code == 404
    assert as_user("resident").post(url).status_code == 405
