from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "baimi.dashboard"
    verbose_name = _("Dashboard")

    def demo_data(self, community: Any) -> None:
        """Figures for the last twelve months, from whatever the other apps' demo data holds. It runs
        last (INSTALLED_APPS order), so help requests, cases, activities and orders exist by then."""
        from baimi.dashboard.aggregate import aggregate_figures

        aggregate_figures(months=12)
