from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from baimi.accounts.models import User
from baimi.notifications.models import Notification


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's own on-screen notifications; administrators also see deliveries that failed."""
    assert isinstance(request.user, User)
    mine = Notification.objects.filter(recipient=request.user, channel="onscreen")[:100]
    failed = Notification.objects.filter(status=Notification.Status.FAILED)[:50] \
        if request.user.role == "administrator" else []
    return render(request, "notifications/inbox.html", {"rows": mine, "failed": failed})


@require_POST
@login_required
def mark_read(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    Notification.objects.filter(recipient=request.user, channel="onscreen", read_at__isnull=True) \
        .update(read_at=timezone.now())
    return redirect("notifications:inbox")
