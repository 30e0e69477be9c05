from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from baimi.legal import views

app_name = "legal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("laws/", views.statute_list, name="statutes"),
    path("laws/<str:name>/", views.statute_detail, name="statute"),
    path("laws/<str:name>/<int:number>/", views.article_detail, name="article"),
]
