"""Volunteers, their teams, activities (one-off or recurring), sign-ups, attendance and the hours
ledger of the volunteer-service circle (志愿服务圈), under the Volunteer Service Regulations
(志愿服务条例, State Council Order 685).

Volunteers' personal information (real name, phone, ID number) is visible only inside the area of
the people who run volunteer service, masked by role (Art. 20); residents see their own record.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baimi.places.models import Division, Level, ScopedQuerySet, Skill

if TYPE_CHECKING:
    from baimi.accounts.models import User


def new_feed_key() -> str:
    """A random key in calendar-feed URLs: calendar clients cannot log in, so the URL is the secret."""
    import secrets

    return secrets.token_urlsafe(18)


def _ancestor_paths(path: str) -> list[str]:
    """'a/b/c/' → ['a/', 'a/b/', 'a/b/c/']: the paths of a division and all above it."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def community_of(area: Division) -> Division:
    """The community a user's area belongs to (a resident's area is their residents' group)."""
    if area.level == Level.GROUP and area.parent is not None:
        return area.parent
    return area


class VolunteerQuerySet(ScopedQuerySet):
    scope_field = "community"

    def for_resident(self, user: User) -> Self:
        # A resident sees only their own volunteer record, never their neighbours'.
        return self.filter(user=user)


