"""Background work of volunteer service, on the Huey queue (``settings.HUEY``)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from baimi.volunteers import recurrence, services
from baimi.volunteers.models import Activity
from baimi.volunteers.reminders import send_due_reminders


@db_periodic_task(crontab(minute="*/10"))  # type: ignore[untyped-decorator]
def volunteer_reminders() -> int:
    """Every ten minutes: remind volunteers of tomorrow's dates (each sign-up once only)."""
    return send_due_reminders()


@db_periodic_task(crontab(hour="3", minute="17"))  # type: ignore[untyped-decorator]
def extend_recurring_activities() -> int:
    """Nightly: open-ended series (逢8 …) get their dates generated a horizon ahead."""
    made = 0
    for activity in Activity.objects.exclude(rrule="").exclude(status=Activity.Status.CANCELLED).filter(
            starts__lte=timezone.now() + recurrence.HORIZON):
        made += services.activity_schedule(activity=activity)
    return made
