"""Users with a role and an area, and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from baimi.accounts.roles import POLICY, Permissions, Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    area = models.ForeignKey(
        "places.Division", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users", help_text=_("Everything this user sees is inside this division."),
    )
    household = models.ForeignKey(
        "places.Household", verbose_name=_("household"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("For residents: their own household."),
    )
    display_name = models.CharField(_("name shown"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        super().clean()
        validate_user_area(self)

    @property
    def permissions(self) -> Permissions:
        return POLICY[self.role]

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.permissions.sees_everything

    @property
    def is_resident(self) -> bool:
        return self.role == Role.RESIDENT

    @property
    def scope_path(self) -> str | None:
        """The division path prefix this user is confined to; '' for all, None for nothing."""
        if self.sees_everything:
            return ""
        return self.area.path if self.area else None


class AuditEvent(models.Model):
    """Who did what to which record, when, and whether it was allowed.

    Append-only: rows are never updated or deleted by the application (``save`` refuses an update,
    ``delete`` refuses always); retention is ``BAIMI_AUDIT_RETENTION_DAYS`` (at least six months).
    """

    class Outcome(models.TextChoices):
        OK = "ok", _("allowed")
        DENIED = "denied", _("denied")
        FAILED = "failed", _("failed")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    area_path = models.CharField(_("area"), max_length=255, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


def validate_user_area(user: User) -> None:
    """A role's area must be a division of the level the role works at (a town officer: a town)."""
    from django.core.exceptions import ValidationError

    level = user.permissions.area_level
    if level is None:
        return
    if user.area is None:
        raise ValidationError({"area": _("This role needs an area.")})
    if user.area.level != level:
        raise ValidationError({"area": _("This role works at the level “%(level)s”.") % {"level": level}})
