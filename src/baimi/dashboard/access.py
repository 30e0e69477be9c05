"""Who reads which dashboard: community workers, grid workers and the town, county and prefecture
officers, each for their own area and below; the administrator and auditor everywhere."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from baimi.accounts.models import User
from baimi.accounts.roles import OFFICER_ROLES, Role
from baimi.places.models import Division, Level

READERS = frozenset({Role.GRID_WORKER, Role.COMMUNITY_WORKER, *OFFICER_ROLES, Role.ADMINISTRATOR, Role.AUDITOR})
# Running a placement changes the community's plan proposals: the people who run the circle.
PLANNERS = frozenset({Role.COMMUNITY_WORKER, Role.ADMINISTRATOR})


def reads_dashboard(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in READERS)


def home_area(user: User) -> Division | None:
    if user.area is not None:
        return user.area
    if user.sees_everything:
        return Division.objects.filter(level=Level.PREFECTURE).order_by("code").first()
    return None


def get_area_for_reader(request: HttpRequest, code: str) -> Division:
    """The division ``code`` if the user may read its dashboard; 404 outside their area (the page
    does not tell whether another area exists), 403 for roles that have no dashboard."""
    user = request.user
    assert isinstance(user, User)
    if not reads_dashboard(user):
        raise PermissionDenied
    area = Division.objects.filter(code=code).first()
    if area is None or not (user.sees_everything or (user.area is not None and user.area.contains(area))):
        raise Http404
    assert isinstance(area, Division)
    return area


def require_planner(request: HttpRequest, area: Division) -> None:
    user = request.user
    assert isinstance(user, User)
    if not (user.is_superuser or user.role in PLANNERS) or area.level != Level.COMMUNITY:
        raise PermissionDenied
