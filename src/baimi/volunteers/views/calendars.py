"""Calendar feeds (no login: the key in the URL is the secret) and regenerating their links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from baimi.accounts import audit
from baimi.volunteers import access, feeds
from baimi.volunteers.models import Team, Volunteer, new_feed_key
from baimi.volunteers.views._common import _get_visible, _user


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def team_feed(request: HttpRequest, key: str) -> HttpResponse:
    team = Team.objects.filter(feed_key=key, active=True).first()
    if team is None:
        raise Http404
    return _ics(feeds.calendar_for(feeds.team_activities(team), name=team.name, host=request.get_host()),
                f"team-{team.pk}.ics")


@require_GET
def volunteer_feed(request: HttpRequest, key: str) -> HttpResponse:
    volunteer = Volunteer.objects.filter(feed_key=key, active=True).first()
    if volunteer is None:
        raise Http404
    # The calendar's name is neutral: a feed link may be shared, the volunteer's name must not leak.
    return _ics(feeds.calendar_for(feeds.volunteer_activities(volunteer), name=_("My volunteer service"),
                                   host=request.get_host()), f"volunteer-{volunteer.pk}.ics")


@require_POST
@login_required
def team_feed_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    team: Team = _get_visible(request, Team, pk)
    if not access.manages_team(_user(request), team):
        raise PermissionDenied
    team.feed_key = new_feed_key()
    team.save(update_fields=["feed_key"])
    audit.record(action="change", request=request, obj=team, feed_key="regenerated")
    messages.success(request, _("New calendar link made; the old one no longer works."))
    return redirect("volunteers:team", team.pk)


@require_POST
@login_required
def volunteer_feed_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    volunteer: Volunteer = _get_visible(request, Volunteer, pk)
    if volunteer.user_id != user.pk and not access.manages_volunteers(user):
        raise PermissionDenied
    volunteer.feed_key = new_feed_key()
    volunteer.save(update_fields=["feed_key"])
    audit.record(action="change", request=request, obj=volunteer, feed_key="regenerated")
    messages.success(request, _("New calendar link made; the old one no longer works."))
    return redirect("volunteers:volunteer", volunteer.pk)
