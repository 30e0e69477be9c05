"""Every URL of the site, tried by people who must not get through.

For each URL pattern (the admin excepted, see below) the sweep asks an anonymous visitor and the
community worker of the neighbouring community (``outsider``) for the demo community's objects,
by GET and by POST, and asserts refusal. A URL nobody has classified fails the sweep: a new page
must be added to ``SAMPLES`` (how to fill its arguments with the demo community's objects) or to
``PUBLIC`` (why anyone may see it). A second sweep POSTs to every URL as a legitimate user without
a CSRF token and expects 403.

The admin (``admin:``) has its own sweep (test_admin_sweep.py): its pages are Django's, one set per
registered model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from baimi.accounts.models import User

Sample = Callable[["World"], dict[str, Any]]


@dataclass
class World:
    """The demo community's objects the sweep aims at."""

    community: Any
    group: Any

    def first(self, model_path: str, **filters: Any) -> Any:
        from django.apps import apps

        model = apps.get_model(model_path)
        row = model.objects.filter(**filters).order_by("pk").first()
        assert row is not None, f"the demo world has no {model_path} matching {filters}: the sweep needs one"
        return row

    def in_community(self, model_path: str, field: str = "community", **filters: Any) -> Any:
        return self.first(model_path, **{f"{field}__path__startswith": self.community.path}, **filters)


# Reachable without logging in, on purpose. Each says why.
PUBLIC: dict[str, str] = {
    "index": "the landing page",
    "login": "logging in",
    "logout": "logging out (POST; harmless when anonymous)",
    "set_language": "choosing a language",
    "api:openapi-json": "the API's description holds no data",
    "api:openapi-view": "the API's documentation page holds no data",
    "api:api-root": "the API root lists nothing",
    # Open311 GeoReport v2 is public by its specification: reading services and requests needs no
    # login (the answers carry no personal data, only a group's centre point — docs/open311.md);
    # writing needs an API key, not a session, so it is not a CSRF-protected form.
    "open311:discovery": "Open311 discovery is public by the specification",
    "open311:services": "the list of services is public by the specification",
    "open311:service": "a service definition is public by the specification",
    "open311:requests": "requests are public without personal data; POST needs an API key",
    "open311:request": "one request, public without personal data",
    "open311:token": "a token lookup, public by the specification",
}


PUBLIC_ARGS: dict[str, dict[str, Any]] = {
    "open311:discovery": {"fmt": "json"},
    "open311:services": {"fmt": "json"},
    "open311:service": {"code": "repairs", "fmt": "json"},
    "open311:requests": {"fmt": "json"},
    "open311:request": {"reference": "H000000000000", "fmt": "json"},
    "open311:token": {"token": "nonesuch", "fmt": "json"},
    "legal:statute": {"name": "民法典"},
    "legal:article": {"name": "民法典", "number": 288},
}


def _community_code(w: World) -> dict[str, Any]:
    return {"code": w.community.code}


