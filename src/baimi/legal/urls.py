from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from baimi.legal import views, views_menu, views_needs
from baimi.ratelimits import public_limited

app_name = "legal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ask, name="ask"),
    # the law texts: limited per address as well as by login (baimi/ratelimits.py)
    path("laws/", public_limited(views.statute_list), name="statutes"),
    path("laws/<str:name>/", public_limited(views.statute_detail), name="statute"),
    path("laws/<str:name>/<int:number>/", public_limited(views.article_detail), name="article"),
    path("answers/", views.answer_list, name="answers"),
    path("answers/new/", views.answer_edit, name="answer_new"),
    path("answers/<int:pk>/", views.answer_detail, name="answer"),
    path("answers/<int:pk>/edit/", views.answer_edit, name="answer_edit"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation_new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/reply/", views.consultation_reply, name="consultation_reply"),
    path("menu/", views_menu.menu, name="menu"),
    path("menu/demand/", views_menu.demand, name="demand"),
    path("menu/demand.geojson", views_menu.demand_geojson, name="demand_geojson"),
    path("menu/<slug:code>/", views_menu.topic_detail, name="topic"),
    path("menu/<slug:code>/order/", views_menu.topic_order, name="topic_order"),
    path("lectures/new/", views_menu.lecture_new, name="lecture_new"),
    path("lectures/<int:pk>/", views_menu.lecture_detail, name="lecture"),
    path("lectures/<int:pk>/signup/", views_menu.lecture_signup, name="lecture_signup"),
    path("lectures/<int:pk>/attendance/", views_menu.lecture_attendance, name="lecture_attendance"),
    path("lectures/<int:pk>/feedback/", views_menu.lecture_feedback, name="lecture_feedback"),
    path("needs/", views_needs.needs, name="needs"),
    path("needs/<int:pk>/route/", views_needs.need_route, name="need_route"),
    path("figures/", views_needs.figures, name="figures"),
    path("base/", views_menu.base, name="base"),
    path("base/exhibits/new/", views_menu.exhibit_new, name="exhibit_new"),
]
