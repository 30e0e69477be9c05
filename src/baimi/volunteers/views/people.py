"""Volunteers and teams."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from baimi.accounts import audit
from baimi.accounts.models import User
from baimi.places.models import Division, Level
from baimi.volunteers import access, ledger, services
from baimi.volunteers.forms import TeamForm, VolunteerForm
from baimi.volunteers.models import Activity, Occurrence, Team, Volunteer, community_of
from baimi.volunteers.proof import proof_pdf
from baimi.volunteers.views._common import _get_visible, _require_manager, _user


def _get_volunteer_for_user(request: HttpRequest, pk: int) -> Volunteer:
    user = _user(request)
    volunteer: Volunteer = _get_visible(request, Volunteer, pk)
    if volunteer.user_id != user.pk and not access.manages_volunteers(user):
        raise PermissionDenied
    return volunteer


def _get_team_for_manager(request: HttpRequest, pk: int) -> Team:
    team: Team = _get_visible(request, Team, pk)
    if not access.manages_team(_user(request), team):
        raise PermissionDenied
    return team


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    teams = Team.objects.visible_to(user).filter(active=True).select_related("area").annotate(
        size=Count("memberships"))
    context: dict[str, Any] = {"teams": teams, "me": access.own_volunteer(user),
                               "manages": access.manages_volunteers(user)}
    context.update(_index_extra(request, user))
    return render(request, "volunteers/index.html", context)


def _index_extra(request: HttpRequest, user: User) -> dict[str, Any]:
    upcoming = Occurrence.objects.visible_to(user).upcoming(timezone.now()).exclude(
        activity__status=Activity.Status.CANCELLED).select_related(
        "activity", "activity__type", "activity__team", "activity__campaign")[:20]
    return {"upcoming": upcoming}


@require_http_methods(["GET", "POST"])
@login_required
def join(request: HttpRequest) -> HttpResponse:
    """A resident registers themselves as a volunteer of their community."""
    user = _user(request)
    if not user.is_resident or user.area is None:
        raise PermissionDenied
    if (me := access.own_volunteer(user)) is not None:
        return redirect("volunteers:volunteer", me.pk)
    form = VolunteerForm(request.POST or None, initial={"real_name": user.display_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer = services.volunteer_register(
            registered_by=user, user=user, community=community_of(user.area),
            group=user.area if user.area.level == Level.GROUP else None, real_name=data["real_name"],
            kind=data["kind"], phone=data["phone"], id_number=data["id_number"], skills=data["skills"],
            available_weekdays=data["available_weekdays"], availability_note=data["availability_note"],
            show_name=data["show_name"])
        messages.success(request, _("Thank you: you are registered as a volunteer."))
        return redirect("volunteers:volunteer", volunteer.pk)
    return render(request, "volunteers/volunteer_form.html", {"form": form, "self_registration": True})


@require_GET
@login_required
def volunteer_list(request: HttpRequest) -> HttpResponse:
    user = _require_manager(request)
    volunteers = Volunteer.objects.visible_to(user).select_related("community", "group").prefetch_related(
        "skills")
    if query := request.GET.get("q", "").strip():
        volunteers = volunteers.filter(Q(real_name__contains=query))
    if skill := request.GET.get("skill", ""):
        volunteers = volunteers.filter(skills__code=skill)
    audit.record(action="list", request=request, object_type="volunteers.Volunteer",
                 area_path=user.scope_path or "", query=query)
    return render(request, "volunteers/volunteer_list.html", {"volunteers": volunteers[:500], "query": query})


@require_http_methods(["GET", "POST"])
@login_required
def volunteer_new(request: HttpRequest) -> HttpResponse:
    user = _require_manager(request)
    groups = Division.objects.visible_to(user).groups()
    form = VolunteerForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group: Division = data["group"]
        assert group.parent is not None
        volunteer = services.volunteer_register(
            registered_by=user, community=group.parent, group=group, real_name=data["real_name"],
            kind=data["kind"], phone=data["phone"], id_number=data["id_number"], skills=data["skills"],
            available_weekdays=data["available_weekdays"], availability_note=data["availability_note"],
            show_name=data["show_name"])
        messages.success(request, _("Volunteer registered."))
        return redirect("volunteers:volunteer", volunteer.pk)
    return render(request, "volunteers/volunteer_form.html", {"form": form})


@require_GET
@login_required
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _get_volunteer_for_user(request, pk)
    audit.record(action="view", request=request, obj=volunteer)
    context: dict[str, Any] = {"volunteer": volunteer, "teams": volunteer.teams.select_related("area")}
    context.update(_volunteer_extra(request, volunteer))
    return render(request, "volunteers/volunteer_detail.html", context)


def _volunteer_extra(request: HttpRequest, volunteer: Volunteer) -> dict[str, Any]:
    total = ledger.total_hours(volunteer)
    entries = volunteer.hours.select_related("occurrence__activity", "correction").order_by("-recorded_at", "-id")
    return {"total_hours": total, "stars": ledger.star_level(total),
            "stars_text": "★" * ledger.star_level(total), "to_next_star": ledger.hours_to_next_star(total),
            "entries": entries[:200], "star_hours": ledger.STAR_HOURS,
            "signups": volunteer.signups.active().select_related("occurrence__activity").order_by(
                "-occurrence__starts")[:50]}


@require_GET
@login_required
def proof(request: HttpRequest, pk: int) -> HttpResponse:
    """The proof of service as a PDF, free, for the volunteer or the staff of their area (Art. 19)."""
    volunteer = _get_volunteer_for_user(request, pk)
    event = audit.record(action="export", request=request, obj=volunteer, document="proof of service")
    pdf = proof_pdf(volunteer, serial=f"{volunteer.pk}-{event.pk}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="volunteer-proof-{volunteer.pk}.pdf"'
    return response


@require_GET
@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    team: Team = _get_visible(request, Team, pk)
    manages = access.manages_team(user, team)
    memberships = team.memberships.select_related("volunteer").order_by("-is_leader", "volunteer__real_name")
    context: dict[str, Any] = {"team": team, "memberships": memberships, "manages": manages}
    if manages:
        context["candidates"] = Volunteer.objects.visible_to(user).filter(active=True).exclude(
            teams=team).select_related("community")[:300]
        audit.record(action="view", request=request, obj=team, listed="members")  # real names shown
    context.update(_team_extra(request, team))
    return render(request, "volunteers/team_detail.html", context)


def _team_extra(request: HttpRequest, team: Team) -> dict[str, Any]:
    return {"activities": Activity.objects.visible_to(_user(request)).filter(team=team).select_related("type")}


@require_http_methods(["GET", "POST"])
@login_required
def team_new(request: HttpRequest) -> HttpResponse:
    user = _require_manager(request)
    areas = Division.objects.visible_to(user).filter(level__in=[Level.COMMUNITY, Level.TOWN])
    form = TeamForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        team = services.team_create(created_by=user, **form.cleaned_data)
        return redirect("volunteers:team", team.pk)
    return render(request, "volunteers/team_form.html", {"form": form})


@require_http_methods(["POST"])
@login_required
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = _get_team_for_manager(request, pk)
    volunteer = _get_visible(request, Volunteer, int(request.POST.get("volunteer", 0) or 0))
    try:
        services.team_add_member(added_by=_user(request), team=team, volunteer=volunteer,
                                 is_leader=request.POST.get("leader") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("volunteers:team", team.pk)


@require_GET
@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """Figures of the user's area: staff and officers, never residents (they are counts of people)."""
    import datetime as dt

    from baimi.volunteers.figures import figures_of
    from baimi.volunteers.models import HoursEntry

    user = _user(request)
    if user.is_resident:
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", "") or 0)
    except ValueError:
        year = 0
    if 2000 <= year <= today.year:
        since, until = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    else:
        year, since, until = 0, today - dt.timedelta(days=365), today
    result = figures_of(Volunteer.objects.visible_to(user),
                        HoursEntry.objects.filter(occurrence__activity__in=Activity.objects.visible_to(user)),
                        Occurrence.objects.visible_to(user), since=since, until=until)
    audit.record(action="list", request=request, object_type="volunteers.figures", area_path=user.scope_path or "")
    top = max((h for _, h in result.by_month), default=0) or 1
    return render(request, "volunteers/figures.html", {
        "f": result, "year": year, "years": range(today.year, today.year - 4, -1),
        "months": [(m, h, int(100 * h / top)) for m, h in result.by_month]})