# How to aim each URL at the demo community. Empty dict: the URL has no arguments; its answer to an
# outsider is checked for the demo community's data instead (see OWN_AREA_PAGES).
SAMPLES: dict[str, Sample] = {
    "home": lambda w: {},
    "audit_log": lambda w: {},
    "places:area": _community_code,
    "places:households": lambda w: {},
    "places:household": lambda w: {"pk": w.in_community("places.Household", "group").pk},
    "places:service_points": lambda w: {},
    "circles:nearest": lambda w: {},
    "circles:map": _community_code,
    "circles:map_data": _community_code,
    "circles:route": _community_code,
    "circles:run": _community_code,
    "circles:run_status": lambda w: {"code": w.community.code,
                                     "run_id": w.first("circles.CoverageRun", community=w.community).pk},
    "circles:export": lambda w: {"code": w.community.code, "what": "coverage.csv"},
    "circles:placement_new": _community_code,
    "circles:site_adopt": lambda w: {"code": w.community.code, "site_id": 1},
    "circles:site_make_point": lambda w: {"code": w.community.code, "site_id": 1},
    "legal:ask": lambda w: {},
    "legal:statutes": lambda w: {},
    "legal:statute": lambda w: PUBLIC_ARGS["legal:statute"],
    "legal:article": lambda w: PUBLIC_ARGS["legal:article"],
    "legal:answers": lambda w: {},
    "legal:answer_new": lambda w: {},
    "legal:answer": lambda w: {"pk": w.in_community("legal.CuratedAnswer").pk},
    "legal:answer_edit": lambda w: {"pk": w.in_community("legal.CuratedAnswer").pk},
    "legal:consultations": lambda w: {},
    "legal:consultation_new": lambda w: {},
    "legal:consultation": lambda w: {"pk": w.in_community("legal.LegalConsultation").pk},
    "legal:consultation_reply": lambda w: {"pk": w.in_community("legal.LegalConsultation").pk},
    "legal:menu": lambda w: {},
    "legal:demand": lambda w: {},
    "legal:demand_geojson": lambda w: {},
    "legal:topic": lambda w: {"code": w.first("legal.Topic").code},
    "legal:topic_order": lambda w: {"code": w.first("legal.Topic").code},
    "legal:lecture_new": lambda w: {},
    "legal:lecture": lambda w: {"pk": w.in_community("legal.Lecture").pk},
    "legal:lecture_signup": lambda w: {"pk": w.in_community("legal.Lecture").pk},
    "legal:lecture_attendance": lambda w: {"pk": w.in_community("legal.Lecture").pk},
    "legal:lecture_feedback": lambda w: {"pk": w.in_community("legal.Lecture").pk},
    "legal:needs": lambda w: {},
    "legal:need_route": lambda w: {"pk": w.in_community("legal.LegalNeed").pk},
    "legal:figures": lambda w: {},
    "legal:base": lambda w: {},
    "legal:exhibit_new": lambda w: {},
    "volunteers:index": lambda w: {},
    "volunteers:join": lambda w: {},
    "volunteers:volunteers": lambda w: {},
    "volunteers:volunteer_new": lambda w: {},
    "volunteers:volunteer": lambda w: {"pk": w.in_community("volunteers.Volunteer").pk},
    "volunteers:proof": lambda w: {"pk": w.in_community("volunteers.Volunteer").pk},
    "volunteers:team_new": lambda w: {},
    "volunteers:team": lambda w: {"pk": w.first("volunteers.Team", area=w.community).pk},
    "volunteers:team_member_add": lambda w: {"pk": w.first("volunteers.Team", area=w.community).pk},
    "volunteers:activity_new": lambda w: {},
    "volunteers:activity": lambda w: {"pk": w.first("volunteers.Activity", area=w.community).pk},
    "volunteers:activity_open": lambda w: {"pk": w.first("volunteers.Activity", area=w.community).pk},
    "volunteers:occurrence": lambda w: {"pk": w.first("volunteers.Occurrence", activity__area=w.community).pk},
    "volunteers:occurrence_cancel": lambda w: {
        "pk": w.first("volunteers.Occurrence", activity__area=w.community).pk},
    "volunteers:signup": lambda w: {"pk": w.first("volunteers.Occurrence", activity__area=w.community).pk},
    "volunteers:qr": lambda w: {"pk": w.first("volunteers.Occurrence", activity__area=w.community).pk},
    "volunteers:signup_cancel": lambda w: {
        "pk": w.first("volunteers.Signup", occurrence__activity__area=w.community).pk},
    "volunteers:attendance": lambda w: {
        "pk": w.first("volunteers.Signup", occurrence__activity__area=w.community).pk},
    "volunteers:correction_new": lambda w: {
        "pk": w.first("volunteers.Signup", occurrence__activity__area=w.community).pk},
    "volunteers:correction_decide": lambda w: {
        "pk": w.first("volunteers.CorrectionRequest", signup__occurrence__activity__area=w.community).pk},
    "volunteers:scan": lambda w: {"token": "not-a-real-token"},
    # calendar clients cannot log in: the key in the address is the secret; a guessed one finds nothing
    "volunteers:team_feed": lambda w: {"key": "not-the-real-key"},
    "volunteers:volunteer_feed": lambda w: {"key": "not-the-real-key"},
    "volunteers:team_feed_regenerate": lambda w: {"pk": w.first("volunteers.Team", area=w.community).pk},
    "volunteers:volunteer_feed_regenerate": lambda w: {"pk": w.in_community("volunteers.Volunteer").pk},
    "volunteers:campaigns": lambda w: {},
    "volunteers:figures": lambda w: {},
    "volunteers:match": lambda w: {},
    "volunteers:campaign": lambda w: {"pk": w.first("volunteers.Campaign", area=w.community).pk},
    "mediation:cases": lambda w: {},
    "mediation:case_new": lambda w: {},
    "mediation:committee": lambda w: {},
    "mediation:figures": lambda w: {},
    "mediation:case": lambda w: {"pk": w.first("mediation.Case", community=w.community).pk},
    "mediation:agreement_pdf": lambda w: {"pk": w.first("mediation.Case", community=w.community).pk},
    "mediation:case_file_pdf": lambda w: {"pk": w.first("mediation.Case", community=w.community).pk},
    "mediation:routes_notice_pdf": lambda w: {"pk": w.first("mediation.Case", community=w.community).pk},
    "mediation:case_action": lambda w: {"pk": w.first("mediation.Case", community=w.community).pk,
                                        "action": "consent"},
    "mediation:record_file": lambda w: {"pk": w.first("mediation.Record", case__community=w.community).pk},
    "helpdesk:list": lambda w: {},
    "helpdesk:report": lambda w: {},
    "helpdesk:call": lambda w: {},
    "helpdesk:figures": lambda w: {},
    "helpdesk:request": lambda w: {"reference": w.first("helpdesk.HelpRequest", community=w.community).reference},
    "helpdesk:action": lambda w: {"reference": w.first("helpdesk.HelpRequest", community=w.community).reference,
                                  "action": "settle"},
    "dashboard:home": lambda w: {},
    "dashboard:area": _community_code,
    "dashboard:report": lambda w: {"code": w.community.code, "fmt": "xlsx"},
    "dashboard:demand": _community_code,
    "dashboard:demand_placement": _community_code,
    "notifications:inbox": lambda w: {},
    "notifications:mark_read": lambda w: {},
    "api:me": lambda w: {},
    "api:area": _community_code,
    "api:household_list": lambda w: {},
    "api:household_detail": lambda w: {"household_id": w.in_community("places.Household", "group").pk},
    "api:service_point_list": lambda w: {},
    "api:service_point_update": lambda w: {"point_id": w.in_community("places.ServicePoint").pk},
}


