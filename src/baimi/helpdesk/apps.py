from __future__ import annotations

from typing import Any

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

    def clear_demo_data(self, community: Any) -> None:
        """Before the demo community is built again: its help requests (they point at its groups)."""
        from baimi.helpdesk.models import HelpRequest

        HelpRequest.objects.filter(community=community).delete()

    def ready(self) -> None:
        # A roster saved in this process takes effect for the next request at once (dispatch caches it).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from baimi.helpdesk.dispatch import forget_rosters
        from baimi.places.models import DutyShift, Staff, Walkway

        for model in (Staff, DutyShift, Walkway):
            post_save.connect(forget_rosters, sender=model, dispatch_uid=f"helpdesk-roster-save-{model.__name__}")
            post_delete.connect(forget_rosters, sender=model, dispatch_uid=f"helpdesk-roster-del-{model.__name__}")
        m2m_changed.connect(forget_rosters, sender=Staff.skills.through, dispatch_uid="helpdesk-roster-skills")
        # Categories and groups are kept a few seconds per process on the report path (baimi.caching).
        from baimi.caching import forget_all
        from baimi.helpdesk.models import HelpCategory
        from baimi.places.models import Division

        for cached in (HelpCategory, Division):
            post_save.connect(forget_all, sender=cached, dispatch_uid=f"helpdesk-forget-{cached.__name__}")
            post_delete.connect(forget_all, sender=cached, dispatch_uid=f"helpdesk-forget-del-{cached.__name__}")
