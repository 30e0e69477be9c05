"""Notifications leave through real channels (a local HTTP server stands in for the WeCom robot and
the SMS gateway), a failed send is retried with pauses and then goes, one event is never notified
twice on a channel, and nothing is sent for work that was rolled back."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from baimi.accounts.models import User
from baimi.notifications import send
from baimi.notifications.delivery import deliver, deliver_due
from baimi.notifications.models import Notification

pytestmark = pytest.mark.django_db


class FakeEndpoint:
    """Answers like the WeCom robot (or an SMS gateway); ``failures`` requests fail first."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.failures = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if outer.failures > 0:
                    outer.failures -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                outer.received.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def endpoint(settings: Any) -> Iterator[FakeEndpoint]:
    fake = FakeEndpoint()
    settings.BAIMI_NOTIFY_CHANNELS = "onscreen,email,wecom,sms"
    settings.BAIMI_WECOM_WEBHOOK_URL = fake.url
    settings.BAIMI_SMS_GATEWAY_URL = fake.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def worker() -> User:
    user = User.objects.get(username="worker")
    user.email, user.phone = "worker@example.cn", "13900001111"
    user.save()
    return user


def _run_delivery(made: list[Notification]) -> None:
    for n in made:  # what the queued tasks do (the suite's queue runs tasks at once, after commit)
        deliver(n.pk)


def test_every_channel_delivers(endpoint: FakeEndpoint, worker: User) -> None:
    with transaction.atomic():
        made = send(worker, "有人需要帮助", "H123 养老照护", dedup_key="t:1", link="/help/H123/")
    _run_delivery(made)
    assert {n.channel: Notification.objects.get(pk=n.pk).status for n in made} == {
        "onscreen": "sent", "email": "sent", "wecom": "sent", "sms": "sent"}
    assert mail.outbox[0].to == ["worker@example.cn"] and "/help/H123/" in mail.outbox[0].body
    kinds = sorted(r.get("msgtype", "sms") for r in endpoint.received)
    assert kinds == ["sms", "text"] and any(r.get("phone") == "13900001111" for r in endpoint.received)


def test_the_same_event_is_never_notified_twice(endpoint: FakeEndpoint, worker: User) -> None:
    send(worker, "a", "b", dedup_key="t:2")
    assert send(worker, "a", "b", dedup_key="t:2") == []
    assert Notification.objects.filter(dedup_key="t:2").count() == 4


def test_one_event_reaches_each_user_once(endpoint: FakeEndpoint, worker: User) -> None:
    other = User.objects.get(username="outsider")
    assert send(worker, "a", "b", dedup_key="t:same", channels=["onscreen"])
    assert send(other, "a", "b", dedup_key="t:same", channels=["onscreen"])
    assert Notification.objects.filter(dedup_key="t:same").count() == 2


def test_a_failing_gateway_is_retried_with_pauses_then_sends(endpoint: FakeEndpoint, worker: User) -> None:
    [wecom] = send(worker, "a", "b", dedup_key="t:3", channels=["wecom"])
    endpoint.failures = 2
    assert deliver(wecom.pk) == "retry"
    wecom.refresh_from_db()
    assert wecom.status == "pending" and wecom.attempts == 1 and "500" in wecom.last_error
    first_pause = wecom.next_attempt_at
    assert deliver_due(timezone.now()) == {}  # not due yet
    assert deliver_due(first_pause + dt.timedelta(seconds=1)) == {"retry": 1}
    wecom.refresh_from_db()
    assert wecom.next_attempt_at - first_pause >= dt.timedelta(minutes=1)  # the pause grows
    assert deliver_due(wecom.next_attempt_at + dt.timedelta(seconds=1)) == {"sent": 1}
    assert len(endpoint.received) == 1
    assert deliver(wecom.pk) == "skipped"  # a duplicate task changes nothing


