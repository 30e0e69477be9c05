"""Who may do what in the volunteer app, one small function per rule (views turn ``False`` into
403 or 404). Area scoping itself is ``visible_to``; these rules apply inside what is visible."""

from __future__ import annotations

from typing import Any

from baimi.accounts.roles import Role
from baimi.volunteers.models import Membership, Team, Volunteer

MANAGER_ROLES = frozenset({Role.COMMUNITY_WORKER, Role.VOLUNTEER_LEADER, Role.ADMINISTRATOR})


def manages_volunteers(user: Any) -> bool:
    """Community workers, volunteer team leaders and the administrator run volunteer service:
    they register volunteers, see their (masked) contact details, and run teams of their area."""
    return bool(user.is_authenticated and (user.is_superuser or user.role in MANAGER_ROLES))


def leads_team(user: Any, team: Team) -> bool:
    """A volunteer named leader of this team, through their own login."""
    return Membership.objects.filter(team=team, is_leader=True, volunteer__user_id=user.pk).exists()


def manages_team(user: Any, team: Team) -> bool:
    if manages_volunteers(user) and (user.sees_everything or (user.area and user.area.contains(team.area))):
        return True
    return bool(user.is_authenticated and leads_team(user, team))


def own_volunteer(user: Any) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user_id=user.pk).first()
