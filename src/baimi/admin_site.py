"""The admin site opens to roles that edit places (community workers, the administrator) and to
the auditor, decided by role rather than by Django's ``is_staff`` flag, so no one has to remember
to tick it when creating a community worker."""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class BaimiAdminSite(AdminSite):
    site_header = _("Baimi administration")
    site_title = _("Baimi")
    index_title = _("Places, people and records of your area")

    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return bool(user.is_superuser or user.permissions.edits_places or user.permissions.reads_audit_log)


class BaimiAdminConfig(AdminConfig):
    default_site = "baimi.admin_site.BaimiAdminSite"
