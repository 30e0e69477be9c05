from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from baimi.accounts import views
from baimi.ratelimits import login_limited

urlpatterns = [
    path("", views.index, name="index"),
    path("home/", views.home, name="home"),
    path("accounts/login/", login_limited(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/audit/", views.audit_log, name="audit_log"),
]
