"""Background work of the dashboard, on the Huey queue (``settings.HUEY``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from baimi.dashboard.aggregate import aggregate_figures


@db_periodic_task(crontab(minute="7"))  # type: ignore[untyped-decorator]
@lock_task("dashboard-aggregate")  # type: ignore[untyped-decorator]
def refresh_figures() -> int:
    """Every hour: this month's and last month's figures again (late records land in last month too).
    The lock keeps two workers from rewriting the same months at once."""
    return aggregate_figures(months=2).rows
