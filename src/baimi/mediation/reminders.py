"""Which agreements need a reminder today, and sending each one once."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baimi.mediation.models import Agreement
from baimi.mediation.notify import notify
from baimi.mediation.services import community_staff
from baimi.mediation.states import State

PERFORMANCE_WARNING_DAYS = 3  # remind this many days before an agreement's performance date
CONFIRMATION_WARNING_DAYS = 5  # and this many before the 30-day confirmation window closes


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send the reminders due on ``today``; returns how many were due (sent now or before)."""
    today = today or timezone.localdate()
    due = 0
    # The 30-day window runs whatever happened since (a case closed after performing at once still has
    # it); performance is followed up only while the case waits for it.
    agreements = Agreement.objects.select_related("case", "case__community").filter(effective_at__isnull=False)
    for agreement in agreements:
        case = agreement.case
        link = reverse("mediation:case", args=[case.pk])
        recipients = {u.pk: u for u in community_staff(case.community) + case.mediator_users()}.values()
        if (case.state == State.AGREED and agreement.performance_due is not None
                and agreement.performance_due - today <= dt.timedelta(days=PERFORMANCE_WARNING_DAYS)):
            due += 1
            overdue = agreement.performance_due < today
            subject = (_("Agreement of case %(number)s is overdue: follow up its performance (Art. 31)")
                       if overdue else
                       _("Agreement of case %(number)s is to be performed by %(date)s (Art. 31)")) % {
                "number": case.number, "date": agreement.performance_due.isoformat()}
            for user in recipients:
                notify(user, subject, agreement.terms, case=case, link=link,
                       dedup_key=f"mediation:perform:{agreement.pk}:{'overdue' if overdue else 'soon'}:{user.pk}")
        days_left = agreement.confirmation_days_left(today)
        if (days_left is not None and 0 <= days_left <= CONFIRMATION_WARNING_DAYS
                and agreement.judicial_confirmed_at is None):
            due += 1
            subject = _("%(days)s days left for the parties of case %(number)s to ask a court for judicial "
                        "confirmation (Art. 33)") % {"days": days_left, "number": case.number}
            for user in recipients:
                notify(user, subject, "", case=case, link=link,
                       dedup_key=f"mediation:confirm:{agreement.pk}:{user.pk}")
    return due
