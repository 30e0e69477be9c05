from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "baimi.open311"
    verbose_name = _("Open311 API")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from baimi.caching import forget_all
        from baimi.open311.models import ApiKey

        # A key revoked or changed here is refused at once (the views remember keys for a few seconds).
        post_save.connect(forget_all, sender=ApiKey, dispatch_uid="open311-forget-keys-save")
        post_delete.connect(forget_all, sender=ApiKey, dispatch_uid="open311-forget-keys-delete")
