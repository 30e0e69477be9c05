from __future__ import annotations

from django.urls import path

from baimi.circles import views

app_name = "circles"
urlpatterns = [
    path("<str:code>/map/", views.map_page, name="map"),
    path("<str:code>/map.json", views.map_data, name="map_data"),
    path("<str:code>/runs/", views.run_now, name="run"),
]