class Volunteer(models.Model):
    """A registered volunteer (Art. 6–7): real name, kind, skills and when they can serve."""

    class Kind(models.TextChoices):
        PARTY_MEMBER = "party_member", _("in-service Party member")
        LEAGUE_MEMBER = "league_member", _("Youth League member")
        CADRE = "cadre", _("community cadre")
        RESIDENT = "resident", _("resident")

    community = models.ForeignKey(
        Division, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"level": Level.COMMUNITY},
    )
    group = models.ForeignKey(
        Division, verbose_name=_("residents' group"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", limit_choices_to={"level": Level.GROUP},
        help_text=_("Where the volunteer lives; used to suggest nearby volunteers."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="volunteer",
    )
    real_name = models.CharField(_("real name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    kind = models.CharField(_("kind of volunteer"), max_length=20, choices=Kind.choices, default=Kind.RESIDENT)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="+")
    available_weekdays = models.JSONField(
        _("available weekdays"), default=list, blank=True, help_text=_("0 = Monday … 6 = Sunday."))
    availability_note = models.CharField(_("availability"), max_length=200, blank=True)
    show_name = models.BooleanField(
        _("name may be shown publicly"), default=False,
        help_text=_("Without the volunteer's consent their name is never published (Art. 20)."))
    active = models.BooleanField(_("active"), default=True)
    feed_key = models.CharField(_("calendar key"), max_length=32, default=new_feed_key, editable=False,
                                unique=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["community_id", "real_name", "id"]

    def __str__(self) -> str:
        return self.real_name

    @property
    def public_name(self) -> str:
        """What others may read: the full name only with consent, else the surname and a mask."""
        if self.show_name or not self.real_name:
            return self.real_name
        return self.real_name[0] + "*" * max(1, len(self.real_name) - 1)


class UpwardScopedQuerySet(ScopedQuerySet):
    """Rows of the user's area, plus rows of the divisions above it: a town's team, campaign or
    activity spans its communities and is visible to each of them. Residents see their community's."""

    scope_field = "area"

    def visible_to(self, user: User) -> Self:
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self.all()
        if user.area is None:
            return self.none()
        area = community_of(user.area) if user.is_resident else user.area
        return self.filter(
            models.Q(area__path__startswith=area.path) | models.Q(area__path__in=_ancestor_paths(area.path)))


class TeamQuerySet(UpwardScopedQuerySet):
    pass


class Team(models.Model):
    """A volunteer team of one community, or of a town across its communities."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        Division, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
        help_text=_("A community, or a town for a team across communities."),
    )
    description = models.TextField(_("description"), blank=True)
    members: models.ManyToManyField[Volunteer, Membership] = models.ManyToManyField(
        Volunteer, through="Membership", related_name="teams", verbose_name=_("members"))
    active = models.BooleanField(_("active"), default=True)
    feed_key = models.CharField(_("calendar key"), max_length=32, default=new_feed_key, editable=False,
                                unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["area_id", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE,
                                  related_name="memberships")
    is_leader = models.BooleanField(_("leader"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [models.UniqueConstraint(fields=["team", "volunteer"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.team} · {self.volunteer}"


def localized(zh: str, en: str) -> str:
    return en if (get_language() or "").startswith("en") else zh


class ActivityType(models.Model):
    """Kinds of activity (legal publicity, clean-up, …): reference data the administrator extends."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return localized(self.name_zh, self.name_en)


class CampaignQuerySet(UpwardScopedQuerySet):
    pass


class Campaign(models.Model):
    """A themed campaign (e.g. March, 学雷锋月) that groups activities over a period."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(Division, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    description = models.TextField(_("description"), blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(UpwardScopedQuerySet):
    def visible_to(self, user: User) -> Self:
        rows = super().visible_to(user)
        # Residents see activities once they are open for sign-up, never drafts.
        if user.is_authenticated and user.is_resident:
            rows = rows.exclude(status=Activity.Status.DRAFT)
        return rows


class Activity(models.Model):
    """A volunteer activity: one-off, or a series under an RFC 5545 rule (e.g. 逢8) with exceptions.

    The rule and exceptions are the source of truth (they go into the iCalendar feeds as RRULE and
    EXDATE); concrete ``Occurrence`` rows are generated from them for sign-up and attendance.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for sign-up")
        CANCELLED = "cancelled", _("cancelled")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="activities")
    area = models.ForeignKey(Division, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("Where it takes place: the team's community, or one of its communities."))
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="activities")
    type = models.ForeignKey(ActivityType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    service_point = models.ForeignKey("places.ServicePoint", verbose_name=_("service point"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    group = models.ForeignKey(Division, verbose_name=_("residents' group"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    lon = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    place_note = models.CharField(_("place"), max_length=200, blank=True)
    needed = models.PositiveSmallIntegerField(_("volunteers needed"), default=10)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills needed"), blank=True, related_name="+")
    risky = models.BooleanField(_("may endanger volunteers"), default=False,
                                help_text=_("Then accident insurance is required before it opens (Art. 17)."))
    risk_note = models.CharField(_("risks"), max_length=300, blank=True,
                                 help_text=_("Told to volunteers when they sign up (Art. 12)."))
    insurance_policy = models.CharField(_("accident insurance policy"), max_length=100, blank=True)
    starts = models.DateTimeField(_("starts"), help_text=_("The first (or only) time."))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    rrule = models.CharField(_("recurrence rule"), max_length=300, blank=True,
                             help_text=_("RFC 5545, e.g. FREQ=MONTHLY;BYMONTHDAY=8,18,28"))
    exdates = models.JSONField(_("exceptions"), default=list, blank=True,
                               help_text=_("Start times (local, ISO) of occurrences that do not take place."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def place_label(self) -> str:
        parts = [p for p in (self.service_point.name if self.service_point else "",
                             self.group.name if self.group else "", self.place_note) if p]
        return " · ".join(parts)


class OccurrenceQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def visible_to(self, user: User) -> Self:
        return self.filter(activity__in=Activity.objects.visible_to(user))

    def upcoming(self, now: dt.datetime) -> Self:
        return self.filter(ends__gte=now, cancelled=False)


class Occurrence(models.Model):
    """One dated instance of an activity, generated from its rule: what volunteers sign up for."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="occurrences")
    starts = models.DateTimeField(_("starts"), db_index=True)
    ends = models.DateTimeField(_("ends"))
    cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["starts", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "starts"], name="occurrence_unique")]

    def __str__(self) -> str:
        from django.utils import timezone

        return f"{self.activity} {timezone.localtime(self.starts):%Y-%m-%d %H:%M}"


class SignupQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def visible_to(self, user: User) -> Self:
        """Managers see the sign-ups of their area's activities; a volunteer sees their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_resident:
            return self.filter(volunteer__user=user)
        return self.filter(occurrence__activity__in=Activity.objects.visible_to(user))

    def active(self) -> Self:
        return self.exclude(status=Signup.Status.CANCELLED)


class Signup(models.Model):
    """A volunteer's place on one date: confirmed up to the number needed, then a waiting list;
    with the attendance (check-in and check-out, by QR code or by the leader) that gives the hours."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("waiting list")
        CANCELLED = "cancelled", _("cancelled")

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        LEADER = "leader", _("by the leader")
        CORRECTION = "correction", _("correction")

    occurrence = models.ForeignKey(Occurrence, verbose_name=_("date"), on_delete=models.PROTECT,
                                   related_name="signups")
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT,
                                  related_name="signups")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    signed_up_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_in_method = models.CharField(_("check-in by"), max_length=10, choices=Method.choices, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    checked_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked out by"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_out_method = models.CharField(_("check-out by"), max_length=10, choices=Method.choices, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["occurrence_id", "signed_up_at", "id"]
        constraints = [models.UniqueConstraint(fields=["occurrence", "volunteer"], name="signup_unique")]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.occurrence}"


class CorrectionRequest(models.Model):
    """A volunteer asks to correct their recorded times; the team's leader approves or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    signup = models.ForeignKey(Signup, verbose_name=_("sign-up"), on_delete=models.PROTECT,
                               related_name="corrections")
    claimed_in = models.DateTimeField(_("arrived"))
    claimed_out = models.DateTimeField(_("left"))
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.signup} ({self.get_status_display()})"


class HoursEntryQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def visible_to(self, user: User) -> Self:
        return self.filter(volunteer__in=Volunteer.objects.visible_to(user))


class HoursEntry(models.Model):
    """One line of the hours ledger (Regulation Art. 19): how many hours, for which date of which
    activity, from what (attendance or an approved correction), recorded by whom and when.
    Append-only: a correction is a new line with the difference, never an edit."""

    class Source(models.TextChoices):
        ATTENDANCE = "attendance", _("attendance")
        CORRECTION = "correction", _("approved correction")

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT,
                                  related_name="hours")
    signup = models.ForeignKey(Signup, verbose_name=_("sign-up"), on_delete=models.PROTECT, related_name="hours")
    occurrence = models.ForeignKey(Occurrence, verbose_name=_("date"), on_delete=models.PROTECT, related_name="+")
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    correction = models.ForeignKey(CorrectionRequest, verbose_name=_("correction"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(_("recorded by (name)"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = HoursEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours ledger")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.hours} h"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("the hours ledger is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("the hours ledger is append-only")
