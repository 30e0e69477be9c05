from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "baimi.mediation"
    verbose_name = _("Dispute mediation")
