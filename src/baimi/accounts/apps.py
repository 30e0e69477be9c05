from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "baimi.accounts"
    verbose_name = _("Accounts and audit")

    def ready(self) -> None:
        from baimi.accounts import audit  # noqa: F401  (connects the login signal receivers)
