from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "baimi.volunteers"
    verbose_name = _("Volunteer service")

    def demo_data(self, community: Any) -> None:
        """Teams, volunteers and a year of 逢8 activities with hours (see volunteers/demo.py)."""
        from baimi.volunteers.demo import create_demo_volunteers

        create_demo_volunteers(community)

    def clear_demo_data(self, community: Any) -> None:
        from baimi.volunteers.demo import clear_demo_volunteers

        clear_demo_volunteers(community)
