from __future__ import annotations

from django.urls import path, re_path

from baimi.circles import views

app_name = "circles"
urlpatterns = [
    path("nearest/", views.nearest, name="nearest"),
    path("<str:code>/map/", views.map_page, name="map"),
    path("<str:code>/map.json", views.map_data, name="map_data"),
    path("<str:code>/route.json", views.route, name="route"),
    path("<str:code>/runs/", views.run_now, name="run"),
    path("<str:code>/runs/<int:run_id>/", views.run_status, name="run_status"),
    re_path(r"^(?P<code>[^/]+)/export/(?P<what>coverage\.geojson|coverage\.csv|blind-spots\.geojson)$", views.export,
            name="export"),
    path("<str:code>/placements/", views.placement_new, name="placement_new"),
    path("<str:code>/sites/<int:site_id>/adopt/", views.site_adopt_view, name="site_adopt"),
    path("<str:code>/sites/<int:site_id>/make-point/", views.site_make_point_view, name="site_make_point"),
]
