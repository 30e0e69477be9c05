"""The dashboard pages: an area's figures with drill-down, the monthly report, and the demand loop."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from baimi.accounts import audit
from baimi.accounts.models import User
from baimi.dashboard import charts, reports
from baimi.dashboard.access import get_area_for_reader, home_area, reads_dashboard, require_planner
from baimi.dashboard.demand import demand_placement_create, group_demand
from baimi.dashboard.figures import area_figures
from baimi.dashboard.sources import month_of, parse_month
from baimi.places.models import Division, Level, ServiceCategory


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _month(request: HttpRequest) -> dt.date:
    """The month asked for (?month=YYYY-MM), this month when absent or malformed."""
    return parse_month(request.GET.get("month", "")) or month_of(timezone.now())


def _crumbs(user: User, area: Division) -> list[Division]:
    """The way down from the user's own area to this one (never above what they may read)."""
    chain = [*area.ancestors(), area]
    if user.sees_everything or user.area is None:
        return chain
    return [d for d in chain if user.area.contains(d)]


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    area = home_area(user)
    if not reads_dashboard(user) or area is None:
        raise PermissionDenied
    return redirect("dashboard:area", area.code)


@require_GET
@login_required
def area_page(request: HttpRequest, code: str) -> HttpResponse:
    area = get_area_for_reader(request, code)
    month = _month(request)
    figures = area_figures(area, month)
    trends = []
    for trend in figures.trends():
        draw = charts.line_chart if trend.kind == "line" else charts.bar_chart
        trends.append((trend, draw(str(trend.indicator.label), trend.labels, trend.values)))
    return render(request, "dashboard/area.html", {
        "area": area, "month": month, "figures": figures, "crumbs": _crumbs(_user(request), area),
        "sections": figures.sections(), "columns": figures.table_columns(), "child_rows": figures.child_rows(),
        "trends": trends, "previous": (month - dt.timedelta(days=1)).replace(day=1),
        "next": (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1),
        "is_community": area.level == Level.COMMUNITY,
    })


@require_GET
@login_required
def report(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    area = get_area_for_reader(request, code)
    month = _month(request)
    figures = area_figures(area, month)
    audit.record(action="dashboard_report", request=request, obj=area, area_path=area.path,
                 month=f"{month:%Y-%m}", format=fmt)
    if fmt == "pdf":
        body, content_type = reports.report_pdf(figures), "application/pdf"
    else:
        body = reports.report_xlsx(figures)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="baimi-{area.code}-{month:%Y-%m}.{fmt}"'
    return response


@require_GET
@login_required
def demand(request: HttpRequest, code: str) -> HttpResponse:
    area = get_area_for_reader(request, code)
    if area.level != Level.COMMUNITY:
        raise PermissionDenied
    rows = group_demand(area)
    located = [r for r in rows if r.group.lon is not None and r.group.lat is not None]
    return render(request, "dashboard/demand.html", {
        "area": area, "rows": rows, "crumbs": _crumbs(_user(request), area), "map": _demand_map(located),
        "categories": ServiceCategory.objects.filter(required_in_circle=True),
        "may_plan": _user(request).is_superuser or _user(request).role in ("community_worker", "administrator"),
    })


def _demand_map(rows: list) -> list[dict[str, float | str | int]]:  # type: ignore[type-arg]
    """Group base points placed in a 300 × 220 box, north up, each with a circle sized by demand."""
    if not rows:
        return []
    lons = [r.group.lon for r in rows]
    lats = [r.group.lat for r in rows]
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.5, 1e-6)
    biggest = max(r.total for r in rows) or 1
    return [{"x": round(20 + 260 * (r.group.lon - min(lons)) / span, 1),
             "y": round(200 - 180 * (r.group.lat - min(lats)) / span * 1.5, 1),
             "r": round(4 + 16 * (r.total / biggest) ** 0.5, 1), "name": r.group.name, "total": r.total}
            for r in rows]


@require_POST
@login_required
def demand_placement(request: HttpRequest, code: str) -> HttpResponse:
    area = get_area_for_reader(request, code)
    require_planner(request, area)
    category = get_object_or_404(ServiceCategory, code=request.POST.get("category", ""), required_in_circle=True)
    try:
        sites = int(request.POST.get("sites", "1"))
    except ValueError:
        sites = -1
    if not 0 <= sites <= 20:
        messages.error(request, _("The number of new points must be between 0 and 20."))
        return redirect("dashboard:demand", area.code)
    placement = demand_placement_create(community=area, category=category, sites_wanted=sites, user=request.user)
    audit.record(action="demand_placement", request=request, obj=placement, area_path=area.path)
    messages.success(request, _("Placement weighted by demand done: %(n)s sites proposed.")
                     % {"n": placement.sites.count()})
    return redirect(reverse("circles:map", args=[area.code]) + f"?placement={placement.pk}")
