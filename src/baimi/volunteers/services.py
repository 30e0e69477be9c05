"""Business actions of volunteer service: one keyword-only function per action, each atomic and
audited. Views, the admin, commands and the demo all call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baimi.accounts import audit
from baimi.places.models import Division, Level, ServicePoint, Skill
from baimi.volunteers import recurrence
from baimi.volunteers.models import Activity, ActivityType, Campaign, Membership, Occurrence, Team, Volunteer


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


# --- activities ------------------------------------------------------------------------------------

@transaction.atomic
def activity_create(
    *, created_by: Any, team: Team, type: ActivityType, title: str, starts: dt.datetime,
    duration_minutes: int = 120, rrule: str = "", area: Division | None = None, campaign: Campaign | None = None,
    needed: int = 10, skills: Iterable[Skill] = (), risky: bool = False, risk_note: str = "",
    insurance_policy: str = "", description: str = "", service_point: ServicePoint | None = None,
    group: Division | None = None, lon: float | None = None, lat: float | None = None, place_note: str = "",
) -> Activity:
    """Create an activity (a draft) and generate its occurrences. ``rrule`` is any RFC 5545 rule;
    ``recurrence.FENG8`` is the 逢8 pattern. The start moves to the rule's first date."""
    area = area or team.area
    if not team.area.contains(area):
        raise ValidationError(_("The activity takes place outside the team's area."))
    for place in (group, service_point.area if service_point else None):
        if place is not None and not area.contains(place):
            raise ValidationError(_("The place is outside the activity's area."))
    rule = recurrence.normalize_rule(rrule)
    activity = Activity.objects.create(
        team=team, area=area, campaign=campaign, type=type, title=title, description=description,
        service_point=service_point, group=group, lon=lon, lat=lat, place_note=place_note, needed=needed,
        risky=risky, risk_note=risk_note, insurance_policy=insurance_policy,
        starts=recurrence.first_start(rule, starts), duration_minutes=duration_minutes, rrule=rule,
        created_by=created_by,
    )
    activity.skills.set(list(skills))
    activity_schedule(activity=activity)
    audit.record(action="create", user=created_by, obj=activity, rrule=rule)
    return activity


@transaction.atomic
def activity_schedule(*, activity: Activity, until: dt.datetime | None = None) -> int:
    """Generate the occurrences the rule gives up to ``until`` (default: the horizon from now) and
    mark exceptions cancelled. Idempotent; run again by the periodic tick to extend open series."""
    horizon = until or max(timezone.now(), activity.starts) + recurrence.HORIZON
    starts = recurrence.expand(starts=activity.starts, rule=activity.rrule, until=horizon)
    skipped = set(activity.exdates)
    existing = {o.starts: o for o in activity.occurrences.all()}
    length = dt.timedelta(minutes=activity.duration_minutes)
    new = [Occurrence(activity=activity, starts=s, ends=s + length, cancelled=recurrence.exdate_key(s) in skipped)
           for s in starts if s not in existing]
    Occurrence.objects.bulk_create(new)
    activity.occurrences.filter(cancelled=False, starts__in=[
        s for s, o in existing.items() if recurrence.exdate_key(s) in skipped]).update(cancelled=True)
    return len(new)


@transaction.atomic
def activity_open(*, activity: Activity, opened_by: Any) -> Activity:
    """Open for sign-up. An activity that may endanger volunteers needs accident insurance first
    (Regulation Art. 17)."""
    if activity.risky and not activity.insurance_policy.strip():
        raise ValidationError(_("This activity may endanger volunteers: record their accident insurance "
                                "before opening it (Art. 17)."))
    activity.status = Activity.Status.OPEN
    activity.save(update_fields=["status"])
    audit.record(action="change", user=opened_by, obj=activity, status="open")
    return activity


@transaction.atomic
def occurrence_cancel(*, occurrence: Occurrence, cancelled_by: Any) -> Occurrence:
    """Cancel one date of a series: an exception (EXDATE) in the rule, so calendars drop it too."""
    activity = Activity.objects.select_for_update().get(pk=occurrence.activity_id)
    key = recurrence.exdate_key(occurrence.starts)
    if key not in activity.exdates:
        activity.exdates = [*activity.exdates, key]
        activity.save(update_fields=["exdates"])
    occurrence.cancelled = True
    occurrence.save(update_fields=["cancelled"])
    _after_occurrence_cancelled(occurrence)
    audit.record(action="change", user=cancelled_by, obj=activity, cancelled=key)
    return occurrence


def _after_occurrence_cancelled(occurrence: Occurrence) -> None:
    """Sign-ups of a cancelled date are released (see the sign-up section)."""


@transaction.atomic
def campaign_create(*, created_by: Any, name: str, area: Division, starts_on: dt.date, ends_on: dt.date,
                    description: str = "") -> Campaign:
    if ends_on < starts_on:
        raise ValidationError(_("A campaign ends after it starts."))
    campaign = Campaign.objects.create(name=name, area=area, starts_on=starts_on, ends_on=ends_on,
                                       description=description)
    audit.record(action="create", user=created_by, obj=campaign)
    return campaign


def campaign_learn_from_lei_feng(*, created_by: Any, area: Division, year: int) -> Campaign:
    """The one-click themed month: March, 学雷锋月 (5 March is Learn from Lei Feng Day)."""
    return campaign_create(created_by=created_by, name=_("Learn from Lei Feng month %(year)s") % {"year": year},
                           area=area, starts_on=dt.date(year, 3, 1), ends_on=dt.date(year, 3, 31),
                           description=_("March: volunteer service in the spirit of Lei Feng."))