def test_after_a_crash_the_tick_delivers_what_was_never_tried(endpoint: FakeEndpoint, worker: User) -> None:
    [sms] = send(worker, "a", "b", dedup_key="t:4", channels=["sms"])  # its task "lost with the worker"
    assert deliver_due(timezone.now() + dt.timedelta(seconds=1)) == {"sent": 1}
    assert deliver_due(timezone.now() + dt.timedelta(seconds=2)) == {}
    assert len(endpoint.received) == 1


def test_giving_up_after_the_last_attempt_keeps_it_visible(endpoint: FakeEndpoint, worker: User,
                                                           settings: Any) -> None:
    settings.BAIMI_NOTIFY_MAX_ATTEMPTS = 2
    [sms] = send(worker, "a", "b", dedup_key="t:5", channels=["sms"])
    endpoint.failures = 5
    deliver(sms.pk)
    deliver(sms.pk)
    sms.refresh_from_db()
    assert sms.status == "failed" and sms.attempts == 2


def test_nothing_is_sent_for_rolled_back_work(endpoint: FakeEndpoint, worker: User) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        send(worker, "a", "b", dedup_key="t:6")
        raise RuntimeError("the request was not saved")
    assert not Notification.objects.filter(dedup_key="t:6").exists()


def test_the_inbox_shows_only_ones_own(as_user: Any, worker: User) -> None:
    send(worker, "给社区工作者的", "x", dedup_key="t:7")
    send(User.objects.get(username="outsider"), "给别人的", "x", dedup_key="t:8")
    page = as_user("worker").get("/notifications/").content.decode()
    assert "给社区工作者的" in page and "给别人的" not in page


def test_the_navigation_counts_ones_unread_until_they_are_marked_read(as_user: Any, worker: User) -> None:
    Notification.objects.filter(recipient=worker).update(read_at=timezone.now())  # the demo's own
    send(worker, "有新的求助", "x", dedup_key="t:9", channels=["onscreen"])
    send(worker, "又一条", "x", dedup_key="t:10", channels=["onscreen"])
    send(User.objects.get(username="outsider"), "给别人的", "x", dedup_key="t:11", channels=["onscreen"])
    client = as_user("worker")
    assert '<span class="tag flag" aria-label="2 条未读">2</span>' in client.get("/help/").content.decode()
    client.post("/notifications/read/")
    assert "条未读" not in client.get("/help/").content.decode()


def test_no_transaction_is_open_while_a_gateway_is_slow(endpoint: FakeEndpoint, worker: User,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite an open write transaction stops every other write for as long as the send takes."""
    from django.db import connection

    from baimi.notifications import channels

    [wecom] = send(worker, "a", "b", dedup_key="t:7", channels=["wecom"])
    depth_outside = len(connection.atomic_blocks)  # the test's own transaction
    depth_during: list[int] = []
    real = channels.WeCom.deliver

    def watched(self: Any, notification: Notification) -> None:
        depth_during.append(len(connection.atomic_blocks))
        real(self, notification)

    monkeypatch.setattr(channels.WeCom, "deliver", watched)
    assert deliver(wecom.pk) == "sent"
    assert depth_during == [depth_outside]


def test_one_being_sent_is_left_alone_until_its_claim_runs_out(endpoint: FakeEndpoint, worker: User) -> None:
    from baimi.notifications.delivery import SENDING_LEASE

    [sms] = send(worker, "a", "b", dedup_key="t:8", channels=["sms"])
    now = timezone.now()
    Notification.objects.filter(pk=sms.pk).update(sending_until=now + SENDING_LEASE, attempts=1)  # a worker sends it
    assert deliver(sms.pk) == "skipped"
    assert deliver_due(now + dt.timedelta(seconds=1)) == {"skipped": 1}
    assert endpoint.received == []
    # that worker died mid-send: once the claim runs out, the minute tick sends it
    Notification.objects.filter(pk=sms.pk).update(sending_until=now - dt.timedelta(seconds=1))
    assert deliver_due(now + dt.timedelta(seconds=1)) == {"sent": 1}
    sms.refresh_from_db()
    assert sms.status == "sent" and sms.attempts == 2 and sms.sending_until is None
    assert len(endpoint.received) == 1
