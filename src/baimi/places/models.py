"""Where people live and where services are: the division tree down to the residents' group,
buildings, households, service points and the people who serve them.

Coordinates are stored as WGS-84 longitude/latitude in degrees; conversion from GCJ-02 or BD-09
happens at import (see ``baimi.places.importing``). Distances are never computed from these degrees
directly: ``baimi.geo`` projects them to metres first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from baimi.accounts.models import User


class Level(models.TextChoices):
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")
    COMMUNITY = "community", _("Community / village")
    GROUP = "group", _("Residents' group")


LEVEL_DEPTH = {level: depth for depth, level in enumerate(Level.values)}


class ScopedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """Rows that belong to a place in the division tree, filtered by that place's path.

    Each model names the foreign key (``scope_field``) that leads to its Division; a division's
    ``path`` is the chain of codes from the prefecture down, so "inside area A" is a prefix match.
    """

    scope_field: str = ""

    def in_area(self, area: Division) -> Self:
        prefix = f"{self.scope_field}__path" if self.scope_field else "path"
        return self.filter(**{f"{prefix}__startswith": area.path})

    def visible_to(self, user: User) -> Self:
        """What ``user`` may see: everything for the administrator and auditor, their own area
        otherwise, nothing without an area. Residents are narrowed further by the views."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self.all()
        if user.area is None:
            return self.none()
        if user.is_resident:
            return self.for_resident(user)
        return self.in_area(user.area)

    def for_resident(self, user: User) -> Self:
        """A resident sees what is public in their circle; models widen this where it applies."""
        return self.none()


class DivisionQuerySet(ScopedQuerySet):
    scope_field = ""

    def for_resident(self, user: User) -> DivisionQuerySet:
        assert user.area is not None
        return self.filter(pk__in=[user.area.pk, user.area.parent_id])

    def groups(self) -> DivisionQuerySet:
        return self.filter(level=Level.GROUP)

    def communities(self) -> DivisionQuerySet:
        return self.filter(level=Level.COMMUNITY)


class Division(models.Model):
    """One node of prefecture → county → town → community/village → residents' group.

    The first four levels carry the NBS 12-digit statistical codes; a residents' group (the circle's
    base point) extends its community's code with three digits. ``path`` is maintained on save.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    lon = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    radius_m = models.FloatField(
        _("circle radius (m)"), default=settings.BAIMI_CIRCLE_RADIUS_M,
        help_text=_("Only meaningful for residents' groups: the service circle around the base point."),
    )

    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path is a derived invariant of (parent, code), kept here so no caller can forget it.
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        super().save(*args, **kwargs)

    def contains(self, other: Division) -> bool:
        return other.path.startswith(self.path)

    @property
    def depth(self) -> int:
        return LEVEL_DEPTH[self.level]

    def ancestors(self) -> list[Division]:
        """From the top of the tree down to this division's parent, in one query."""
        codes = [c for c in self.path.split("/") if c][:-1]
        by_code = {d.code: d for d in Division.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]


