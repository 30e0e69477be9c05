from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted() -> None:
    event = audit.record(action="view", user=User.objects.get(username="worker"))
    event.outcome = AuditEvent.Outcome.DENIED
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).outcome == "ok"


def test_only_the_auditor_reads_the_audit_log(as_user: Any) -> None:
    assert as_user("auditor").get(reverse("audit_log")).status_code == 200
    for username in ["worker", "town", "admin"]:
        assert as_user(username).get(reverse("audit_log")).status_code == 403, username


def test_the_admin_site_offers_no_way_to_edit_the_audit_log(as_user: Any) -> None:
    event = audit.record(action="view", user=User.objects.get(username="worker"))
    client = as_user("auditor")
    assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 200
    response = client.post(reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_admin_edit_is_audited_with_the_changed_fields(as_user: Any, demo: Any) -> None:
    from baimi.places.models import ServicePoint

    point = ServicePoint.objects.filter(community=demo.community).first()
    assert point is not None
    client = as_user("worker")
    url = reverse("admin:places_servicepoint_change", args=[point.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"opening_hours": "Mo-Su 08:00-20:00", "community": point.community_id, "area": point.area_id,
                 "categories": [c.pk for c in point.categories.all()]})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event = AuditEvent.objects.filter(action="change", object_type="places.ServicePoint", object_id=str(point.pk)).get()
    assert event.detail["fields"] == ["opening_hours"] and event.username == "worker"


def test_postgresql_refuses_to_rewrite_the_audit_log_even_in_bulk() -> None:
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the database-level guard is PostgreSQL's (SQLite relies on the model)")
    worker = User.objects.get(username="worker")
    event = audit.record(action="view", user=worker)
    for attempt in (lambda: AuditEvent.objects.filter(pk=event.pk).update(outcome="denied"),
                    lambda: AuditEvent.objects.filter(pk=event.pk).delete()):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    # erasing the user keeps the event, with its user name, and only clears the link
    username = worker.username
    worker.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert kept.user_id is None and kept.username == username and kept.outcome == "ok"
