from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from baimi.mediation import views

app_name = "mediation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="cases"),
    path("new/", views.case_new, name="case_new"),
    path("committee/", views.committee, name="committee"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/case-file.pdf", views.case_file_pdf, name="case_file_pdf"),
    path("<int:pk>/routes-notice.pdf", views.routes_notice_pdf, name="routes_notice_pdf"),
    path("<int:pk>/<slug:action>/", views.case_action, name="case_action"),
    path("files/<int:pk>/", views.record_file, name="record_file"),
]
