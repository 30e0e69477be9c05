"""Who may see a case. Parties' personal information is for the case's mediators and the community's
mediation staff only (Art. 15 forbids leaks); every read of a case is written to the audit log, and a
refused one too."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.accounts.roles import Role
from baimi.mediation.models import Case, CaseQuerySet
from baimi.mediation.services import STAFF_ROLES

# Officers see the figures of their area, never a party's name.
FIGURES_ROLES = STAFF_ROLES | {Role.TOWN_OFFICER, Role.COUNTY_OFFICER, Role.PREFECTURE_OFFICER,
                               Role.ADMINISTRATOR, Role.AUDITOR}


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def is_mediation_staff(user: Any) -> bool:
    """Staff of a community's mediation work. Not the administrator: the parties' details are for the
    mediators and the community's mediation staff only (Art. 15); the administrator gets the figures."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.role in STAFF_ROLES and user.area is not None and user.area.level == "community")


def may_see_figures(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or user.role in FIGURES_ROLES))


def cases_for(user: User) -> CaseQuerySet:
    """The cases whose parties ``user`` may see: their community's as staff, or those they mediate."""
    own = Q(assignments__mediator__user=user)
    if is_mediation_staff(user):
        assert user.area is not None
        return Case.objects.filter(Q(community=user.area) | own).distinct()
    return Case.objects.filter(own).distinct()


def get_case_for_user(request: HttpRequest, pk: int, *, action: str = "view") -> Case:
    """The case, its read logged; 404 (and a denied event) for anyone who may not see it."""
    user = user_of(request)
    case: Case | None = cases_for(user).select_related("community", "group").filter(pk=pk).first()
    if case is None:
        other = Case.objects.filter(pk=pk).first()
        if other is not None:
            audit.record(action=action, outcome=AuditEvent.Outcome.DENIED, request=request, obj=other)
        raise Http404
    audit.record(action=action, request=request, obj=case)
    return case


def require_staff(request: HttpRequest) -> User:
    user = user_of(request)
    if not is_mediation_staff(user):
        raise PermissionDenied
    return user
