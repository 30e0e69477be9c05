from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from baimi.legal import views

app_name = "legal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ask, name="ask"),
    path("laws/", views.statute_list, name="statutes"),
    path("laws/<str:name>/", views.statute_detail, name="statute"),
    path("laws/<str:name>/<int:number>/", views.article_detail, name="article"),
    path("answers/", views.answer_list, name="answers"),
    path("answers/new/", views.answer_edit, name="answer_new"),
    path("answers/<int:pk>/", views.answer_detail, name="answer"),
    path("answers/<int:pk>/edit/", views.answer_edit, name="answer_edit"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation_new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/reply/", views.consultation_reply, name="consultation_reply"),
]
