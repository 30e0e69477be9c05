"""The helpdesk's pages. Residents report and follow their own requests; staff record phone calls,
answer offers and settle; everyone else sees the requests of their area (``visible_to``), with
contact phones masked by role and every opened request written to the audit log."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.accounts.privacy import phone_for
from baimi.accounts.roles import Role
from baimi.helpdesk import services
from baimi.helpdesk.forms import ConfirmForm, PhoneCallForm, ReopenForm, ReportForm, SettleForm
from baimi.helpdesk.models import HelpCategory, HelpRequest, Offer
from baimi.helpdesk.photos import check_photo
from baimi.places.models import Household

RECORDS_CALLS = (Role.GRID_WORKER, Role.COMMUNITY_WORKER, Role.LEGAL_ADVISER, Role.MEDIATOR)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _visible(user: User) -> Any:
    """Requests a user may open: their area's, their own, and those offered to or held by them."""
    from django.db.models import Q

    mine = Q(offers__staff__user=user) | Q(assigned_to__user=user) | Q(reporter=user)
    return HelpRequest.objects.filter(Q(pk__in=HelpRequest.objects.visible_to(user).values("pk")) | mine).distinct()


def _get(request: HttpRequest, reference: str) -> HelpRequest:
    user = _user(request)
    related = ("category", "group", "community", "assigned_to", "reporter")
    found: HelpRequest | None = _visible(user).select_related(*related).filter(reference=reference).first()
    if found is None:
        audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request,
                      object_type="helpdesk.HelpRequest", reference=reference)
        raise Http404
    return found


@require_GET
@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = _visible(user).select_related("category", "group", "assigned_to").order_by("-created_at")[:200]
    offers = Offer.objects.filter(staff__user=user, status=Offer.Status.PENDING).select_related("request__category")
    audit.record(action="list", request=request, object_type="helpdesk.HelpRequest", area_path=user.scope_path or "")
    return render(request, "helpdesk/list.html", {
        "rows": rows, "offers": offers, "can_record_calls": user.role in RECORDS_CALLS,
        "is_resident": user.is_resident,
    })


