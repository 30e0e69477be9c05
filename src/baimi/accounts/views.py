from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from baimi.accounts.models import AuditEvent
from baimi.places import summaries


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return redirect("home" if request.user.is_authenticated else "login")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One home page, whose panels follow the user's role and area."""
    context = summaries.home_context(request.user)  # type: ignore[arg-type]
    return render(request, "accounts/home.html", context)


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.permissions.reads_audit_log and not request.user.is_superuser:  # type: ignore[union-attr]
        raise PermissionDenied
    events = AuditEvent.objects.select_related("user")
    if action := request.GET.get("action"):
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page})
