from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "baimi.helpdesk"
    verbose_name = _("Help requests")

    def demo_data(self, community: object) -> None:
        """Four weeks of help requests in the demo community (helpdesk/demo.py)."""
        from baimi.helpdesk.demo import create_demo_requests
        from baimi.places.models import Division

        assert isinstance(community, Division)
        create_demo_requests(community)
