"""Pre-aggregated figures: one number per division, month and metric.

The dashboard of a town, county or the prefecture reads only these rows (one indexed query), so its
speed does not depend on how many households, requests or cases lie below. They are refilled by the
periodic task and the ``aggregate_figures`` command (``baimi.dashboard.aggregate``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baimi.places.models import Division


class AreaMonthFigures(models.Model):
    division = models.ForeignKey(Division, verbose_name=_("area"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    metric = models.CharField(_("metric"), max_length=60)
    value = models.FloatField(_("value"))
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        constraints = [models.UniqueConstraint(fields=["division", "month", "metric"], name="one_figure_per_cell")]
        indexes = [models.Index(fields=["month", "division"], name="figures_month_division")]

    def __str__(self) -> str:
        return f"{self.division_id} {self.month:%Y-%m} {self.metric}={self.value:g}"
