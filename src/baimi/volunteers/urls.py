from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from baimi.ratelimits import public_limited
from baimi.volunteers.views import activities, attendance, calendars, matching, people

app_name = "volunteers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", people.index, name="index"),
    path("join/", people.join, name="join"),
    path("figures/", people.figures, name="figures"),
    path("match/", matching.match, name="match"),
    path("people/", people.volunteer_list, name="volunteers"),
    path("people/new/", people.volunteer_new, name="volunteer_new"),
    path("people/<int:pk>/", people.volunteer_detail, name="volunteer"),
    path("people/<int:pk>/proof.pdf", people.proof, name="proof"),
    path("teams/new/", people.team_new, name="team_new"),
    path("teams/<int:pk>/", people.team_detail, name="team"),
    path("teams/<int:pk>/members/", people.team_member_add, name="team_member_add"),
    path("activities/new/", activities.activity_new, name="activity_new"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/open/", activities.activity_open, name="activity_open"),
    path("dates/<int:pk>/", activities.occurrence_detail, name="occurrence"),
    path("dates/<int:pk>/cancel/", activities.occurrence_cancel, name="occurrence_cancel"),
    path("dates/<int:pk>/signup/", attendance.signup_create, name="signup"),
    path("dates/<int:pk>/qr.svg", attendance.qr, name="qr"),
    path("signups/<int:pk>/cancel/", attendance.signup_cancel, name="signup_cancel"),
    path("signups/<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path("signups/<int:pk>/correction/", attendance.correction_new, name="correction_new"),
    path("corrections/<int:pk>/decide/", attendance.correction_decide, name="correction_decide"),
    path("scan/<str:token>/", attendance.scan, name="scan"),
    path("calendar/team/<str:key>.ics", public_limited(calendars.team_feed), name="team_feed"),
    path("calendar/me/<str:key>.ics", public_limited(calendars.volunteer_feed), name="volunteer_feed"),
    path("teams/<int:pk>/calendar/regenerate/", calendars.team_feed_regenerate, name="team_feed_regenerate"),
    path("people/<int:pk>/calendar/regenerate/", calendars.volunteer_feed_regenerate,
         name="volunteer_feed_regenerate"),
    path("campaigns/", activities.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", activities.campaign_detail, name="campaign"),
]
