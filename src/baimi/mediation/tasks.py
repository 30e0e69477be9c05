"""Reminders on the Huey queue: performance follow-up (Art. 31) and the 30-day window for judicial
confirmation (Art. 33). Idempotent: each reminder has a dedup key, so running twice sends nothing new."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from baimi.mediation.reminders import send_due_reminders


@db_periodic_task(crontab(minute="5", hour="*"))  # type: ignore[untyped-decorator]
def mediation_reminders() -> int:
    """Every hour: remind the case's mediators and the community's staff of what falls due."""
    return send_due_reminders()
