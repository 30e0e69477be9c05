"""Coverage runs: the circle engine's answer for one community at one moment, kept so that this
month can be compared with last month."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baimi.places.models import Building, Division, ScopedQuerySet, ServiceCategory, ServicePoint


class CoverageRunQuerySet(ScopedQuerySet):
    scope_field = "community"

    def latest_done(self, community: Division) -> CoverageRun | None:
        return self.filter(community=community, status=CoverageRun.Status.DONE).order_by("-finished_at").first()

    def unfinished(self) -> CoverageRunQuerySet:
        return self.filter(status__in=[CoverageRun.Status.QUEUED, CoverageRun.Status.RUNNING])


class CoverageRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    community = models.ForeignKey(Division, verbose_name=_("community"), on_delete=models.CASCADE,
                                  related_name="coverage_runs")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("error"), blank=True)
    params = models.JSONField(_("parameters"), default=dict)
    inputs = models.JSONField(_("inputs"), default=dict,
                              help_text=_("Counts and a fingerprint of the buildings, points and walkways used."))
    summary = models.JSONField(_("summary"), default=dict)
    seconds = models.FloatField(_("engine time (s)"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)

    objects = CoverageRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("coverage run")
        verbose_name_plural = _("coverage runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.community} {self.started_at:%Y-%m-%d %H:%M}"


class BuildingCoverage(models.Model):
    """How far one building is from the nearest open point of one category, straight and walking."""

    run = models.ForeignKey(CoverageRun, on_delete=models.CASCADE, related_name="buildings")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(ServiceCategory, on_delete=models.CASCADE, related_name="+")
    straight_m = models.FloatField(null=True, help_text=_("None: no open point of this category at all."))
    walk_m = models.FloatField(null=True, help_text=_("None: not reachable within the search cutoff."))
    nearest_straight = models.ForeignKey(ServicePoint, null=True, on_delete=models.SET_NULL, related_name="+")
    nearest_walk = models.ForeignKey(ServicePoint, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "building", "category"], name="one_result_per_cell")]

    def __str__(self) -> str:
        return f"{self.building_id}/{self.category_id}: {self.straight_m} m, walk {self.walk_m} m"


class PlacementQuerySet(ScopedQuerySet):
    scope_field = "community"


class Placement(models.Model):
    """Where new service points of one category would cover the most households: the engine's
    proposal, and which of its sites the community adopted into its plan."""

    class Model(models.TextChoices):
        LSCP = "lscp", _("fewest points that cover everyone coverable")
        MCLP = "mclp", _("best p points")

    class Measure(models.TextChoices):
        WALK = "walk", _("along paths")
        STRAIGHT = "straight", _("straight line")

    community = models.ForeignKey(Division, verbose_name=_("community"), on_delete=models.CASCADE,
                                  related_name="placements")
    category = models.ForeignKey(ServiceCategory, verbose_name=_("service"), on_delete=models.CASCADE,
                                 related_name="+")
    model = models.CharField(_("question"), max_length=4, choices=Model.choices)
    measure = models.CharField(_("distance"), max_length=8, choices=Measure.choices)
    sites_wanted = models.PositiveSmallIntegerField(_("new points (p)"), null=True, blank=True)
    weighted = models.BooleanField(_("weighted by households"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    result = models.JSONField(_("result"), default=dict)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.community} {self.category} {self.model} {self.created_at:%Y-%m-%d}"


class ProposedSite(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="sites")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    newly_covered = models.FloatField(_("households newly covered"))
    adopted = models.BooleanField(_("adopted into the plan"), default=False)
    service_point = models.ForeignKey(ServicePoint, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", help_text=_("Set once the site became a real point."))

    class Meta:
        ordering = ["-newly_covered", "id"]

    def __str__(self) -> str:
        return f"{self.building} (+{self.newly_covered:g})"
