"""GeoReport v2 endpoints (plain Django views: the spec's shapes are its own).

Privacy rule for reads (see docs/open311.md): anyone may list requests, but only what a public
notice board would show — category, status, times, the responsible level and the residents'
group's centre point instead of the address. No names, phones, addresses or free text. A caller
with an API key also sees the description of requests in its own community.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from baimi.accounts import audit
from baimi.caching import process_cache
from baimi.helpdesk.models import HelpCategory, HelpRequest
from baimi.helpdesk.services import submit_help_request
from baimi.open311.models import ApiKey, hash_key
from baimi.open311.render import error, respond

MAX_DESCRIPTION = 4000
MAX_RESULTS = 1000
WINDOW = dt.timedelta(days=90)


def posts_per_minute() -> int:
    """Per key; settings.OPEN311_POSTS_PER_MINUTE or the environment, 120 by default."""
    return int(getattr(settings, "OPEN311_POSTS_PER_MINUTE", os.environ.get("BAIMI_OPEN311_POSTS_PER_MINUTE", 120)))


def over_rate(request: HttpRequest, key: ApiKey) -> bool:
    """Counts this POST against its key's limit per minute, in the cache like the site's other limits
    (django-ratelimit): shared by all server processes when BAIMI_CACHE_URL names a Redis, per process
    otherwise. Counting the key's rows of the last minute in the database instead cost a scan of
    every one of them on every POST: at 100 a second, 6,000 rows each time."""
    return bool(is_ratelimited(request, group="open311-post", key=lambda group, request: str(key.pk),
                               rate=f"{posts_per_minute()}/m", increment=True))


def arg(data: Any, name: str) -> str:
    """The spec: an argument sent empty counts as not sent."""
    return (data.get(name) or "").strip()


def stamp(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def service_row(category: HelpCategory) -> dict[str, Any]:
    return {"service_code": category.code, "service_name": category.name, "description": category.description,
            "metadata": False, "type": "realtime", "keywords": "", "group": ""}


def request_row(r: HelpRequest, key: ApiKey | None) -> dict[str, Any]:
    own = key is not None and r.community_id == key.community_id
    return {
        "service_request_id": r.reference, "status": "open" if r.is_open else "closed",
        "status_notes": r.status_notes if own else "", "service_name": r.category.name,
        "service_code": r.category.code, "description": r.description if own else "",
        "agency_responsible": r.get_level_display(), "service_notice": "",
        "requested_datetime": stamp(r.created_at), "updated_datetime": stamp(r.updated_at),
        "expected_datetime": stamp(r.arrival_due) if r.is_open else None,
        "address": "", "address_id": "", "zipcode": "",
        # the group's centre, never the household's point
        "lat": r.group.lat, "long": r.group.lon,
        "media_url": r.media_url if own else "",
    }


def answer_rows(request: HttpRequest, fmt: str, rows: list[HelpRequest], key: ApiKey | None) -> HttpResponse:
    """The rows as the spec's list; a key that is shown its own community's free text is audited."""
    if key is not None and (own := [r.reference for r in rows if r.community_id == key.community_id]):
        audit.record(action="list", request=request, object_type="helpdesk.HelpRequest",
                     area_path=key.community.path, username=f"open311:{key.name}", api_key=key.pk,
                     references=own[:50], count=len(own))
    return respond(fmt, "service_requests", [request_row(r, key) for r in rows])


# Found keys are remembered per process for KEY_CACHE_S seconds: the lookup was a tenth of a POST's
# server time. So a key revoked in another process (`baimi open311_key revoke`) stops working within
# that time; one revoked or saved in this process stops at once (apps.py).
KEY_CACHE_S = 5.0
_known_keys = process_cache(KEY_CACHE_S)
_categories = process_cache(KEY_CACHE_S)  # code → active HelpCategory


def key_from(request: HttpRequest) -> ApiKey | None:
    raw = arg(request.GET, "api_key") or arg(request.POST, "api_key")
    digest = hash_key(raw)
    key = _known_keys.get(digest)
    if key is None:
        key = ApiKey.objects.by_raw_key(raw)
        if key is not None:  # unknown keys are not remembered: guessing must not fill the cache
            _known_keys[digest] = key
    return key


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:services", args=["xml"])).rsplit("services.xml", 1)[0]
    return respond(fmt, "discovery", {
        "changeset": "2026-11-28T00:00:00+08:00", "contact": "Your community office",
        "key_service": "Ask the community office; keys are issued with `baimi open311_key create`.",
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
                       "changeset": "2026-11-28T00:00:00+08:00", "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    })


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "services", [service_row(c) for c in HelpCategory.objects.filter(active=True)])


@require_GET
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    category = HelpCategory.objects.filter(code=code, active=True).first()
    if category is None:
        return error(fmt, 404, f"no service with code {code}")
    return respond(fmt, "service_definition", {"service_code": category.code, "attributes": []})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    return create_request(request, fmt) if request.method == "POST" else list_requests(request, fmt)


def _parse_when(text: str) -> dt.datetime:
    value = parse_datetime(text)
    if value is None or value.tzinfo is None:
        raise ValueError(f"{text} is not an ISO 8601 date-time with a time zone")
    return value


def list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    key = key_from(request) if arg(request.GET, "api_key") else None
    rows: QuerySet[HelpRequest] = HelpRequest.objects.select_related("category", "group")
    ids = arg(request.GET, "service_request_id")
    if ids:  # overrides every other filter
        rows = rows.filter(reference__in=[i.strip() for i in ids.split(",") if i.strip()])
    else:
        try:
            start = _parse_when(arg(request.GET, "start_date")) if arg(request.GET, "start_date") else None
            end = _parse_when(arg(request.GET, "end_date")) if arg(request.GET, "end_date") else None
        except ValueError as exc:
            return error(fmt, 400, str(exc))
        if start and end and end - start > WINDOW:
            return error(fmt, 400, "start_date and end_date may be at most 90 days apart")
        if start and end and end < start:
            return error(fmt, 400, "end_date is before start_date")
        if start is None and end is None:
            start = timezone.now() - WINDOW
        if start:
            rows = rows.filter(created_at__gte=start)
        if end:
            rows = rows.filter(created_at__lte=end)
        codes = arg(request.GET, "service_code")
        if codes:
            rows = rows.filter(category__code__in=[c.strip() for c in codes.split(",") if c.strip()])
        status = arg(request.GET, "status")
        if status:
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                return error(fmt, 400, "status is open or closed")
            if wanted == {"open"}:
                rows = rows.exclude(status__in=HelpRequest.CLOSED_STATES)
            elif wanted == {"closed"}:
                rows = rows.filter(status__in=HelpRequest.CLOSED_STATES)
    return answer_rows(request, fmt, list(rows[:MAX_RESULTS]), key)


def _location(data: Any, key: ApiKey) -> tuple[float | None, float | None, str]:
    lat_text, lon_text, address = arg(data, "lat"), arg(data, "long"), arg(data, "address_string")
    address = address or arg(data, "address_id")
    if bool(lat_text) != bool(lon_text):
        raise ValueError("send lat and long together")
    if lat_text:
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            raise ValueError("lat and long are decimal degrees (WGS-84)") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("lat or long out of range")
        return lat, lon, address
    if not address:
        raise ValueError("a location is required: lat and long, or address_string, or address_id")
    # Only an address: placed at the community's centre (nearest group); staff refine it by phone.
    return key.community.lat, key.community.lon, address


def create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    key = key_from(request)
    if key is None:
        return error(fmt, 403, "a valid api_key is required")
    data = request.POST
    code = arg(data, "service_code")
    category = _categories.get(code)
    if category is None and code:
        category = HelpCategory.objects.filter(code=code, active=True).first()
        if category is not None:
            _categories[code] = category
    if category is None:
        return error(fmt, 400, f"unknown service_code {code}" if code else "service_code is required")
    description = arg(data, "description")
    if len(description) > MAX_DESCRIPTION:
        return error(fmt, 400, "description is at most 4,000 characters")
    try:
        lat, lon, address = _location(data, key)
    except ValueError as exc:
        return error(fmt, 400, str(exc))
    header = (request.headers.get("Idempotency-Key") or "").strip()[:120]
    prefix = f"open311:{key.pk}:"
    # A retry of an answered POST gets the same answer, whatever the rate (and costs one query).
    earlier = (HelpRequest.objects.filter(idempotency_key=prefix + header).order_by()
               .values_list("reference", flat=True).first()) if header else None
    if earlier is not None:
        return _created(fmt, earlier, data)
    if over_rate(request, key):
        return error(fmt, 429, "too many requests for this key; try again in a minute")
    name = " ".join(p for p in (arg(data, "first_name"), arg(data, "last_name")) if p)
    try:
        help_request, _new = submit_help_request(
            category=category, description=description or category.name, community=key.community,
            lon=lon, lat=lat, address=address[:200], contact_name=name[:50], contact_phone=arg(data, "phone")[:20],
            channel=HelpRequest.Channel.OPEN311, media_url=arg(data, "media_url")[:200],
            idempotency_key=prefix + (header or f"auto:{uuid.uuid4().hex}"))
    except ValueError as exc:
        return error(fmt, 400, str(exc))
    return _created(fmt, help_request.reference, data)


def _created(fmt: str, reference: str, data: Any) -> HttpResponse:
    return respond(fmt, "service_requests", [{
        "service_request_id": reference, "service_notice": "",
        "account_id": arg(data, "account_id") or None}], status=201)


@require_GET
def one_request(request: HttpRequest, fmt: str, reference: str) -> HttpResponse:
    found = HelpRequest.objects.select_related("category", "group").filter(reference=reference).first()
    if found is None:
        return error(fmt, 404, f"no request {reference}")
    return answer_rows(request, fmt, [found], key_from(request))


@require_GET
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """Requests are saved at once, so tokens are never handed out; any token is unknown."""
    return error(fmt, 404, f"no token {token}; this server answers POST with service_request_id at once")
