"""The circle pages: the planning map with its data, runs, placements and exports, and "what is near"."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.circles import exports, services
from baimi.circles.forms import PlacementForm
from baimi.circles.mapdata import community_map
from baimi.circles.models import CoverageRun, Placement, ProposedSite
from baimi.circles.nearest import nearest_services, route_to_nearest
from baimi.circles.placement import placement_create, site_adopt, site_make_service_point
from baimi.geo.coords import haversine_m
from baimi.places.models import Building, Division, Level, Staff


def _get_community_for_planner(request: HttpRequest, code: str) -> Division:
    """A community the user may plan: inside their area, and not as a resident (residents get the
    nearest-services page instead of the planning map)."""
    user = request.user
    assert isinstance(user, User)
    if user.is_resident:
        raise PermissionDenied
    community: Division | None = Division.objects.visible_to(user).filter(code=code, level=Level.COMMUNITY).first()
    if community is None:
        if Division.objects.filter(code=code).exists():
            audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request,
                         object_type="circles.map", code=code)
        raise Http404
    return community


@require_GET
@login_required
def map_page(request: HttpRequest, code: str) -> HttpResponse:
    community = _get_community_for_planner(request, code)
    placement = None
    if request.GET.get("placement", "").isdigit():
        placement = (Placement.objects.filter(community=community, pk=int(request.GET["placement"]))
                     .select_related("category").prefetch_related("sites__building", "sites__service_point").first())
    return render(request, "circles/map.html", {
        "placement": placement, "placement_form": PlacementForm(),
        "pending_run": CoverageRun.objects.unfinished().filter(community=community).order_by("-started_at").first(),
        "proposed_sites": [] if placement is None else [
            {"id": site.pk, "name": site.building.name, "lon": site.building.lon, "lat": site.building.lat,
             "households": site.newly_covered, "adopted": site.adopted} for site in placement.sites.all()],
        "community": community, "ancestors": community.ancestors(),
        "tile_url": settings.BAIMI_TILE_URL, "tile_crs": settings.BAIMI_TILE_CRS,
        "tile_attribution": settings.BAIMI_TILE_ATTRIBUTION,
        "can_run": request.user.permissions.edits_places,  # type: ignore[union-attr]
        "labels": {
            "walkways": _("Paths and streets"), "buildings": _("Buildings"), "circles": _("100 m circles"),
            "points": _("Service points"), "blind": _("Blind spots"), "links": _("Circles that join"),
            "gaps": _("Gaps"), "households": _("households"), "straight": _("straight line"),
            "walk": _("walking"), "nearest": _("nearest"), "none": _("none within reach"),
            "all": _("all four"), "group": _("Residents' group"), "no_run": _("No coverage computed yet."),
            "computed": _("Computed"), "gap": _("gap"), "parts": _("separate parts"),
            "demand": _("Where needs come from"), "needs": _("requests and orders"),
            "last_month": _("A month before"), "previous": _("The run before"), "pp": _("percentage points"),
        },
    })


@require_GET
@login_required
def map_data(request: HttpRequest, code: str) -> JsonResponse:
    community = _get_community_for_planner(request, code)
    crs = request.GET.get("crs", "WGS84")
    try:
        data = community_map(community, crs=crs)
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


@require_POST
@login_required
def run_now(request: HttpRequest, code: str) -> HttpResponse:
    community = _get_community_for_planner(request, code)
    if not request.user.permissions.edits_places:  # type: ignore[union-attr]
        raise PermissionDenied
    services.coverage_run_enqueue(community=community, user=request.user)
    return redirect("circles:map", code=community.code)


@require_GET
@login_required
def run_status(request: HttpRequest, code: str, run_id: int) -> HttpResponse:
    """The progress of a queued run, polled by the map page; when it has finished the page reloads."""
    community = _get_community_for_planner(request, code)
    run = CoverageRun.objects.filter(community=community, pk=run_id).first()
    if run is None:
        raise Http404
    response = render(request, "circles/_run_status.html", {"run": run, "community": community})
    if run.status in (CoverageRun.Status.DONE, CoverageRun.Status.FAILED) and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


def _require_editor(request: HttpRequest) -> None:
    if not request.user.permissions.edits_places:  # type: ignore[union-attr]
        raise PermissionDenied


@require_POST
@login_required
def placement_new(request: HttpRequest, code: str) -> HttpResponse:
    community = _get_community_for_planner(request, code)
    _require_editor(request)
    form = PlacementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("circles:map", code=community.code)
    try:
        placement = placement_create(community=community, user=request.user, **form.cleaned_data)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("circles:map", code=community.code)
    audit.record(action="placement", request=request, obj=placement, area_path=community.path)
    return redirect(f"{reverse('circles:map', args=[community.code])}?placement={placement.pk}")


def _get_site_for_editor(request: HttpRequest, code: str, site_id: int) -> ProposedSite:
    community = _get_community_for_planner(request, code)
    _require_editor(request)
    site: ProposedSite | None = ProposedSite.objects.select_related("placement", "building").filter(
        pk=site_id, placement__community=community).first()
    if site is None:
        raise Http404
    return site


@require_POST
@login_required
def site_adopt_view(request: HttpRequest, code: str, site_id: int) -> HttpResponse:
    site = _get_site_for_editor(request, code, site_id)
    site_adopt(site=site, adopted=request.POST.get("adopted") == "1")
    return redirect(f"{reverse('circles:map', args=[code])}?placement={site.placement_id}")


@require_POST
@login_required
def site_make_point_view(request: HttpRequest, code: str, site_id: int) -> HttpResponse:
    site = _get_site_for_editor(request, code, site_id)
    try:
        point = site_make_service_point(site=site)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        audit.record(action="create", request=request, obj=point, via="placement")
        messages.success(request, _("%(name)s is now a service point. Compute coverage again to see its effect.")
                         % {"name": point.name})
    return redirect(f"{reverse('circles:map', args=[code])}?placement={site.placement_id}")


@require_GET
@login_required
def export(request: HttpRequest, code: str, what: str) -> HttpResponse:
    community = _get_community_for_planner(request, code)
    data = community_map(community)
    stamp = (data["run"] or {}).get("finished_at", "")[:10] or "no-run"
    name = f"{community.code}-{what.replace('.', '-')}-{stamp}"
    audit.record(action="export", request=request, object_type=f"circles.{what}", area_path=community.path)
    if what == "coverage.csv":
        response = HttpResponse("\ufeff" + exports.coverage_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    body = exports.coverage_geojson(data) if what == "coverage.geojson" else exports.blind_spots_geojson(data)
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False}, content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{name}.geojson"'
    return response


def _community_of(user: User) -> Division | None:
    area = user.area
    if area is None:
        return None
    if area.level == Level.GROUP:
        return area.parent
    return area if area.level == Level.COMMUNITY else None


@require_GET
@login_required
def nearest(request: HttpRequest) -> HttpResponse:
    """The nearest services from the phone's position, a building picked from a list, or a typed
    address (searched among the community's buildings). Phones report WGS-84."""
    user = request.user
    assert isinstance(user, User)
    community = _community_of(user)
    if community is None:
        raise Http404
    buildings = Building.objects.filter(community=community).order_by("name")
    origin, error, label = None, "", ""
    if (building_id := request.GET.get("building", "")).isdigit():
        building = buildings.filter(pk=int(building_id)).first()
        if building:
            origin, label = (building.lon, building.lat), building.name
    elif query := request.GET.get("q", "").strip():
        building = buildings.filter(Q(name__contains=query) | Q(address__contains=query)).first()
        if building:
            origin, label = (building.lon, building.lat), building.name
        else:
            error = _("No building of %(community)s matches “%(q)s”.") % {"community": community.name, "q": query}
    elif "lon" in request.GET and "lat" in request.GET:
        try:
            lon, lat = float(request.GET["lon"]), float(request.GET["lat"])
        except ValueError:
            error = _("That position could not be read.")
        else:
            assert community.lon is not None and community.lat is not None
            if float(haversine_m(lon, lat, community.lon, community.lat)) > 3000:
                error = _("You seem to be far from %(community)s; pick a building instead.") % {
                    "community": community.name}
            else:
                origin, label = (lon, lat), _("your position")
    context = {"community": community, "buildings": buildings, "label": label, "error": error,
               "nearest": nearest_services(community, *origin) if origin else None,
               "staff": Staff.objects.visible_to(user).filter(active=True) if user.is_resident else None}
    return render(request, "circles/nearest.html", context)


@require_GET
@login_required
def route(request: HttpRequest, code: str) -> JsonResponse:
    """The walking route from a building to the nearest open point of a category, as GeoJSON."""
    community = _get_community_for_planner(request, code)
    building = Building.objects.filter(community=community, pk=request.GET.get("building", "") or 0).first() \
        if request.GET.get("building", "").isdigit() else None
    category = request.GET.get("category", "")
    if building is None or not category:
        return JsonResponse({"error": "building and category are required"}, status=400)
    found = route_to_nearest(community, building, category, crs=request.GET.get("crs", "WGS84"))
    if found is None:
        return JsonResponse({"type": "Feature", "geometry": None, "properties": {"reachable": False}})
    return JsonResponse(found, json_dumps_params={"ensure_ascii": False})
