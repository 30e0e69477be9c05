from __future__ import annotations

from django.urls import path

from baimi.places import views

app_name = "places"
urlpatterns = [
    path("area/<str:code>/", views.area_detail, name="area"),
    path("households/", views.household_list, name="households"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("service-points/", views.service_point_list, name="service_points"),
]
