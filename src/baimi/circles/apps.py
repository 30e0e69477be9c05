from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    name = "baimi.circles"
    verbose_name = _("Service circles")
