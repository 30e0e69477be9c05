from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "baimi.legal"
    verbose_name = _("Legal publicity")

    def demo_data(self, community: object) -> None:
        """The statutes and the topic menu; they are the same for every community."""
        from baimi.legal.services import ensure_statutes_loaded

        ensure_statutes_loaded()
