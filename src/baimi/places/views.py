"""Pages over places and households. Every read goes through ``visible_to(user)``; a record outside
the user's area answers 404 (its existence is not confirmed) and is written to the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.places import summaries
from baimi.places.models import Division, Household, Level, ServiceCategory, ServicePoint


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _get_division_for_user(request: HttpRequest, code: str) -> Division:
    user = _user(request)
    division: Division | None = Division.objects.visible_to(user).filter(code=code).first()
    if division is None:
        if Division.objects.filter(code=code).exists():
            audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request,
                         object_type="places.Division", code=code)
        raise Http404
    return division


def _get_household_for_user(request: HttpRequest, pk: int) -> Household:
    user = _user(request)
    if not user.permissions.views_households and not user.is_resident:
        raise PermissionDenied
    household: Household | None = (
        Household.objects.visible_to(user).select_related("building", "group").filter(pk=pk).first())
    if household is None:
        other = Household.objects.filter(pk=pk).first()
        if other is not None:
            audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request, obj=other)
        raise Http404
    return household


@require_GET
@login_required
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = _get_division_for_user(request, code)
    context = {"area": area, "ancestors": area.ancestors()}
    if area.level == Level.COMMUNITY:
        context["circles"] = summaries.circle_statuses(area)
        context["circles_community"] = area
        context["categories"] = list(ServiceCategory.objects.all())
    elif area.level != Level.GROUP:
        context["children"] = summaries.child_figures(area)
    return render(request, "places/area_detail.html", context)


@require_GET
@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.permissions.views_households:
        raise PermissionDenied
    households = Household.objects.visible_to(user).select_related("group", "building")
    if query := request.GET.get("q", "").strip():
        households = households.filter(Q(address__contains=query) | Q(head_name__contains=query))
    if request.GET.get("flag") == "elderly_alone" and user.permissions.sees_flags:
        households = households.filter(elderly_alone=True)
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    audit.record(action="list", request=request, object_type="places.Household",
                 area_path=user.scope_path or "", page=page.number, query=query)
    return render(request, "places/household_list.html", {"page": page, "query": query})


@require_GET
@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _get_household_for_user(request, pk)
    audit.record(action="view", request=request, obj=household)
    return render(request, "places/household_detail.html", {"household": household})


@require_GET
@login_required
def service_point_list(request: HttpRequest) -> HttpResponse:
    points = ServicePoint.objects.visible_to(_user(request)).select_related("area").prefetch_related(
        "categories")
    return render(request, "places/service_point_list.html", {"points": points})
