"""Activities, their dates (occurrences) and themed campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baimi.accounts import audit
from baimi.places.models import Division, Level, ServicePoint
from baimi.volunteers import access, services
from baimi.volunteers.forms import ActivityForm, CampaignForm
from baimi.volunteers.models import Activity, ActivityType, Campaign, Occurrence, Team
from baimi.volunteers.views._common import _get_visible, _user


def managed_teams(user: Any) -> list[Team]:
    return [t for t in Team.objects.visible_to(user).filter(active=True).select_related("area")
            if access.manages_team(user, t)]


def _get_activity_for_manager(request: HttpRequest, pk: int) -> Activity:
    activity: Activity = _get_visible(request, Activity, pk)
    if not access.manages_team(_user(request), activity.team):
        raise PermissionDenied
    return activity


@require_http_methods(["GET", "POST"])
@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    teams = managed_teams(user)
    if not teams:
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None, initial={"campaign": request.GET.get("campaign")},
        teams=Team.objects.filter(pk__in=[t.pk for t in teams]), types=ActivityType.objects.all(),
        campaigns=Campaign.objects.visible_to(user), points=ServicePoint.objects.visible_to(user),
        groups=Division.objects.visible_to(user).groups())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for key in ("pattern", "rule", "until"):
            data.pop(key)
        try:
            activity = services.activity_create(created_by=user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("volunteers:activity", activity.pk)
    return render(request, "volunteers/activity_form.html", {"form": form})


@require_GET
@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    activity: Activity = _get_visible(request, Activity, pk)
    now = timezone.now()
    occurrences = activity.occurrences.filter(ends__gte=now - dt.timedelta(days=1))[:24]
    context: dict[str, Any] = {"activity": activity, "occurrences": occurrences,
                               "manages": access.manages_team(user, activity.team)}
    return render(request, "volunteers/activity_detail.html", context)


@require_POST
@login_required
def activity_open(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity_for_manager(request, pk)
    try:
        services.activity_open(activity=activity, opened_by=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("volunteers:activity", activity.pk)


@require_POST
@login_required
def occurrence_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence: Occurrence = _get_visible(request, Occurrence, pk)
    _get_activity_for_manager(request, occurrence.activity_id)
    services.occurrence_cancel(occurrence=occurrence, cancelled_by=_user(request))
    messages.success(request, _("That date is cancelled."))
    return redirect("volunteers:activity", occurrence.activity_id)


@require_http_methods(["GET", "POST"])
@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = Campaign.objects.visible_to(user).select_related("area")
    form = None
    if access.manages_volunteers(user):
        areas = Division.objects.visible_to(user).filter(level__in=[Level.COMMUNITY, Level.TOWN])
        form = CampaignForm(request.POST or None, areas=areas)
        if request.method == "POST":
            if request.POST.get("preset") == "leifeng":
                area = areas.filter(pk=request.POST.get("area")).first() or (
                    user.area if user.area in areas else None)
                if area is None:
                    raise PermissionDenied
                year = int(request.POST.get("year") or timezone.localdate().year)
                campaign = services.campaign_learn_from_lei_feng(created_by=user, area=area, year=year)
                return redirect("volunteers:campaign", campaign.pk)
            if form.is_valid():
                try:
                    campaign = services.campaign_create(created_by=user, **form.cleaned_data)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    return redirect("volunteers:campaign", campaign.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "volunteers/campaigns.html", {"campaigns": rows, "form": form,
                                                         "year": timezone.localdate().year})


@require_GET
@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign: Campaign = _get_visible(request, Campaign, pk)
    occurrences = Occurrence.objects.visible_to(user).filter(
        activity__campaign=campaign, starts__date__gte=campaign.starts_on, starts__date__lte=campaign.ends_on,
    ).select_related("activity", "activity__type")
    return render(request, "volunteers/campaign_detail.html", {
        "campaign": campaign, "occurrences": occurrences, "manages": access.manages_volunteers(user)})


@require_GET
@login_required
def occurrence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    occurrence: Occurrence = _get_visible(request, Occurrence, pk)
    context: dict[str, Any] = {"occurrence": occurrence, "activity": occurrence.activity,
                               "manages": access.manages_team(user, occurrence.activity.team)}
    context.update(occurrence_extra(request, occurrence, context["manages"]))
    if context["manages"]:
        # the sign-up list names volunteers (real names, Art. 20): a read of personal information
        audit.record(action="view", request=request, obj=occurrence, listed="signups")
    return render(request, "volunteers/occurrence_detail.html", context)


def occurrence_extra(request: HttpRequest, occurrence: Occurrence, manages: bool) -> dict[str, Any]:
    from baimi.volunteers.views.attendance import occurrence_context

    return occurrence_context(request, occurrence, manages)
