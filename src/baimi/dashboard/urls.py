from __future__ import annotations

from django.urls import path, re_path

from baimi.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:code>/", views.area_page, name="area"),
    re_path(r"^(?P<code>[^/]+)/report\.(?P<fmt>pdf|xlsx)$", views.report, name="report"),
    path("<str:code>/demand/", views.demand, name="demand"),
    path("<str:code>/demand/placement/", views.demand_placement, name="demand_placement"),
]
