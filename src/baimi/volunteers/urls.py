from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from baimi.volunteers import views

app_name = "volunteers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("join/", views.join, name="join"),
    path("people/", views.volunteer_list, name="volunteers"),
    path("people/new/", views.volunteer_new, name="volunteer_new"),
    path("people/<int:pk>/", views.volunteer_detail, name="volunteer"),
    path("teams/new/", views.team_new, name="team_new"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("teams/<int:pk>/members/", views.team_member_add, name="team_member_add"),
]
