from __future__ import annotations

from django.urls import path

from baimi.helpdesk import views

app_name = "helpdesk"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.report, name="report"),
    path("call/", views.phone_call, name="call"),
    path("figures/", views.figures, name="figures"),
    path("<str:reference>/", views.request_detail, name="request"),
    path("<str:reference>/<slug:action>/", views.request_action, name="action"),
]
