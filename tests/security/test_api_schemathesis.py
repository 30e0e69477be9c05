"""Schemathesis drives the JSON API from its own OpenAPI description (a bounded number of generated
requests per operation), logged in as the demo community worker with a valid CSRF token, so the
requests get past the door and reach the code: no server error, answers as the description says.

The operations are driven with plain Hypothesis (``operation.as_strategy()``) rather than through
schemathesis's pytest plugin, which does not run under the pytest this project uses."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given, settings

from baimi.accounts.models import User

pytestmark = pytest.mark.django_db
BOUNDED = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))


def _operations() -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def _keep_the_test_connection() -> Any:
    """Django closes the database connection at the end of each request it serves; Django's own test
    client switches that off so the test's transaction survives. Calling the WSGI application
    directly, as Schemathesis does, needs the same (on PostgreSQL the next request would find its
    connection closed)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_api_holds_to_its_description(db: Any, _keep_the_test_connection: Any) -> None:
    client = Client()
    client.force_login(User.objects.get(username="worker"))
    csrf = _get_new_csrf_string()
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    operations = _operations()
    assert len(operations) >= 6
    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy())
        def call(case: Any) -> None:
            response = case.call(cookies=cookies, headers={"X-CSRFToken": csrf})
            case.validate_response(response)

        call()
