from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "baimi.legal"
    verbose_name = _("Legal publicity")

    def demo_data(self, community: Any) -> None:
        """The statutes and topic menu, and the demo community's answers, lectures and needs."""
        from baimi.legal.demo import create_demo_legal

        create_demo_legal(community)

    def clear_demo_data(self, community: Any) -> None:
        """Before the demo community is built again: its legal activity (it points at its residents)."""
        from baimi.legal.models import CuratedAnswer, Exhibit, Lecture, LegalConsultation, LegalNeed, TopicOrder

        for model in (LegalNeed, LegalConsultation, TopicOrder, Lecture, CuratedAnswer, Exhibit):
            model.objects.filter(community=community).delete()
