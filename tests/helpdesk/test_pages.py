"""The pages as residents and staff use them: report (with a bad photo and a double tap), record a
call, answer an offer, settle, confirm; nobody outside sees a request; a dispute goes to mediation."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from baimi.accounts.models import User
from baimi.helpdesk.models import HelpCategory, HelpRequest, Offer
from tests.helpdesk.conftest import submit

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def _report(client: Any, token: str, **extra: Any) -> Any:
    category = HelpCategory.objects.get(code="repairs")
    return client.post(reverse("helpdesk:report"), {
        "category": category.pk, "description": "楼道灯坏了，晚上看不见", "token": token, **extra})


def test_a_resident_reports_and_a_double_tap_makes_one_request(as_user: Any) -> None:
    client = as_user("resident")
    first = _report(client, "t1")
    second = _report(client, "t1")
    assert first.status_code == 302 and second["Location"] == first["Location"]
    assert HelpRequest.objects.filter(idempotency_key__endswith=":t1").count() == 1
    page = client.get(first["Location"])
    assert "楼道灯坏了" in page.content.decode()


def test_a_bad_photo_is_refused_with_a_message_and_the_request_is_kept(as_user: Any) -> None:
    client = as_user("resident")
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = _report(client, "t2", photo=fake)
    request = HelpRequest.objects.get(idempotency_key__endswith=":t2")
    assert not request.photo
    page = client.get(response["Location"])
    assert "not a photo" in page.content.decode() or "照片" in page.content.decode()


def test_a_real_photo_is_kept_under_a_name_from_its_content(as_user: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = as_user("resident")
    _report(client, "t3", photo=SimpleUploadedFile("x.exe", _png(), content_type="application/octet-stream"))
    request = HelpRequest.objects.get(idempotency_key__endswith=":t3")
    assert request.photo and request.photo.name.endswith(".png")


def test_staff_record_a_phone_call_with_consent(as_user: Any, demo: Any) -> None:
    client = as_user("grid")
    category = HelpCategory.objects.get(code="elderly_care")
    call = {"category": category.pk, "contact_name": "王大妈", "contact_phone": "13900000000", "description": "腿疼"}
    refused = client.post(reverse("helpdesk:call"), {**call, "token": "c1"})
    assert refused.status_code == 200 and not HelpRequest.objects.filter(contact_name="王大妈").exists()
    ok = client.post(reverse("helpdesk:call"), {**call, "token": "c2", "consent_noted": "on"})
    assert ok.status_code == 302
    request = HelpRequest.objects.get(contact_name="王大妈")
    assert request.channel == "phone" and request.consent_noted and request.recorded_by.username == "grid"


def test_the_offered_person_accepts_on_the_page_and_the_resident_confirms(as_user: Any, client: Any) -> None:
    resident = User.objects.get(username="resident")
    request = submit(resident, HelpCategory.objects.get(code="elderly_care"))
    offer = request.offers.get(status=Offer.Status.PENDING)
    helper = User.objects.create(username="helper", role="grid_worker", area=offer.staff.home_base)
    offer.staff.user = helper
    offer.staff.save()
    client.force_login(helper)
    page = client.get(request.get_absolute_url())
    assert page.status_code == 200 and "accept" in page.content.decode()
    for step in ("accept", "arrive"):
        assert client.post(reverse("helpdesk:action", args=[request.reference, step])).status_code == 302
    assert client.post(reverse("helpdesk:action", args=[request.reference, "settle"]),
                       {"notes": "已处理", "level": "circle"}).status_code == 302
    client.force_login(resident)
    assert client.post(reverse("helpdesk:action", args=[request.reference, "confirm"]),
                       {"rating": "4", "feedback": "谢谢"}).status_code == 302
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.CONFIRMED and request.rating == 4


def test_nobody_outside_sees_a_request(as_user: Any) -> None:
    resident = User.objects.get(username="resident")
    request = submit(resident, HelpCategory.objects.get(code="repairs"))
    for username in ("outsider",):
        assert as_user(username).get(request.get_absolute_url()).status_code == 404
    assert as_user("worker").get(request.get_absolute_url()).status_code == 200


def test_the_phone_is_masked_for_roles_that_do_not_call(as_user: Any) -> None:
    resident = User.objects.get(username="resident")
    request = submit(resident, HelpCategory.objects.get(code="repairs"), contact_phone="13912345678")
    assert "13912345678" in as_user("worker").get(request.get_absolute_url()).content.decode()
    town_page = as_user("town").get(request.get_absolute_url()).content.decode()
    assert "13912345678" not in town_page and "139****5678" in town_page


def test_a_neighbour_dispute_becomes_a_mediation_case(as_user: Any) -> None:
    resident = User.objects.get(username="resident")
    request = submit(resident, HelpCategory.objects.get(code="neighbour_dispute"), "楼上漏水把我家天花板泡了")
    response = as_user("worker").post(reverse("helpdesk:action", args=[request.reference, "mediation"]))
    assert response.status_code == 302 and "/mediation/" in response["Location"]
    from baimi.mediation.models import Case

    case = Case.objects.get(source_reference=request.reference)
    assert "天花板" in case.facts
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.SETTLED and request.settled_level == "community"


def test_an_elderly_care_request_leads_its_managers_to_volunteers_nearby(as_user: Any) -> None:
    resident = User.objects.get(username="resident")
    request = submit(resident, HelpCategory.objects.get(code="elderly_care"), "独居老人想请人来陪着说说话")
    page = as_user("worker").get(request.get_absolute_url()).content.decode()
    link = f"/volunteers/match/?household={resident.household.ref}&amp;skill=elderly_care"
    assert link in page
    matches = as_user("worker").get(link.replace("&amp;", "&"))
    assert matches.status_code == 200 and matches.context["household"] == resident.household
    assert matches.context["suggestions"] is not None  # the search ran for the request's household
    assert "/volunteers/match/" not in as_user("resident").get(request.get_absolute_url()).content.decode()
    repairs = submit(resident, HelpCategory.objects.get(code="repairs"), "楼道灯坏了")
    assert "/volunteers/match/" not in as_user("worker").get(repairs.get_absolute_url()).content.decode()
