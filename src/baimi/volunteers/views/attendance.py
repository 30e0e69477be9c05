"""Sign-up, the waiting list, check-in and check-out (QR code or the leader), corrections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baimi.volunteers import access, checkin, services
from baimi.volunteers.models import CorrectionRequest, Occurrence, Signup, Volunteer
from baimi.volunteers.views._common import _get_visible, _user


def _get_signup_for_manager(request: HttpRequest, pk: int) -> Signup:
    signup: Signup = _get_visible(request, Signup, pk)
    if not access.manages_team(_user(request), signup.occurrence.activity.team):
        raise PermissionDenied
    return signup


def _get_own_signup(request: HttpRequest, pk: int) -> Signup:
    signup: Signup = _get_visible(request, Signup, pk)
    if signup.volunteer.user_id != request.user.pk:
        raise PermissionDenied
    return signup


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def occurrence_context(request: HttpRequest, occurrence: Occurrence, manages: bool) -> dict[str, Any]:
    """What the date's page shows: to its managers the list, the waiting list, corrections and the
    QR code; to a volunteer their own place."""
    user = _user(request)
    me = access.own_volunteer(user)
    context: dict[str, Any] = {
        "me": me,
        "mine": occurrence.signups.active().filter(volunteer=me).first() if me else None,
        "confirmed_count": occurrence.signups.filter(status=Signup.Status.CONFIRMED).count(),
    }
    if context["mine"] is not None and context["mine"].status == Signup.Status.WAITING:
        context["position"] = occurrence.signups.filter(
            status=Signup.Status.WAITING, signed_up_at__lte=context["mine"].signed_up_at).count()
    if manages:
        signups = occurrence.signups.active().select_related("volunteer").order_by("status", "signed_up_at", "id")
        context["signups"] = signups
        context["corrections"] = CorrectionRequest.objects.filter(
            signup__occurrence=occurrence, status=CorrectionRequest.Status.PENDING).select_related("signup__volunteer")
        url = request.build_absolute_uri(reverse("volunteers:scan", args=[checkin.token_for(occurrence)]))
        context["scan_url"], context["qr"] = url, checkin.qr_svg(url)
    return context


@require_POST
@login_required
def signup_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign oneself up; a manager may sign up a volunteer of their area (``volunteer`` field)."""
    user = _user(request)
    occurrence: Occurrence = _get_visible(request, Occurrence, pk)
    if request.POST.get("volunteer"):
        if not access.manages_team(user, occurrence.activity.team):
            raise PermissionDenied
        volunteer: Volunteer | None = _get_visible(request, Volunteer, int(request.POST["volunteer"]))
    else:
        volunteer = access.own_volunteer(user)
    if volunteer is None:
        return redirect("volunteers:join")
    try:
        signup = services.signup_create(occurrence=occurrence, volunteer=volunteer, by=user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Signed up.") if signup.status == Signup.Status.CONFIRMED
                         else _("The places are taken: you are on the waiting list."))
    return redirect("volunteers:occurrence", occurrence.pk)


@require_POST
@login_required
def signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    signup: Signup = _get_visible(request, Signup, pk)
    if signup.volunteer.user_id != user.pk and not access.manages_team(user, signup.occurrence.activity.team):
        raise PermissionDenied
    try:
        services.signup_cancel(signup=signup, by=user)
    except ValidationError as error:
        _error(request, error)
    return redirect("volunteers:occurrence", signup.occurrence_id)


@require_POST
@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader checks a volunteer in or out from the list (no phone needed)."""
    signup = _get_signup_for_manager(request, pk)
    action = request.POST.get("action")
    try:
        if action == "in":
            services.attendance_check_in(signup=signup, by=_user(request), method=Signup.Method.LEADER)
        elif action == "out":
            services.attendance_check_out(signup=signup, by=_user(request), method=Signup.Method.LEADER)
        else:
            return HttpResponse(status=400)
    except ValidationError as error:
        _error(request, error)
    return redirect("volunteers:occurrence", signup.occurrence_id)


@require_http_methods(["GET", "POST"])
@login_required
def scan(request: HttpRequest, token: str) -> HttpResponse:
    """Where the QR code leads: a page with one button (a GET never changes anything)."""
    user = _user(request)
    occurrence, problem = checkin.occurrence_for(token)
    if occurrence is None:
        return render(request, "volunteers/scan.html", {"problem": problem}, status=404)
    volunteer = access.own_volunteer(user)
    context: dict[str, Any] = {"occurrence": occurrence, "problem": problem, "volunteer": volunteer}
    if request.method == "POST" and not problem and volunteer is not None:
        try:
            context["signup"], context["result"] = services.attendance_scan(
                occurrence=occurrence, volunteer=volunteer, by=user)
        except ValidationError as error:
            context["problem"] = " ".join(error.messages)
    return render(request, "volunteers/scan.html", context, status=403 if problem else 200)


@require_GET
@login_required
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence: Occurrence = _get_visible(request, Occurrence, pk)
    if not access.manages_team(_user(request), occurrence.activity.team):
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("volunteers:scan", args=[checkin.token_for(occurrence)]))
    return HttpResponse(checkin.qr_svg(url), content_type="image/svg+xml")


@require_POST
@login_required
def correction_new(request: HttpRequest, pk: int) -> HttpResponse:
    signup = _get_own_signup(request, pk)
    claimed_in = parse_datetime(request.POST.get("claimed_in", ""))
    claimed_out = parse_datetime(request.POST.get("claimed_out", ""))
    reason = request.POST.get("reason", "").strip()[:300]
    if claimed_in is None or claimed_out is None or not reason:
        messages.error(request, _("Give the time you arrived, the time you left and a reason."))
        return redirect("volunteers:occurrence", signup.occurrence_id)
    tz = timezone.get_current_timezone()
    claimed_in = claimed_in if timezone.is_aware(claimed_in) else timezone.make_aware(claimed_in, tz)
    claimed_out = claimed_out if timezone.is_aware(claimed_out) else timezone.make_aware(claimed_out, tz)
    try:
        services.correction_request(signup=signup, claimed_in=claimed_in, claimed_out=claimed_out, reason=reason,
                                    by=_user(request))
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Your correction has been sent to the leader."))
    return redirect("volunteers:occurrence", signup.occurrence_id)


@require_POST
@login_required
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    correction = CorrectionRequest.objects.filter(pk=pk).select_related("signup").first()
    if correction is None:
        raise Http404
    _get_signup_for_manager(request, correction.signup_id)  # 404 (audited) outside the area
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        return HttpResponse(status=400)
    try:
        services.correction_decide(correction=correction, approve=decision == "approve", by=_user(request),
                                   note=request.POST.get("note", "")[:300])
    except ValidationError as error:
        _error(request, error)
    return redirect("volunteers:occurrence", correction.signup.occurrence_id)
