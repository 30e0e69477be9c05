"""Help requests: what a resident asked for, who was offered it, who came, how it was settled.

The clocks: a request must be acknowledged (a staff member accepts it) within the category's
``ack_minutes`` and someone must be there within ``arrival_minutes`` (10 by default: "十分钟就能找到
服务人员"). A request not handled in time climbs the ladder group → community → town → county, each
level with its own clock (``escalate_minutes``). Where it was finally settled is kept as the
"小事不出门，大事不出圈，矛盾不上交" figure: at home, in the circle, in the community, above.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baimi.places.models import Building, Division, Household, ScopedQuerySet, Skill, Staff

if TYPE_CHECKING:
    from baimi.accounts.models import User


def new_reference() -> str:
    """The public id (Open311's service_request_id): unguessable, short enough to read out on the phone."""
    return "H" + secrets.token_hex(6).upper()


class HelpCategory(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Also the Open311 service_code."))
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=50)
    description = models.CharField(_("description"), max_length=200, blank=True)
    skill = models.ForeignKey(Skill, verbose_name=_("skill needed"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    ack_minutes = models.PositiveSmallIntegerField(_("accept within (minutes)"), default=5)
    arrival_minutes = models.PositiveSmallIntegerField(_("be there within (minutes)"), default=10)
    escalate_minutes = models.PositiveSmallIntegerField(
        _("each level's clock (minutes)"), default=30,
        help_text=_("After an escalation, how long the next level has before it climbs again."))
    offer_seconds = models.PositiveSmallIntegerField(
        _("offer timeout (seconds)"), default=120,
        help_text=_("How long one staff member has to accept before the next is asked."))
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("help category")
        verbose_name_plural = _("help categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class Level(models.TextChoices):
    """The ladder a request climbs when it is not handled in time."""

    GROUP = "group", _("residents' group")
    COMMUNITY = "community", _("community")
    TOWN = "town", _("town")
    COUNTY = "county", _("county")


LADDER = [Level.GROUP, Level.COMMUNITY, Level.TOWN, Level.COUNTY]


class SettledLevel(models.TextChoices):
    HOME = "home", _("at home")
    CIRCLE = "circle", _("in the circle")
    COMMUNITY = "community", _("in the community")
    ABOVE = "above", _("above the community")


class HelpRequestQuerySet(ScopedQuerySet):
    scope_field = "group"

    def for_resident(self, user: User) -> Self:
        return self.filter(reporter=user)

    def open(self) -> Self:
        return self.exclude(status__in=HelpRequest.CLOSED_STATES)


class HelpRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("received")
        OFFERED = "offered", _("offered to a staff member")
        ACCEPTED = "accepted", _("accepted, on the way")
        ARRIVED = "arrived", _("staff on site")
        SETTLED = "settled", _("settled")
        CONFIRMED = "confirmed", _("confirmed by the resident")
        CANCELLED = "cancelled", _("cancelled")

    CLOSED_STATES = (Status.SETTLED, Status.CONFIRMED, Status.CANCELLED)

    class Channel(models.TextChoices):
        WEB = "web", _("the resident's phone or computer")
        PHONE = "phone", _("a phone call recorded by staff")
        OPEN311 = "open311", _("Open311 API")

    reference = models.CharField(_("reference"), max_length=16, unique=True, default=new_reference, editable=False)
    category = models.ForeignKey(HelpCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="requests")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    description = models.TextField(_("what is the matter"), max_length=4000)
    community = models.ForeignKey(Division, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Division, verbose_name=_("residents' group"), on_delete=models.PROTECT,
                              related_name="help_requests")
    building = models.ForeignKey(Building, verbose_name=_("building"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    household = models.ForeignKey(Household, verbose_name=_("household"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="help_requests")
    lon = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="help_requests")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    consent_noted = models.BooleanField(_("the resident agreed to have it recorded"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    photo = models.FileField(_("photo"), upload_to="help/%Y/%m/", null=True, blank=True)
    media_url = models.URLField(_("media URL"), blank=True)
    status_notes = models.CharField(_("status notes"), max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True, editable=False)

    assigned_to = models.ForeignKey(Staff, verbose_name=_("assigned to"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="help_requests")
    level = models.CharField(_("level responsible"), max_length=10, choices=Level.choices, default=Level.GROUP)
    level_due = models.DateTimeField(_("this level's clock runs out"), null=True, blank=True)
    ack_due = models.DateTimeField(_("accept by"))
    arrival_due = models.DateTimeField(_("be there by"))
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    settled_level = models.CharField(_("settled"), max_length=10, choices=SettledLevel.choices, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "ack_due"]), models.Index(fields=["community", "created_at"]),
            # who holds what now (services.full_staff, on every report): the few requests being handled,
            # not every request ever made
            models.Index(fields=["assigned_to"], condition=models.Q(status__in=["accepted", "arrived"]),
                         name="helprequest_holding_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:request", args=[self.reference])

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATES

    @property
    def reached_in_time(self) -> bool | None:
        """Was someone there within the arrival clock? None while nobody has arrived."""
        if self.arrived_at is None:
            return None
        return self.arrived_at <= self.arrival_due


class Offer(models.Model):
    """The request offered to one staff member, who may accept or decline before it times out."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("no answer in time")
        WITHDRAWN = "withdrawn", _("withdrawn")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="offers")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="help_offers")
    walk_m = models.FloatField(_("walking distance (m)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    offered_at = models.DateTimeField(_("offered"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["offered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "staff"], name="offer_once_per_staff")]
        # the pending offers (services.full_staff, on every report), not every offer ever made
        indexes = [models.Index(fields=["staff"], condition=models.Q(status="pending"), name="offer_pending_staff")]

    def __str__(self) -> str:
        return f"{self.request.reference} → {self.staff} ({self.status})"


EVENT_LABELS = {
    "received": _("received"), "offered": _("offered"), "accepted": _("accepted"), "declined": _("declined"),
    "offer_expired": _("no answer in time"), "nobody_free": _("nobody free yet"), "arrived": _("arrived"),
    "escalated": _("passed up to"), "settled": _("settled"), "confirmed": _("confirmed by the resident"),
    "reopened": _("reopened"),
}


class Event(models.Model):
    """The request's history: every change, who made it and when."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))

    @property
    def note_shown(self) -> str:
        """Notes that are codes (a level, a channel) in the reader's language."""
        if self.kind == "escalated" and self.note in Level.values:
            return str(Level(self.note).label)
        if self.kind == "received" and self.note in HelpRequest.Channel.values:
            return str(HelpRequest.Channel(self.note).label)
        return self.note
