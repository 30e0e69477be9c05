"""Background work of the circles app, on the Huey queue (``settings.HUEY``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from baimi.circles.models import CoverageRun
from baimi.circles.services import coverage_run_execute

log = logging.getLogger(__name__)
STALLED_AFTER = dt.timedelta(minutes=10)


@db_task(retries=2, retry_delay=5)  # type: ignore[untyped-decorator]
def run_coverage(run_id: int) -> None:
    """Carry out one queued run. A run already finished (a duplicate delivery, or the periodic
    sweep racing the first try) is left alone, so running it twice changes nothing."""
    run = CoverageRun.objects.select_related("community").filter(pk=run_id).first()
    if run is None or run.status in (CoverageRun.Status.DONE, CoverageRun.Status.FAILED):
        return
    coverage_run_execute(run=run)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def resume_stalled_runs() -> int:
    """Every minute: queue again any run left queued or half-done for too long — its task was lost
    with a worker that crashed or a queue that was cleared."""
    stalled = list(CoverageRun.objects.unfinished().filter(started_at__lt=timezone.now() - STALLED_AFTER)
                   .values_list("pk", flat=True))
    for run_id in stalled:
        log.warning("coverage run %s stalled; queueing it again", run_id)
        run_coverage(run_id)
    return len(stalled)
