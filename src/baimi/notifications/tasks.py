"""Delivery on the Huey queue: one task per notification, and a minute tick that catches up on
retries and on anything whose task was lost (a worker that crashed, a queue that was cleared)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from baimi.notifications.delivery import deliver, deliver_due


@db_task()  # type: ignore[untyped-decorator]
def deliver_notification(pk: int) -> str:
    return deliver(pk)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def deliver_due_notifications() -> dict[str, int]:
    return deliver_due()
