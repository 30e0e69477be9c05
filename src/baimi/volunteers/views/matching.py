"""Suggest volunteers for a need: a leader or community worker picks a household (or a map point)
and a skill and sees the nearest available volunteers. Personal data stays masked per role; the
household is shown by its reference and address only, never the names of the people served."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from baimi.accounts import audit
from baimi.places.models import Household, Skill
from baimi.volunteers.matching import household_point, suggest_volunteers
from baimi.volunteers.models import Volunteer, community_of
from baimi.volunteers.views._common import _require_manager


def _float(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if -180.0 <= number <= 180.0 else None


@require_GET
@login_required
def match(request: HttpRequest) -> HttpResponse:
    user = _require_manager(request)
    households = Household.objects.visible_to(user)
    context: dict[str, Any] = {"skills": Skill.objects.all(), "form": request.GET, "suggestions": None,
                               "error": ""}
    household_ref = request.GET.get("household", "").strip()
    lon, lat = _float(request.GET.get("lon", "")), _float(request.GET.get("lat", ""))
    skill = Skill.objects.filter(code=request.GET.get("skill", "")).first()
    when: dt.datetime | None = None
    if raw_when := request.GET.get("when", "").strip():
        try:
            when = timezone.make_aware(dt.datetime.fromisoformat(raw_when))
        except ValueError:
            context["error"] = _("The time is not a date and time.")
    community = None
    if household_ref:
        household = households.filter(ref=household_ref).select_related("community", "building").first()
        point = household_point(household) if household is not None else None
        if household is None or point is None:
            context["error"] = _("No household with this reference in your area (or it has no location).")
        else:
            (lon, lat), community = point, household.community
            context["household"] = household
    if not context["error"] and lon is not None and lat is not None and (household_ref or "lon" in request.GET):
        if community is None and user.area is not None:
            community = community_of(user.area) if user.area.level in ("community", "group") else None
        context["suggestions"] = suggest_volunteers(
            lon=lon, lat=lat, skill=skill, when=when, community=community, limit=10,
            candidates=Volunteer.objects.visible_to(user))
        audit.record(action="list", request=request, object_type="volunteers.Volunteer",
                     area_path=user.scope_path or "", purpose="matching", household=household_ref)
    elif request.GET and not context["error"]:
        context["error"] = _("Pick a household or give a point (longitude and latitude).")
    return render(request, "volunteers/match.html", context)
