"""Rate limits on what anyone may reach without logging in: the login form (on top of the per-account
lockout, a limit per address stops one machine trying many accounts), the law texts and the
calendar feeds. Settings: BAIMI_RATE_LOGIN, BAIMI_RATE_PUBLIC (e.g. "30/m")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django_ratelimit.decorators import ratelimit


def _rate(setting: str) -> Callable[[Any, HttpRequest], str]:
    return lambda group, request: getattr(settings, setting)  # read per request, so tests and env can change it


View = Callable[..., HttpResponseBase]


def login_limited(view: View) -> View:
    limited: View = ratelimit(key="ip", rate=_rate("BAIMI_RATE_LOGIN"), method="POST", block=True)(view)
    return limited


def public_limited(view: View) -> View:
    limited: View = ratelimit(key="ip", rate=_rate("BAIMI_RATE_PUBLIC"), method=ratelimit.ALL, block=True)(view)
    return limited


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    response = HttpResponse("Too many requests; please wait a minute.", status=429,
                            content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "60"
    return response
