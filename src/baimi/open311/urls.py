from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from baimi.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>xml|json)$"
urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests, name="requests"),
    re_path(r"^requests/(?P<reference>\w+)" + FMT, views.one_request, name="request"),
    re_path(r"^tokens/(?P<token>\w+)" + FMT, views.token, name="token"),
]
