"""Log-in: real passwords through the real form, lockout after repeated failures, the session's
idle timeout, the password policy, and every attempt in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from baimi.accounts.models import AuditEvent
from baimi.places.demo.community import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_each_demo_persona_logs_in_and_gets_a_home_page(client: Client) -> None:
    for username in ["resident", "grid", "worker", "adviser", "mediator", "volunteer", "town", "county",
                     "prefecture", "admin", "auditor", "outsider"]:
        response = _login(client, username, DEMO_PASSWORD)
        assert response.status_code == 302 and response["Location"] == reverse("home"), username
        assert client.get(reverse("home")).status_code == 200, username
        client.post(reverse("logout"))


def test_five_wrong_passwords_lock_the_account(client: Client, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "worker", "wrong-password").status_code == 200
    assert _login(client, "worker", "wrong-password").status_code == 429  # the limit-th failure locks
    locked = _login(client, "worker", DEMO_PASSWORD)  # and then even the right password is refused
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode() or "登录失败次数过多" in locked.content.decode()
    assert AuditEvent.objects.filter(action="login", outcome="failed", username="worker").count() >= 5


def test_a_failed_login_does_not_lock_other_accounts(client: Client, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "worker", "wrong-password")
    assert _login(client, "adviser", DEMO_PASSWORD).status_code == 302


def test_sessions_end_after_the_idle_timeout(settings: Any) -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_the_password_policy_refuses_short_and_common_passwords() -> None:
    for weak in ["short1", "password123", "1234567890"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("赛尔江东路-百米-2026")


def test_a_successful_login_is_audited(client: Client) -> None:
    _login(client, "town", DEMO_PASSWORD)
    assert AuditEvent.objects.filter(action="login", outcome="ok", username="town").exists()


def test_logout_needs_post(client: Client) -> None:
    _login(client, "town", DEMO_PASSWORD)
    assert client.get(reverse("logout")).status_code == 405


def test_one_address_trying_many_logins_is_slowed_down(client: Client, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.BAIMI_RATE_LOGIN = "5/m"
    answers = [client.post("/accounts/login/", {"username": f"nobody{i}", "password": "x"}).status_code
               for i in range(7)]
    assert answers[:5] == [200] * 5 and answers[5:] == [429, 429]
    cache.clear()


def test_the_law_pages_are_rate_limited_per_address(client: Client, settings: Any) -> None:
    from django.core.cache import cache

    from baimi.accounts.models import User

    client.force_login(User.objects.get(username="resident"))
    cache.clear()
    settings.BAIMI_RATE_PUBLIC = "3/m"
    answers = [client.get(reverse("legal:article", args=["民法典", 288])).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    cache.clear()
