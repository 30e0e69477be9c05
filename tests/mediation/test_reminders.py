"""Reminders for performance (Art. 31) and the judicial-confirmation window (Art. 33): sent once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from baimi.mediation import services
from baimi.mediation.models import Notice
from baimi.mediation.reminders import send_due_reminders
from baimi.mediation.tasks import mediation_reminders


def _agreed(case: Any, users: Any, due: dt.date) -> Any:
    services.agreement_record(case=case, form="oral", disputed_matters="d", responsibilities="r", terms="赔偿200元",
                              performance="by_deadline", performance_due=due, by=users.adviser)
    return case


def test_an_agreement_due_soon_is_reminded_once(mediating_case: Any, users: Any) -> None:
    Notice.objects.all().delete()
    today = timezone.localdate()
    _agreed(mediating_case, users, today + dt.timedelta(days=2))
    assert send_due_reminders(today) >= 1
    sent = Notice.objects.filter(case=mediating_case).count()
    assert sent >= 3  # worker, adviser, mediator (and the case's own mediator)
    send_due_reminders(today)
    mediation_reminders.call_local()
    assert Notice.objects.filter(case=mediating_case).count() == sent


def test_an_overdue_agreement_is_reminded_again_as_overdue(mediating_case: Any, users: Any) -> None:
    today = timezone.localdate()
    _agreed(mediating_case, users, today + dt.timedelta(days=2))
    send_due_reminders(today)
    before = Notice.objects.filter(case=mediating_case).count()
    send_due_reminders(today + dt.timedelta(days=3))
    assert Notice.objects.filter(case=mediating_case, subject__contains="逾期").count() > 0
    assert Notice.objects.filter(case=mediating_case).count() > before


def test_the_30_day_window_is_reminded_before_it_runs_out(mediating_case: Any, users: Any) -> None:
    today = timezone.localdate()
    _agreed(mediating_case, users, today + dt.timedelta(days=60))
    send_due_reminders(today + dt.timedelta(days=10))
    assert not Notice.objects.filter(case=mediating_case, subject__contains="第三十三条").exists()
    send_due_reminders(today + dt.timedelta(days=26))
    assert Notice.objects.filter(case=mediating_case, subject__contains="第三十三条").exists()


def test_nothing_is_due_for_a_performed_case(leak_case: Any) -> None:
    Notice.objects.all().delete()
    effective = timezone.localdate(leak_case.agreement.effective_at)
    send_due_reminders(effective + dt.timedelta(days=31))
    assert not Notice.objects.filter(case=leak_case).exists()


def test_the_reminders_run_on_the_queues_periodic_schedule() -> None:
    from huey.contrib.djhuey import HUEY

    task_class = mediation_reminders.task_class
    assert task_class in HUEY._registry._periodic_tasks
    assert task_class().validate_datetime(dt.datetime(2026, 5, 1, 9, 5, tzinfo=dt.UTC))
    assert not task_class().validate_datetime(dt.datetime(2026, 5, 1, 9, 6, tzinfo=dt.UTC))


def test_a_case_closed_at_once_is_still_reminded_of_the_30_days(leak_case: Any) -> None:
    Notice.objects.all().delete()
    effective = timezone.localdate(leak_case.agreement.effective_at)
    send_due_reminders(effective + dt.timedelta(days=27))
    subjects = set(Notice.objects.filter(case=leak_case).values_list("subject", flat=True))
    assert len(subjects) == 1 and "第三十三条" in subjects.pop()
