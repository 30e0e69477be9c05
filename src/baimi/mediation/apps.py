"""Dispute mediation under the People's Mediation Law: committees, mediators, cases from first call
to performed agreement, the case file."""
from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "baimi.mediation"
    verbose_name = _("Dispute mediation")

    def demo_data(self, community: Any) -> None:
        """The committee, the article's water-leak case end to end, and a few other cases."""
        from baimi.mediation.demo import create_demo_mediation

        create_demo_mediation(community)
