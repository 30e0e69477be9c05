"""Background work of the helpdesk, on the Huey queue (``settings.HUEY``): one tick a minute.

No per-request timers are scheduled: every clock lives in the database (offers' ``expires_at``,
requests' ``level_due``) and the tick reads them. A worker that was down for an hour therefore
catches up on its first tick — nothing overdue is forgotten, and nothing happens twice because each
step re-checks its condition under a row lock.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from baimi.helpdesk import services

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def helpdesk_tick() -> dict[str, int]:
    done = services.tick()
    if any(done.values()):
        log.info("helpdesk tick: %s", done)
    return done
