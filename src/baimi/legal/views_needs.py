"""法律诉求收集 and the legal-publicity figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.accounts.roles import Role
from baimi.legal import services
from baimi.legal.figures import legal_figures
from baimi.legal.forms import NeedForm, RouteForm
from baimi.legal.models import LegalNeed, Topic
from baimi.legal.services import community_of

# Like consultations, a need is someone's own trouble: the resident, the adviser, the community office.
NEED_READERS = frozenset({Role.RESIDENT, Role.LEGAL_ADVISER, Role.COMMUNITY_WORKER, Role.ADMINISTRATOR})


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "POST"])
@login_required
def needs(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role not in NEED_READERS:
        raise PermissionDenied
    form = NeedForm(request.POST or None) if user.is_resident and community_of(user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.need_leave(resident=user, kind=form.cleaned_data["kind"],
                                description=form.cleaned_data["description"])
            messages.success(request, _("Thank you: the legal adviser will take it up."))
            return redirect("legal:needs")
    rows = LegalNeed.objects.visible_to(user).select_related("group", "resident", "topic")
    context: dict[str, object] = {"needs": rows, "form": form, "can_route": user.role == Role.LEGAL_ADVISER}
    if context["can_route"]:
        # The choices are rendered once per row: fetch them once, not once per row.
        context |= {"routes": RouteForm.base_fields["route"].choices, "topics": list(Topic.objects.all())}  # type: ignore[attr-defined]
    return render(request, "legal/needs.html", context)


@require_POST
@login_required
def need_route(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if user.role != Role.LEGAL_ADVISER:
        raise PermissionDenied
    need: LegalNeed | None = LegalNeed.objects.visible_to(user).filter(pk=pk, route=LegalNeed.Route.OPEN).first()
    if need is None:
        other = LegalNeed.objects.filter(pk=pk).first()
        if other is not None and not LegalNeed.objects.visible_to(user).filter(pk=pk).exists():
            audit.record(action="change", outcome=AuditEvent.Outcome.DENIED, request=request, obj=other)
        raise Http404
    form = RouteForm(request.POST)
    if form.is_valid():
        services.need_route(need=need, adviser=user, route=form.cleaned_data["route"], topic=form.cleaned_data["topic"])
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("legal:needs")


@require_GET
@login_required
def figures(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_resident:
        raise PermissionDenied
    return render(request, "legal/figures.html", {"figures": legal_figures(user)})
