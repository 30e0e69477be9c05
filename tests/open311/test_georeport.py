"""Conformance with GeoReport v2, written from the spec's text (see /work/shared/reference/open311.md)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from baimi.helpdesk.models import HelpCategory, HelpRequest
from baimi.open311.models import ApiKey, hash_key

pytestmark = pytest.mark.django_db
BASE = "/open311/v2/"


def post(client: Client, key: str, fmt: str = "json", headers: dict[str, str] | None = None, **data: Any) -> Any:
    fields = {"api_key": key, "service_code": "elderly_care", "description": "老人需要帮忙",
              "lat": "47.8458", "long": "88.1398", **data}
    return client.post(f"{BASE}requests.{fmt}", fields, headers=headers or {})


def test_discovery_lists_the_endpoint_and_both_formats(client: Client) -> None:
    data = client.get(BASE + "discovery.json").json()
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    assert data["endpoints"][0]["type"] in ("production", "test")
    root = ET.fromstring(client.get(BASE + "discovery.xml").content)
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


def test_services_in_xml_and_json(client: Client) -> None:
    codes = list(HelpCategory.objects.filter(active=True).values_list("code", flat=True))
    listed = client.get(BASE + "services.json").json()
    assert [s["service_code"] for s in listed] == codes
    assert {"service_name", "description", "metadata", "type", "keywords", "group"} <= set(listed[0])
    response = client.get(BASE + "services.xml")
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == codes
    assert root.find("service/metadata").text == "false"  # type: ignore[union-attr]


def test_service_definition_and_unknown_code(client: Client) -> None:
    root = ET.fromstring(client.get(BASE + "services/elderly_care.xml").content)
    assert root.tag == "service_definition" and root.findtext("service_code") == "elderly_care"
    response = client.get(BASE + "services/nope.xml")
    assert response.status_code == 404
    error = ET.fromstring(response.content)
    assert error.tag == "errors" and error.findtext("error/code") == "404"


def test_post_needs_a_valid_key(client: Client, api_key: str) -> None:
    assert post(client, "").status_code == 403
    assert post(client, "o311_wrong").status_code == 403
    response = post(client, "o311_wrong", fmt="xml")
    assert ET.fromstring(response.content).findtext("error/code") == "403"
    ApiKey.objects.update(active=False)
    assert post(client, api_key).status_code == 403


def test_a_revoked_key_is_refused_even_after_it_was_used(client: Client, api_key: str, demo: Any) -> None:
    assert post(client, api_key).status_code == 201  # now remembered by this process
    call_command("open311_key", "revoke", str(ApiKey.objects.get().pk), stdout=StringIO())
    assert post(client, api_key).status_code == 403


def test_post_creates_a_request_with_an_id_and_no_token(client: Client, api_key: str, demo: Any) -> None:
    response = post(client, api_key, first_name="王", last_name="芳", phone="13800000000")
    assert response.status_code == 201
    (answer,) = response.json()
    assert "token" not in answer
    made = HelpRequest.objects.get(reference=answer["service_request_id"])
    assert made.channel == HelpRequest.Channel.OPEN311 and made.community == demo.community
    assert made.contact_name == "王 芳"


def test_post_xml_answer(client: Client, api_key: str) -> None:
    root = ET.fromstring(post(client, api_key, fmt="xml").content)
    assert root.tag == "service_requests" and root.findtext("request/service_request_id")


def test_retried_post_with_same_idempotency_key_makes_one_request(client: Client, api_key: str) -> None:
    before = HelpRequest.objects.count()
    first = post(client, api_key, headers={"Idempotency-Key": "abc-1"}).json()
    again = post(client, api_key, headers={"Idempotency-Key": "abc-1"}).json()
    assert first == again
    assert HelpRequest.objects.count() == before + 1
    other = post(client, api_key, headers={"Idempotency-Key": "abc-2"}).json()
    assert other[0]["service_request_id"] != first[0]["service_request_id"]


def test_location_is_required_and_checked(client: Client, api_key: str) -> None:
    assert post(client, api_key, lat="", long="").status_code == 400  # empty = not sent
    assert post(client, api_key, long="").status_code == 400
    assert post(client, api_key, lat="x").status_code == 400
    assert post(client, api_key, lat="95").status_code == 400
    only_address = post(client, api_key, lat="", long="", address_string="幸福路 3 号")
    assert only_address.status_code == 201
    assert HelpRequest.objects.get(reference=only_address.json()[0]["service_request_id"]).address == "幸福路 3 号"


def test_description_at_most_4000_and_service_code_checked(client: Client, api_key: str) -> None:
    assert post(client, api_key, description="长" * 4001).status_code == 400
    assert post(client, api_key, description="长" * 4000).status_code == 201
    assert post(client, api_key, service_code="").status_code == 400
    assert post(client, api_key, service_code="nope").status_code == 400


def test_posts_are_rate_limited_per_key(client: Client, api_key: str, settings: Any) -> None:
    settings.OPEN311_POSTS_PER_MINUTE = 2
    assert post(client, api_key, headers={"Idempotency-Key": "r1"}).status_code == 201
    assert post(client, api_key).status_code == 201
    assert post(client, api_key).status_code == 429
    assert post(client, api_key, headers={"Idempotency-Key": "r1"}).status_code == 201  # a retry is never refused


def _requests(client: Client, **params: str) -> Any:
    response = client.get(BASE + "requests.json", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_get_requests_reveals_no_personal_data(client: Client, api_key: str, demo: Any) -> None:
    made = post(client, api_key, first_name="王", phone="13800000000", address_string="幸福路 3 号",
                description="王芳家里老人摔倒").json()[0]["service_request_id"]
    (row,) = _requests(client, service_request_id=made)
    text = json.dumps(row, ensure_ascii=False)
    assert "王" not in text and "13800000000" not in text and "幸福路" not in text
    assert row["status"] == "open" and row["service_code"] == "elderly_care"
    request = HelpRequest.objects.get(reference=made)
    assert (row["lat"], row["long"]) == (request.group.lat, request.group.lon)
    # the community's own key sees the description, and that read is audited; another community's key does not
    from baimi.accounts.models import AuditEvent

    assert _requests(client, service_request_id=made, api_key=api_key)[0]["description"] == "王芳家里老人摔倒"
    event = AuditEvent.objects.filter(username="open311:kiosk").latest("pk")
    assert event.detail["references"] == [made]
    other = ApiKey.issue(name="neighbour", community=demo.neighbour)[1]
    assert _requests(client, service_request_id=made, api_key=other)[0]["description"] == ""


def test_date_times_carry_a_zone(client: Client, api_key: str) -> None:
    made = post(client, api_key).json()[0]["service_request_id"]
    row = client.get(f"{BASE}requests/{made}.json").json()[0]
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert dt.datetime.fromisoformat(row[field]).tzinfo is not None
    root = ET.fromstring(client.get(f"{BASE}requests/{made}.xml").content)
    assert root.tag == "service_requests" and root.findtext("request/service_request_id") == made


def test_filters(client: Client, api_key: str) -> None:
    a = post(client, api_key).json()[0]["service_request_id"]
    b = post(client, api_key, service_code="repairs" if HelpCategory.objects.filter(code="repairs").exists()
             else HelpCategory.objects.exclude(code="elderly_care").first().code).json()[0]["service_request_id"]  # type: ignore[union-attr]
    listed = {r["service_request_id"] for r in _requests(client, service_code="elderly_care")}
    assert a in listed and b not in listed
    # service_request_id overrides the other filters
    overridden = _requests(client, service_request_id=b, service_code="elderly_care")
    assert [r["service_request_id"] for r in overridden] == [b]
    assert a in {r["service_request_id"] for r in _requests(client, status="open")}
    assert a not in {r["service_request_id"] for r in _requests(client, status="closed")}
    HelpRequest.objects.filter(reference=a).update(status=HelpRequest.Status.SETTLED)
    assert a in {r["service_request_id"] for r in _requests(client, status="closed")}
    assert _requests(client, status="")  # empty status = not sent


def test_date_window(client: Client, api_key: str) -> None:
    made = post(client, api_key).json()[0]["service_request_id"]
    now = timezone.now()
    old = now - dt.timedelta(days=200)
    HelpRequest.objects.filter(pk=HelpRequest.objects.exclude(reference=made).first().pk).update(created_at=old)  # type: ignore[union-attr]
    default = {r["service_request_id"] for r in _requests(client)}
    assert made in default
    assert all(dt.datetime.fromisoformat(r["requested_datetime"]) >= now - dt.timedelta(days=91)
               for r in _requests(client))
    ninety_one = {"start_date": (now - dt.timedelta(days=91)).isoformat(), "end_date": now.isoformat()}
    assert client.get(BASE + "requests.json", ninety_one).status_code == 400
    assert client.get(BASE + "requests.json", {"start_date": "2026-11-01T00:00:00"}).status_code == 400  # no zone
    window = {"start_date": (now - dt.timedelta(days=1)).isoformat(),
              "end_date": (now + dt.timedelta(hours=1)).isoformat()}
    assert made in {r["service_request_id"] for r in _requests(client, **window)}


def test_at_most_1000_results(client: Client, api_key: str, demo: Any) -> None:
    category = HelpCategory.objects.get(code="elderly_care")
    now = timezone.now()
    HelpRequest.objects.bulk_create([
        HelpRequest(category=category, description="x", community=demo.community, group=demo.groups[0],
                    ack_due=now, arrival_due=now, reference=f"B{i:011d}") for i in range(1005)])
    assert len(_requests(client)) == 1000


def test_missing_request_and_token_are_404(client: Client) -> None:
    assert client.get(BASE + "requests/HNOPE.json").status_code == 404
    response = client.get(BASE + "tokens/abc.xml")
    assert response.status_code == 404 and ET.fromstring(response.content).tag == "errors"


def test_xml_escapes_text(client: Client, api_key: str) -> None:
    made = post(client, api_key, description="<b>&\"'</b>").json()[0]["service_request_id"]
    root = ET.fromstring(client.get(f"{BASE}requests/{made}.xml", {"api_key": api_key}).content)
    assert root.findtext("request/description") == "<b>&\"'</b>"


def test_key_command_prints_the_key_once_and_stores_a_hash(demo: Any) -> None:
    out = StringIO()
    call_command("open311_key", "create", "--name", "kiosk", "--community", demo.community.code, stdout=out)
    raw = out.getvalue().split(": ", 1)[1].split()[0]
    key = ApiKey.objects.get(name="kiosk")
    assert key.key_hash == hash_key(raw) and raw not in key.key_hash
    assert ApiKey.objects.by_raw_key(raw) == key
