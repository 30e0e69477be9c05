"""Business actions of volunteer service: one keyword-only function per action, each atomic and
audited. Views, the admin, commands and the demo all call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baimi.accounts import audit
from baimi.places.models import Division, Level, ServicePoint, Skill
from baimi.volunteers import recurrence
from baimi.volunteers.models import (
    Activity,
    ActivityType,
    Campaign,
    CorrectionRequest,
    HoursEntry,
    Membership,
    Occurrence,
    Signup,
    Team,
    Volunteer,
)


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
    """Sign-ups of a cancelled date are released, so nobody waits for it."""
    occurrence.signups.exclude(status=Signup.Status.CANCELLED).update(status=Signup.Status.CANCELLED)


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


# --- sign-up and the waiting list ------------------------------------------------------------------

def _lock_occurrence(occurrence: Occurrence) -> Occurrence:
    """Every change to an occurrence's sign-ups first locks its row, so concurrent sign-ups and
    cancellations are serialised and never overfill it (PostgreSQL: SELECT … FOR UPDATE; SQLite
    serialises writers anyway)."""
    locked: Occurrence = Occurrence.objects.select_for_update().select_related("activity").get(pk=occurrence.pk)
    return locked


@transaction.atomic
def signup_create(*, occurrence: Occurrence, volunteer: Volunteer, by: Any = None) -> Signup:
    """Sign up for one date: confirmed while places remain (``activity.needed``), else on the
    waiting list in order of sign-up. Signing up again after cancelling rejoins at the back."""
    occurrence = _lock_occurrence(occurrence)
    activity = occurrence.activity
    if activity.status != Activity.Status.OPEN:
        raise ValidationError(_("This activity is not open for sign-up."))
    if occurrence.cancelled or occurrence.ends <= timezone.now():
        raise ValidationError(_("This date is cancelled or over."))
    if not volunteer.active:
        raise ValidationError(_("This volunteer is not active."))
    in_team = activity.team.memberships.filter(volunteer=volunteer).exists()
    if not (in_team or activity.area.contains(volunteer.community) or volunteer.community.contains(activity.area)):
        raise ValidationError(_("This activity is for volunteers of another area."))
    existing = Signup.objects.filter(occurrence=occurrence, volunteer=volunteer).first()
    if existing is not None and existing.status != Signup.Status.CANCELLED:
        return existing  # type: ignore[no-any-return]
    confirmed = occurrence.signups.filter(status=Signup.Status.CONFIRMED).count()
    status = Signup.Status.CONFIRMED if confirmed < activity.needed else Signup.Status.WAITING
    if existing is not None:
        existing.delete()  # rejoin at the back of the queue, as a new sign-up
    signup = Signup.objects.create(occurrence=occurrence, volunteer=volunteer, status=status)
    audit.record(action="create", user=by or volunteer.user, obj=signup, status=status)
    return signup


@transaction.atomic
def signup_cancel(*, signup: Signup, by: Any) -> Signup | None:
    """Withdraw (Art. 22: tell the organisers in time). A confirmed place goes to the first on the
    waiting list, who is returned."""
    _lock_occurrence(signup.occurrence)
    signup.refresh_from_db()
    if signup.checked_in_at is not None:
        raise ValidationError(_("Already checked in: ask the leader to correct the record instead."))
    was_confirmed = signup.status == Signup.Status.CONFIRMED
    signup.status = Signup.Status.CANCELLED
    signup.save(update_fields=["status"])
    audit.record(action="change", user=by, obj=signup, status="cancelled")
    if not was_confirmed:
        return None
    return _promote(signup.occurrence)


def _promote(occurrence: Occurrence) -> Signup | None:
    first = occurrence.signups.filter(status=Signup.Status.WAITING).order_by("signed_up_at", "id").first()
    if first is not None:
        first.status = Signup.Status.CONFIRMED
        first.save(update_fields=["status"])
        audit.record(action="change", obj=first, status="confirmed", promoted=True)
    return first


# --- attendance and hours ---------------------------------------------------------------------------

QUARTER = Decimal("0.25")
MAX_HOURS_PER_DATE = Decimal(16)


def hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Hours served, to the nearest quarter hour, never negative, at most 16 for one date."""
    seconds = max(0.0, (end - start).total_seconds())
    quarters = (Decimal(seconds) / Decimal(900)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(quarters * QUARTER, MAX_HOURS_PER_DATE)


def recorded_hours(signup: Signup) -> Decimal:
    total = signup.hours.aggregate(total=models.Sum("hours"))["total"]
    return Decimal(total or 0)


def _record_hours(*, signup: Signup, by: Any, source: str, correction: CorrectionRequest | None = None
                  ) -> HoursEntry | None:
    """Bring the ledger to the hours the attendance now gives, by appending the difference."""
    assert signup.checked_in_at is not None and signup.checked_out_at is not None
    delta = hours_between(signup.checked_in_at, signup.checked_out_at) - recorded_hours(signup)
    if delta == 0 and source != HoursEntry.Source.CORRECTION:
        return None
    user = by if getattr(by, "pk", None) else None
    return HoursEntry.objects.create(
        volunteer=signup.volunteer, signup=signup, occurrence=signup.occurrence, hours=delta, source=source,
        correction=correction, recorded_by=user, recorded_by_name=str(user) if user else "")


@transaction.atomic
def attendance_check_in(*, signup: Signup, by: Any, method: str, at: dt.datetime | None = None) -> Signup:
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status != Signup.Status.CONFIRMED:
        raise ValidationError(_("Only confirmed volunteers check in."))
    if signup.checked_in_at is not None:
        return signup
    signup.checked_in_at = at or timezone.now()
    signup.checked_in_by = by if getattr(by, "pk", None) else None
    signup.checked_in_method = method
    signup.save(update_fields=["checked_in_at", "checked_in_by", "checked_in_method"])
    audit.record(action="change", user=by, obj=signup, check_in=method)
    return signup


@transaction.atomic
def attendance_check_out(*, signup: Signup, by: Any, method: str, at: dt.datetime | None = None) -> Signup:
    """Check out and record the hours served in the ledger."""
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.checked_in_at is None:
        raise ValidationError(_("Check in first."))
    if signup.checked_out_at is not None:
        return signup
    when = at or timezone.now()
    if when < signup.checked_in_at:
        raise ValidationError(_("Check-out cannot be before check-in."))
    signup.checked_out_at = when
    signup.checked_out_by = by if getattr(by, "pk", None) else None
    signup.checked_out_method = method
    signup.save(update_fields=["checked_out_at", "checked_out_by", "checked_out_method"])
    _record_hours(signup=signup, by=by, source=HoursEntry.Source.ATTENDANCE)
    audit.record(action="change", user=by, obj=signup, check_out=method)
    return signup


@transaction.atomic
def attendance_scan(*, occurrence: Occurrence, volunteer: Volunteer, by: Any) -> tuple[Signup, str]:
    """A volunteer scanned the date's QR code: the first scan checks in (signing up a walk-in while
    places remain), the second checks out. Returns the sign-up and "in", "out", "done" or "waiting"."""
    signup = Signup.objects.filter(occurrence=occurrence, volunteer=volunteer).exclude(
        status=Signup.Status.CANCELLED).first()
    if signup is None:
        signup = signup_create(occurrence=occurrence, volunteer=volunteer, by=by)
    if signup.status == Signup.Status.WAITING:
        return signup, "waiting"
    if signup.checked_in_at is None:
        return attendance_check_in(signup=signup, by=by, method=Signup.Method.QR), "in"
    if signup.checked_out_at is None:
        return attendance_check_out(signup=signup, by=by, method=Signup.Method.QR), "out"
    return signup, "done"


# --- corrections ------------------------------------------------------------------------------------

@transaction.atomic
def correction_request(*, signup: Signup, claimed_in: dt.datetime, claimed_out: dt.datetime, reason: str,
                       by: Any) -> CorrectionRequest:
    if signup.status != Signup.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed sign-up can be corrected."))
    if claimed_out <= claimed_in:
        raise ValidationError(_("The time you left must be after the time you arrived."))
    if claimed_in > timezone.now():
        raise ValidationError(_("Corrections are for times that have passed."))
    if signup.corrections.filter(status=CorrectionRequest.Status.PENDING).exists():
        raise ValidationError(_("A correction for this date is already waiting for the leader."))
    correction = CorrectionRequest.objects.create(signup=signup, claimed_in=claimed_in, claimed_out=claimed_out,
                                                  reason=reason)
    audit.record(action="create", user=by, obj=correction)
    return correction


@transaction.atomic
def correction_decide(*, correction: CorrectionRequest, approve: bool, by: Any, note: str = "") -> CorrectionRequest:
    """The leader approves (the times are corrected and the ledger gets the difference, traced to
    this request and to the leader) or refuses (nothing changes but the request)."""
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionRequest.Status.PENDING:
        raise ValidationError(_("This correction has already been decided."))
    correction.status = CorrectionRequest.Status.APPROVED if approve else CorrectionRequest.Status.REFUSED
    correction.decided_by = by
    correction.decided_at = timezone.now()
    correction.decision_note = note
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        signup = Signup.objects.select_for_update().get(pk=correction.signup_id)
        signup.checked_in_at, signup.checked_out_at = correction.claimed_in, correction.claimed_out
        signup.checked_in_method = signup.checked_out_method = Signup.Method.CORRECTION
        signup.checked_in_by = signup.checked_out_by = by
        signup.save(update_fields=["checked_in_at", "checked_out_at", "checked_in_method", "checked_out_method",
                                   "checked_in_by", "checked_out_by"])
        _record_hours(signup=signup, by=by, source=HoursEntry.Source.CORRECTION, correction=correction)
    audit.record(action="change", user=by, obj=correction, status=correction.status)
    return correction
