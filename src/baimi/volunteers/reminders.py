"""Reminders before an activity (issue item 3): each confirmed volunteer with a login is told once,
about a day ahead, through baimi.notifications. Never twice: the sign-up's ``reminded_at`` is set in
the same transaction as the notification, under a row lock, and the notification's ``dedup_key``
refuses a second one even if two workers raced past the lock."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from baimi import notifications
from baimi.volunteers.models import Activity, Signup

REMIND_BEFORE = dt.timedelta(hours=24)


def due(now: dt.datetime) -> list[int]:
    return list(Signup.objects.filter(
        status=Signup.Status.CONFIRMED, reminded_at__isnull=True, volunteer__user__isnull=False,
        occurrence__cancelled=False, occurrence__activity__status=Activity.Status.OPEN,
        occurrence__starts__gt=now, occurrence__starts__lte=now + REMIND_BEFORE,
    ).values_list("pk", flat=True))


def remind(signup_id: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        # lock only the sign-up row (PostgreSQL refuses FOR UPDATE across the nullable join to the user)
        signup = (Signup.objects.select_for_update(of=("self",)).select_related("occurrence__activity",
                                                                                 "volunteer__user")
                  .filter(pk=signup_id, reminded_at__isnull=True, status=Signup.Status.CONFIRMED).first())
        if signup is None or signup.volunteer.user is None:
            return False
        occurrence, activity = signup.occurrence, signup.occurrence.activity
        when = timezone.localtime(occurrence.starts)
        with override("zh-hans"):
            subject = _("Reminder: %(title)s on %(when)s") % {"title": activity.title, "when": f"{when:%m-%d %H:%M}"}
            body = _("You signed up for “%(title)s” at %(place)s, %(when)s. If you cannot come, please cancel "
                     "in time so someone on the waiting list can take your place.") % {
                "title": activity.title, "place": activity.place_label or activity.area.name,
                "when": f"{when:%Y-%m-%d %H:%M}"}
        notifications.send(signup.volunteer.user, subject, body, dedup_key=f"volunteers:reminder:{signup.pk}",
                           link=reverse("volunteers:occurrence", args=[occurrence.pk]))
        signup.reminded_at = now
        signup.save(update_fields=["reminded_at"])
    return True


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Remind everyone due; returns how many were reminded. Safe to run as often as wanted."""
    now = now or timezone.now()
    return sum(1 for pk in due(now) if remind(pk, now))
