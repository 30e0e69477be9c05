"""Business actions of volunteer service: one keyword-only function per action, each atomic and
audited. Views, the admin, commands and the demo all call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baimi.accounts import audit
from baimi.places.models import Division, Level, Skill
from baimi.volunteers.models import Membership, Team, Volunteer


@transaction.atomic
def volunteer_register(
    *, registered_by: Any, community: Division, real_name: str, kind: str = Volunteer.Kind.RESIDENT,
    group: Division | None = None, user: Any = None, phone: str = "", id_number: str = "",
    skills: Iterable[Skill] = (), available_weekdays: Iterable[int] = (), availability_note: str = "",
    show_name: bool = False,
) -> Volunteer:
    """Register a volunteer by real name (Art. 7), by themselves (``user`` is ``registered_by``)
    or by staff. A login may hold only one volunteer record."""
    if community.level != Level.COMMUNITY:
        raise ValidationError(_("A volunteer registers with a community."))
    if group is not None and group.parent_id != community.pk:
        raise ValidationError(_("The residents' group is not in this community."))
    if not real_name.strip():
        raise ValidationError(_("A volunteer registers with their real name."))
    if user is not None and Volunteer.objects.filter(user=user).exists():
        raise ValidationError(_("This person is already registered as a volunteer."))
    volunteer = Volunteer.objects.create(
        community=community, group=group, user=user, real_name=real_name.strip(), kind=kind,
        phone=phone.strip(), id_number=id_number.strip().upper(),
        available_weekdays=sorted({int(d) for d in available_weekdays}),
        availability_note=availability_note, show_name=show_name, registered_by=registered_by,
    )
    volunteer.skills.set(list(skills))
    audit.record(action="create", user=registered_by, obj=volunteer,
                 self_registered=user is not None and user == registered_by)
    return volunteer


@transaction.atomic
def team_create(*, created_by: Any, name: str, area: Division, description: str = "") -> Team:
    if area.level not in (Level.COMMUNITY, Level.TOWN):
        raise ValidationError(_("A team belongs to a community, or to a town across communities."))
    team = Team.objects.create(name=name, area=area, description=description)
    audit.record(action="create", user=created_by, obj=team)
    return team


@transaction.atomic
def team_add_member(*, added_by: Any, team: Team, volunteer: Volunteer, is_leader: bool = False) -> Membership:
    if not team.area.contains(volunteer.community) and not volunteer.community.contains(team.area):
        raise ValidationError(_("The volunteer's community is outside the team's area."))
    membership, created = Membership.objects.get_or_create(
        team=team, volunteer=volunteer, defaults={"is_leader": is_leader})
    if not created and membership.is_leader != is_leader:
        membership.is_leader = is_leader
        membership.save(update_fields=["is_leader"])
    audit.record(action="change", user=added_by, obj=team, member=volunteer.pk, leader=is_leader)
    return membership
