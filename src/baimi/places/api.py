"""Places over JSON: the same scoping, masking and audit as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.accounts.privacy import id_number_for, phone_for
from baimi.places import summaries
from baimi.places.models import Division, Household, ServicePoint

router = Router(tags=["places"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class ErrorOut(Schema):
    """Ninja's answer to a refused or missing record (``Http404``, ``PermissionDenied``)."""

    detail: str


class MeOut(Schema):
    username: str
    role: str
    area_code: str | None
    area_name: str | None


class DivisionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = Field(None, alias="parent.code")
    lon: float | None
    lat: float | None
    radius_m: float


class AreaFiguresOut(Schema):
    code: str
    name: str
    groups: int
    households: int
    people: int
    elderly_alone: int
    service_points: int


class AreaOut(Schema):
    division: DivisionOut
    children: list[AreaFiguresOut]


class HouseholdOut(Schema):
    id: int
    ref: str
    address: str
    group_code: str
    building_ref: str | None
    size: int
    head_name: str
    phone: str
    id_number: str
    flags: list[str] | None = Field(description="Sensitive; null for roles that may not see them")


class ServicePointOut(Schema):
    id: int
    ref: str
    name: str
    area_code: str
    categories: list[str]
    lon: float
    lat: float
    opening_hours: str
    contact_name: str
    contact_phone: str
    active: bool


class ServicePointPatch(Schema):
    opening_hours: str | None = Field(None, max_length=200)
    contact_name: str | None = Field(None, max_length=50)
    contact_phone: str | None = Field(None, max_length=20)
    active: bool | None = None


def _household_out(user: User, h: Household) -> dict[str, Any]:
    return {
        "id": h.pk, "ref": h.ref, "address": h.address, "group_code": h.group.code,
        "building_ref": h.building.ref if h.building else None, "size": h.size, "head_name": h.head_name,
        "phone": phone_for(user, h.phone), "id_number": id_number_for(user, h.id_number),
        "flags": h.flags if user.permissions.sees_flags else None,
    }


def _point_out(p: ServicePoint) -> dict[str, Any]:
    return {
        "id": p.pk, "ref": p.ref, "name": p.name, "area_code": p.area.code,
        "categories": [c.code for c in p.categories.all()], "lon": p.lon, "lat": p.lat,
        "opening_hours": p.opening_hours, "contact_name": p.contact_name, "contact_phone": p.contact_phone,
        "active": p.active,
    }


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    return {"username": user.username, "role": user.role, "area_code": user.area.code if user.area else None,
            "area_name": user.area.name if user.area else None}


@router.get("/areas/{code}", response={200: AreaOut, 404: ErrorOut})
def area(request: HttpRequest, code: str) -> dict[str, Any]:
    division = Division.objects.visible_to(_user(request)).select_related("parent").filter(code=code).first()
    if division is None:
        raise Http404
    children = [] if division.level == "group" else summaries.child_figures(division)
    return {"division": division, "children": [
        {"code": f.division.code, "name": f.division.name, "groups": f.groups, "households": f.households,
         "people": f.people, "elderly_alone": f.elderly_alone, "service_points": f.service_points}
        for f in children]}


@router.get("/households", response={200: list[HouseholdOut], 403: ErrorOut})
@paginate(PageNumberPagination, page_size=100)
def household_list(request: HttpRequest, q: str = "", group: str = "") -> list[dict[str, Any]]:
    user = _user(request)
    if not user.permissions.views_households and not user.is_resident:
        raise PermissionDenied
    households = Household.objects.visible_to(user).select_related("group", "building")
    if q:
        households = households.filter(Q(address__contains=q) | Q(head_name__contains=q))
    if group:
        households = households.filter(group__code=group)
    audit.record(action="list", request=request, object_type="places.Household", area_path=user.scope_path or "",
                 via="api", query=q)
    return [_household_out(user, h) for h in households]


@router.get("/households/{household_id}", response={200: HouseholdOut, 404: ErrorOut})
def household_detail(request: HttpRequest, household_id: int) -> dict[str, Any]:
    user = _user(request)
    household = Household.objects.visible_to(user).select_related("group", "building").filter(pk=household_id).first()
    if household is None:
        if other := Household.objects.filter(pk=household_id).first():
            audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request, obj=other, via="api")
        raise Http404
    audit.record(action="view", request=request, obj=household, via="api")
    return _household_out(user, household)


@router.get("/service-points", response=list[ServicePointOut])
def service_point_list(request: HttpRequest, category: str = "") -> list[dict[str, Any]]:
    points = ServicePoint.objects.visible_to(_user(request)).select_related("area").prefetch_related("categories")
    if category:
        points = points.filter(categories__code=category)
    return [_point_out(p) for p in points]


@router.patch("/service-points/{point_id}", response={200: ServicePointOut, 403: ErrorOut, 404: ErrorOut})
def service_point_update(request: HttpRequest, point_id: int, patch: ServicePointPatch) -> dict[str, Any]:
    user = _user(request)
    if not user.permissions.edits_places:
        raise PermissionDenied
    with transaction.atomic():
        point = ServicePoint.objects.visible_to(user).select_for_update().filter(pk=point_id).first()
        if point is None:
            raise Http404
        changes = patch.dict(exclude_unset=True)
        for name, value in changes.items():
            setattr(point, name, value)
        point.full_clean()
        point.save(update_fields=list(changes) or None)
        audit.record(action="change", request=request, obj=point, via="api", fields=sorted(changes))
    return _point_out(point)
