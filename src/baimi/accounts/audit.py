"""Writing the audit log: one function, called by views, the admin, imports and login signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest

from baimi.accounts.models import AuditEvent, User


def _client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(
    *,
    action: str,
    outcome: str = AuditEvent.Outcome.OK,
    user: Any = None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    area_path: str = "",
    **detail: Any,
) -> AuditEvent:
    """Append one event. ``user`` defaults to the request's user; ``obj`` names the record."""
    if user is None and request is not None:
        user = request.user
    real_user = user if isinstance(user, User) else None
    if obj is not None and not area_path:
        area_path = _area_path_of(obj)
    return AuditEvent.objects.create(
        user=real_user,
        username=real_user.username if real_user else str(detail.pop("username", "")),
        action=action,
        object_type=obj._meta.label if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        area_path=area_path,
        outcome=outcome,
        ip=_client_ip(request),
        detail=detail,
    )


def _area_path_of(obj: models.Model) -> str:
    for field in ("group", "area", "home_base", "community"):
        division = getattr(obj, field, None)
        if division is not None and hasattr(division, "path"):
            return str(division.path)
    return str(getattr(obj, "path", ""))


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(action="login", user=user, request=request)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                     **kwargs: Any) -> None:
    record(action="login", outcome=AuditEvent.Outcome.FAILED, request=request, user=False,
           username=str(credentials.get("username", ""))[:150])