@require_http_methods(["GET", "POST"])
@login_required
def report(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.is_resident or user.household is None:
        raise PermissionDenied  # staff record calls instead (the call page), with the caller's consent
    form = ReportForm(request.POST or None, request.FILES or None, initial={"token": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photo = data.get("photo")
        problem = check_photo(photo) if photo else None
        help_request, created = services.submit_help_request(
            category=data["category"], description=data["description"], household=user.household,
            lon=data.get("lon"), lat=data.get("lat"), reporter=user, contact_name=user.display_name,
            contact_phone=user.phone, idempotency_key=f"form:{user.pk}:{data['token']}",
        )
        if created and photo and problem is None:
            help_request.photo.save(photo.name, photo, save=True)
        if problem:
            messages.warning(request, problem)
        if created:
            messages.success(request, _("Received. Your reference is %(ref)s; someone is being asked to come.")
                             % {"ref": help_request.reference})
        return redirect(help_request)
    return render(request, "helpdesk/report.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def phone_call(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role not in RECORDS_CALLS or user.area is None:
        raise PermissionDenied
    households = Household.objects.visible_to(user).order_by("ref")
    form = PhoneCallForm(request.POST or None, households=households, initial={"token": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = data.get("household")
        group = user.area if user.area.level == "group" else None
        if household is None and group is None:
            form.add_error("household", _("Choose the caller's household, so we know where to go."))
        else:
            help_request, _created = services.submit_help_request(
                category=data["category"], description=data["description"], household=household, group=group,
                contact_name=data["contact_name"], contact_phone=data["contact_phone"], recorded_by=user,
                consent_noted=True, channel=HelpRequest.Channel.PHONE,
                idempotency_key=f"call:{user.pk}:{data['token']}")
            return redirect(help_request)
    return render(request, "helpdesk/call.html", {"form": form})


@require_GET
@login_required
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    help_request = _get(request, reference)
    user = _user(request)
    audit.record(action="view", request=request, obj=help_request)
    return render(request, "helpdesk/detail.html", _detail_context(user, help_request))


def _detail_context(user: User, help_request: HelpRequest, **forms: Any) -> dict[str, Any]:
    my_offer = help_request.offers.filter(status=Offer.Status.PENDING, staff__user=user).first()
    holder = help_request.assigned_to is not None and help_request.assigned_to.user_id == user.pk
    manages = services._manages(user, help_request)
    is_reporter = help_request.reporter_id == user.pk
    return {
        "r": help_request,
        "phone": phone_for(user, help_request.contact_phone) if not is_reporter else help_request.contact_phone,
        "events": help_request.events.select_related("actor"),
        "offers": help_request.offers.select_related("staff") if not user.is_resident else [],
        "my_offer": my_offer,
        "can_arrive": help_request.status == HelpRequest.Status.ACCEPTED and (holder or manages),
        "settle_form": forms.get("settle") or (SettleForm(initial={
            "level": services.default_settled_level(help_request)}) if help_request.is_open and (holder or manages)
            else None),
        "confirm_form": forms.get("confirm") or (ConfirmForm() if is_reporter and
                                                  help_request.status == HelpRequest.Status.SETTLED else None),
        "reopen_form": forms.get("reopen") or (ReopenForm() if is_reporter and
                                                help_request.status == HelpRequest.Status.SETTLED else None),
        "can_mediate": manages and help_request.category.code == "neighbour_dispute",
        "volunteers_url": _volunteers_near(user, help_request),
    }


def _volunteers_near(user: User, help_request: HelpRequest) -> str | None:
    """For elderly care, the volunteer-matching page at the request's place (nearest free volunteers
    with the skill, by walking distance), for those who run volunteer service; None otherwise."""
    from baimi.volunteers.access import manages_volunteers

    if help_request.category.code != "elderly_care" or not manages_volunteers(user):
        return None
    if help_request.household is not None:
        where: dict[str, object] = {"household": help_request.household.ref}
    elif help_request.lon is not None and help_request.lat is not None:
        where = {"lon": help_request.lon, "lat": help_request.lat}
    else:
        return None
    return f"{reverse('volunteers:match')}?{urlencode({**where, 'skill': 'elderly_care'})}"


@require_POST
@login_required
def request_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    help_request = _get(request, reference)
    user = _user(request)
    try:
        if action == "accept":
            services.accept(help_request, by=user)
        elif action == "decline":
            services.decline(help_request, by=user)
        elif action == "arrive":
            services.arrive(help_request, by=user)
        elif action == "settle":
            form = SettleForm(request.POST)
            if not form.is_valid():
                return _again(request, user, help_request, settle=form)
            services.settle(help_request, by=user, notes=form.cleaned_data["notes"], level=form.cleaned_data["level"])
        elif action == "confirm":
            form2 = ConfirmForm(request.POST)
            if not form2.is_valid():
                return _again(request, user, help_request, confirm=form2)
            services.confirm(help_request, by=user, rating=form2.cleaned_data["rating"] or None,
                             feedback=form2.cleaned_data["feedback"])
        elif action == "reopen":
            form3 = ReopenForm(request.POST)
            if not form3.is_valid():
                return _again(request, user, help_request, reopen=form3)
            services.reopen(help_request, by=user, reason=form3.cleaned_data["reason"])
        elif action == "mediation":
            return _to_mediation(request, user, help_request)
        else:
            raise Http404
    except services.RequestRefused as refused:
        messages.error(request, str(refused))
        return _again(request, user, HelpRequest.objects.get(pk=help_request.pk), status=409)
    audit.record(action="change", request=request, obj=help_request, step=action)
    return redirect(help_request)


def _again(request: HttpRequest, user: User, help_request: HelpRequest, status: int = 400,
           **forms: Any) -> HttpResponse:
    return render(request, "helpdesk/detail.html", _detail_context(user, help_request, **forms), status=status)


def _to_mediation(request: HttpRequest, user: User, help_request: HelpRequest) -> HttpResponse:
    """A neighbours' dispute becomes a mediation case without typing it again."""
    if not services._manages(user, help_request) or help_request.category.code != "neighbour_dispute":
        raise PermissionDenied
    from baimi.mediation.services import open_case_from_help_request

    case = open_case_from_help_request(help_request, by=user)
    if help_request.is_open:
        services.settle(help_request, by=user, notes=_("Passed to the mediation committee as case %(n)s")
                        % {"n": case.number}, level="community")
    messages.success(request, _("Mediation case %(n)s opened from this request.") % {"n": case.number})
    return redirect("mediation:case", case.pk)


@require_GET
@login_required
def figures(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_resident or (user.area is None and not user.sees_everything):
        raise PermissionDenied
    rows = HelpRequest.objects.visible_to(user)
    return render(request, "helpdesk/figures.html", {
        "f": services.figures(rows), "categories": HelpCategory.objects.all(),
        "by_category": [(c, services.figures(rows.filter(category=c))) for c in HelpCategory.objects.all()],
    })
