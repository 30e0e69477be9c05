from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from baimi.api import api

urlpatterns = [
    path("", include("baimi.accounts.urls")),
    path("places/", include("baimi.places.urls")),
    path("circles/", include("baimi.circles.urls")),
    path("legal/", include("baimi.legal.urls")),
    path("volunteers/", include("baimi.volunteers.urls")),
    path("help/", include("baimi.helpdesk.urls")),
    path("notifications/", include("baimi.notifications.urls")),
    path("mediation/", include("baimi.mediation.urls")),
    path("open311/v2/", include("baimi.open311.urls")),
    path("dashboard/", include("baimi.dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