# Aimed at something every area shares (the topic menu is the prefecture's), or at nothing real (a
# made-up QR token): an outsider may get an answer, checked for the demo community's data instead.
SHARED = {"legal:topic", "legal:topic_order", "volunteers:scan", "legal:statute", "legal:article"}


def _patterns(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            if inner == "admin":
                continue
            yield from _patterns(p.url_patterns, inner or "")
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def all_url_names() -> list[str]:
    return sorted(set(_patterns(get_resolver().url_patterns)))


def test_every_url_is_classified() -> None:
    names = all_url_names()
    unknown = [n for n in names if n not in SAMPLES and n not in PUBLIC]
    assert not unknown, f"add these URLs to SAMPLES (with the demo objects to aim at) or PUBLIC (with why): {unknown}"
    stale = [n for n in (*SAMPLES, *PUBLIC) if n not in names]
    assert not stale, f"these URL names no longer exist: {stale}"


def _refused_anonymously(response: Any) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _volunteering_in(community: Any) -> None:
    """The sweep aims at the demo community's own volunteer records; make one of each where the demo
    data has none (through the app's services, as its pages would)."""
    import datetime as dt

    from django.utils import timezone

    from baimi.volunteers import services
    from baimi.volunteers.models import Activity, ActivityType, Campaign, CorrectionRequest, Signup, Volunteer
    from baimi.volunteers.reference import ensure_activity_types

    if CorrectionRequest.objects.filter(signup__occurrence__activity__area=community).exists() and \
            Campaign.objects.filter(area=community).exists():
        return
    ensure_activity_types()
    volunteer = Volunteer.objects.filter(community=community).first() or services.volunteer_register(
        registered_by=None, community=community, real_name="扫测志愿者")
    team = services.team_create(created_by=None, name="扫测服务队", area=community)
    activity = Activity.objects.filter(area=community).first() or services.activity_create(
        created_by=None, team=team, type=ActivityType.objects.get(code="other"), title="扫测活动",
        starts=timezone.now() + dt.timedelta(days=2), needed=5)
    services.activity_open(activity=activity, opened_by=None)
    signup = Signup.objects.filter(occurrence__activity=activity).first() or services.signup_create(
        occurrence=activity.occurrences.first(), volunteer=volunteer)
    start = activity.occurrences.first().starts  # type: ignore[union-attr]
    # written directly: the service only takes corrections of dates already past
    CorrectionRequest.objects.create(signup=signup, claimed_in=start, claimed_out=start + dt.timedelta(hours=2),
                                     reason="扫测")
    services.campaign_create(created_by=None, name="扫测学雷锋月", area=community,
                             starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 31))


