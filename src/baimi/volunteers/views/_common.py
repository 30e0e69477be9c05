"""Shared helpers of the volunteer pages. Views are thin: parse, check permission, call a service,
render. A record outside the user's area answers 404 and writes a ``denied`` audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.volunteers import access


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _require_manager(request: HttpRequest) -> User:
    user = _user(request)
    if not access.manages_volunteers(user):
        raise PermissionDenied
    return user


def _get_visible(request: HttpRequest, model: Any, pk: int) -> Any:
    """The record if the user may see it; else 404, with a ``denied`` audit event if it exists."""
    obj = model.objects.visible_to(_user(request)).filter(pk=pk).first()
    if obj is None:
        other = model.objects.filter(pk=pk).first()
        if other is not None:
            audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request, obj=other)
        raise Http404
    return obj