class ServiceCategory(models.Model):
    """A kind of service a circle should offer. The article's four are seeded; more can be added."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=50)
    symbol = models.CharField(_("map symbol"), max_length=8, blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#1f6feb")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    required_in_circle = models.BooleanField(
        _("required in every circle"), default=True,
        help_text=_("Counted in coverage: every residents' group should reach it within its radius."),
    )

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class GroupScopedQuerySet(ScopedQuerySet):
    scope_field = "group"


class HouseholdQuerySet(GroupScopedQuerySet):
    def for_resident(self, user: User) -> HouseholdQuerySet:
        return self.filter(pk=user.household_id) if user.household_id else self.none()


class BuildingQuerySet(GroupScopedQuerySet):
    def for_resident(self, user: User) -> BuildingQuerySet:
        return self.filter(households__pk=user.household_id) if user.household_id else self.none()


class Building(models.Model):
    community = models.ForeignKey(
        Division, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        Division, verbose_name=_("residents' group"), on_delete=models.PROTECT, related_name="buildings"
    )
    ref = models.CharField(_("reference"), max_length=64, help_text=_("The id in the source data."))
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude (WGS-84)"))
    lat = models.FloatField(_("latitude (WGS-84)"))
    footprint = models.JSONField(
        _("footprint"), null=True, blank=True,
        help_text=_("Outer ring as [[lon, lat], …] in WGS-84, when known."),
    )
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)

    objects = BuildingQuerySet.as_manager()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["community_id", "ref"]
        constraints = [models.UniqueConstraint(fields=["community", "ref"], name="building_ref_unique")]

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    """A household: personal information. Phone and ID numbers are masked for roles that do not
    need them (``baimi.accounts.privacy``); every view of a household is audited."""

    community = models.ForeignKey(
        Division, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        Division, verbose_name=_("residents' group"), on_delete=models.PROTECT, related_name="households"
    )
    building = models.ForeignKey(
        Building, verbose_name=_("building"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="households",
    )
    ref = models.CharField(_("reference"), max_length=64)
    address = models.CharField(_("address"), max_length=200)
    size = models.PositiveSmallIntegerField(_("people"), default=1)
    head_name = models.CharField(_("head of household"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    lon = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    elderly_alone = models.BooleanField(_("elderly living alone"), default=False)
    disability = models.BooleanField(_("person with disability"), default=False)
    children = models.PositiveSmallIntegerField(_("children under 14"), default=0)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["community_id", "ref"]
        constraints = [models.UniqueConstraint(fields=["community", "ref"], name="household_ref_unique")]

    def __str__(self) -> str:
        return self.address

    @property
    def location(self) -> tuple[float, float] | None:
        """The household's own point, else its building's."""
        if self.lon is not None and self.lat is not None:
            return (self.lon, self.lat)
        if self.building is not None:
            return (self.building.lon, self.building.lat)
        return None

    @property
    def flags(self) -> list[str]:
        labels = []
        if self.elderly_alone:
            labels.append(str(_("elderly living alone")))
        if self.disability:
            labels.append(str(_("disability")))
        if self.children:
            labels.append(str(_("children")))
        return labels


class ServicePointQuerySet(ScopedQuerySet):
    scope_field = "area"

    def for_resident(self, user: User) -> ServicePointQuerySet:
        # Service points are public information for the resident's whole community.
        assert user.area is not None
        community = user.area.parent if user.area.level == Level.GROUP else user.area
        assert community is not None
        return self.in_area(community).filter(active=True)


class ServicePoint(models.Model):
    community = models.ForeignKey(
        Division, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        Division, verbose_name=_("serves"), on_delete=models.PROTECT, related_name="service_points",
        help_text=_("The residents' group or the community it belongs to."),
    )
    ref = models.CharField(_("reference"), max_length=64)
    name = models.CharField(_("name"), max_length=100)
    categories = models.ManyToManyField(ServiceCategory, verbose_name=_("categories"), related_name="points")
    lon = models.FloatField(_("longitude (WGS-84)"))
    lat = models.FloatField(_("latitude (WGS-84)"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=200, blank=True,
        help_text=_("OpenStreetMap syntax, e.g. “Mo-Fr 09:00-18:00; Sa 10:00-14:00”."),
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    active = models.BooleanField(_("open for service"), default=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["community_id", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["community", "ref"], name="service_point_ref_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CommunityQuerySet(ScopedQuerySet):
    scope_field = "community"


class Walkway(models.Model):
    """A street or footpath of the community, as drawn on the map and walked by the engine."""

    class Kind(models.TextChoices):
        FOOTWAY = "footway", _("footway")
        PATH = "path", _("path")
        STEPS = "steps", _("steps")
        PEDESTRIAN = "pedestrian", _("pedestrian street")
        RESIDENTIAL = "residential", _("residential street")
        SERVICE = "service", _("service road")
        TRACK = "track", _("track")

    community = models.ForeignKey(
        Division, verbose_name=_("community"), on_delete=models.CASCADE, related_name="walkways"
    )
    ref = models.CharField(_("reference"), max_length=64)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    coords = models.JSONField(_("line"), help_text=_("[[lon, lat], …] in WGS-84."))

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("walkway")
        verbose_name_plural = _("walkways")
        constraints = [models.UniqueConstraint(fields=["community", "ref"], name="walkway_ref_unique")]

    def __str__(self) -> str:
        return self.name or self.ref


class Skill(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=50)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class StaffQuerySet(ScopedQuerySet):
    scope_field = "home_base"

    def for_resident(self, user: User) -> StaffQuerySet:
        # The people who serve the resident's own circle, so they know whom to call.
        assert user.area is not None
        return self.filter(home_base=user.area, active=True)

    def on_duty(self, at: dt.datetime) -> StaffQuerySet:
        """Staff with a roster shift covering ``at`` (local time), overnight shifts included."""
        local = at.astimezone(dt.timezone(dt.timedelta(hours=8)))  # Asia/Shanghai has no DST
        now, weekday = local.time(), local.weekday()
        yesterday = (weekday - 1) % 7
        same_day = models.Q(shifts__weekday=weekday, shifts__starts__lte=now) & (
            models.Q(shifts__ends__gt=now) | models.Q(shifts__ends__lte=models.F("shifts__starts"))
        )
        overnight = models.Q(
            shifts__weekday=yesterday, shifts__ends__lte=models.F("shifts__starts"), shifts__ends__gt=now
        )
        return self.filter(active=True).filter(same_day | overnight).distinct()

    def with_skill(self, code: str) -> StaffQuerySet:
        return self.filter(skills__code=code)


class Staff(models.Model):
    """A person who serves in the circles: group leaders, community workers, the legal adviser,
    mediators, doctors and volunteers who answer calls."""

    class Role(models.TextChoices):
        GRID_WORKER = "grid_worker", _("grid worker / group leader")
        COMMUNITY_WORKER = "community_worker", _("community worker")
        LEGAL_ADVISER = "legal_adviser", _("legal adviser")
        MEDIATOR = "mediator", _("people's mediator")
        DOCTOR = "doctor", _("doctor")
        VOLUNTEER = "volunteer", _("volunteer")

    community = models.ForeignKey(
        Division, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    home_base = models.ForeignKey(
        Division, verbose_name=_("home base"), on_delete=models.PROTECT, related_name="staff",
        help_text=_("The residents' group (or community) the person serves from."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="staff",
    )
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    lon = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=1, help_text=_("How many requests the person can handle at once.")
    )
    active = models.BooleanField(_("active"), default=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["community_id", "name"]

    def __str__(self) -> str:
        return self.name


class DutyShift(models.Model):
    """One weekly roster slot; a shift whose end is not after its start runs past midnight."""

    staff = models.ForeignKey(Staff, verbose_name=_("staff member"), on_delete=models.CASCADE,
                              related_name="shifts")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=[(i, d) for i, d in enumerate(
            [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
             _("Sunday")])],
    )
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        ordering = ["staff_id", "weekday", "starts"]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"