@pytest.fixture
def world(demo: Any) -> World:
    _volunteering_in(demo.community)
    return World(community=demo.community, group=demo.groups[0])


@pytest.mark.parametrize("name", sorted(n for n in SAMPLES))
def test_anonymous_is_refused(name: str, world: World, client: Client) -> None:
    url = reverse(name, kwargs=SAMPLES[name](world))
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert _refused_anonymously(response), f"anonymous {method.upper()} {url} → {response.status_code}"


# Pages without arguments answer an outsider with their own area's rows; they must not show the
# demo community's. Its name, and the names of its residents' groups, must not appear.
def _demo_markers(world: World) -> list[str]:
    from baimi.places.models import Household

    heads = set(Household.objects.filter(group__path__startswith=world.community.path)
                .values_list("head_name", flat=True))
    others = set(Household.objects.exclude(group__path__startswith=world.community.path)
                 .values_list("head_name", flat=True))
    # only names that no one outside the demo community has, so a hit is a real leak
    unique_heads = sorted(heads - others)[:50]
    return [world.community.name, *unique_heads]


@pytest.mark.parametrize("name", sorted(n for n in SAMPLES))
def test_outsider_is_refused(name: str, world: World, as_user: Any) -> None:
    kwargs = SAMPLES[name](world)
    url = reverse(name, kwargs=kwargs)
    client = as_user("outsider")
    aimed = bool(kwargs) and name not in SHARED
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if aimed:
            assert response.status_code in (403, 404, 405), f"outsider {method.upper()} {url} → {response.status_code}"
        elif method == "get" and response.status_code == 200:
            body = response.content.decode("utf-8", "replace")
            leaked = [m for m in _demo_markers(world) if m and m in body]
            assert not leaked, f"outsider GET {url} shows the demo community's {leaked[:3]}"


# Not a session form: the Open311 API takes an API key instead (and answers a missing key with 400).
CSRF_EXEMPT_BY_DESIGN = {"open311:requests"}


@pytest.mark.parametrize("name", sorted((set(SAMPLES) | set(PUBLIC)) - CSRF_EXEMPT_BY_DESIGN))
def test_post_without_csrf_token_is_refused(name: str, world: World) -> None:
    """Every form is protected: a logged-in user's POST without the token is refused (403)."""
    kwargs = SAMPLES[name](world) if name in SAMPLES else PUBLIC_ARGS.get(name, {})
    url = reverse(name, kwargs=kwargs)
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="worker"))
    response = client.post(url, {"anything": "x"})
    assert response.status_code in (403, 405), f"POST {url} without a CSRF token → {response.status_code}"
