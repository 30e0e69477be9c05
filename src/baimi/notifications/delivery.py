"""Sending: ``send`` writes the rows, ``deliver`` tries one, ``deliver_due`` (every minute) catches up."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from baimi.notifications.channels import CHANNELS, TIMEOUT_S, enabled
from baimi.notifications.models import Notification

log = logging.getLogger(__name__)


def send(recipient: Any, subject: str, body: str, *, dedup_key: str, link: str = "",
         channels: Iterable[str] | None = None) -> list[Notification]:
    """Notify ``recipient`` (a user) on every enabled channel it has an address for; the same
    ``dedup_key`` never makes a second notification on a channel. Delivery starts after commit."""
    made: list[Notification] = []
    for name in channels if channels is not None else enabled():
        channel = CHANNELS[name]
        address = channel.address_for(recipient)
        if address is None:
            continue
        try:
            with transaction.atomic():
                made.append(Notification.objects.create(
                    recipient=recipient if getattr(recipient, "pk", None) else None, address=address[:200],
                    channel=name, subject=str(subject)[:200], body=str(body), link=link[:300],
                    dedup_key=dedup_key[:200], status=Notification.Status.SENT if name == "onscreen"
                    else Notification.Status.PENDING, sent_at=timezone.now() if name == "onscreen" else None,
                    next_attempt_at=None if name == "onscreen" else timezone.now()))
        except IntegrityError:
            continue  # this event was already notified on this channel
    pending = [n.pk for n in made if n.status == Notification.Status.PENDING]
    if pending:
        transaction.on_commit(lambda: _enqueue(pending))
    return made


def _enqueue(ids: list[int]) -> None:
    from baimi.notifications.tasks import deliver_notification

    for pk in ids:
        deliver_notification(pk)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the attempts made so far, at most an hour."""
    return dt.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


# Longer than any send can take (each channel gives up after channels.TIMEOUT_S).
SENDING_LEASE = dt.timedelta(seconds=3 * TIMEOUT_S)


def deliver(pk: int) -> str:
    """Try one notification once; safe to call twice or concurrently.

    Three steps, and no transaction is open during the send: on SQLite an open write transaction
    would stop every other write (help requests included) for as long as a slow gateway takes.
    1. claim it in a short transaction: still pending and nobody sending it → ``sending_until``;
    2. send;
    3. record the outcome in another short transaction.
    A worker that dies between 1 and 3 leaves the claim to run out; ``deliver_due`` then sends it
    again (at least once: a crash mid-send can mean twice, never never)."""
    now = timezone.now()
    with transaction.atomic():
        rows = Notification.objects.filter(pk=pk)
        if connection.vendor == "postgresql":
            rows = rows.select_for_update(skip_locked=True)
        notification = rows.first()
        if notification is None or notification.status != Notification.Status.PENDING:
            return "skipped"
        if notification.sending_until is not None and notification.sending_until > now:
            return "skipped"  # another worker is sending it right now
        notification.attempts += 1
        notification.sending_until = now + SENDING_LEASE
        notification.save(update_fields=["attempts", "sending_until"])
    try:
        CHANNELS[notification.channel].deliver(notification)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        notification.last_error = f"{type(error).__name__}: {error}"[:500]
        if notification.attempts >= settings.BAIMI_NOTIFY_MAX_ATTEMPTS:
            notification.status, notification.next_attempt_at = Notification.Status.FAILED, None
            log.error("notification %s failed for good: %s", pk, notification.last_error)
        else:
            notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
        outcome = "retry" if notification.status == Notification.Status.PENDING else "failed"
    else:
        notification.status, notification.sent_at, notification.next_attempt_at = (
            Notification.Status.SENT, timezone.now(), None)
        outcome = "sent"
    notification.sending_until = None
    notification.save(update_fields=["last_error", "status", "sent_at", "next_attempt_at", "sending_until"])
    return outcome


def deliver_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Every pending notification whose time has come: after a failure's pause, or one whose task
    was lost with a crashed worker."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    for pk in Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now) \
            .values_list("pk", flat=True)[:500]:
        outcome = deliver(pk)
        done[outcome] = done.get(outcome, 0) + 1
    return done
