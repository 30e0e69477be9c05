"""A background worker inside the current process, for the embedded set-up (``baimi demo``).

Production runs ``baimi run_huey`` as its own service instead. Huey's consumer normally owns the
process's signals; here it must not, so Ctrl-C still stops the web server it runs beside.
"""

from __future__ import annotations

from typing import Any

from huey.consumer import Consumer


class InProcessConsumer(Consumer):  # type: ignore[misc]
    def _set_signal_handlers(self) -> None:
        """Leave SIGINT/SIGTERM to the host process."""


def start_worker(huey: Any, *, workers: int = 2) -> InProcessConsumer:
    consumer = InProcessConsumer(huey, workers=workers, worker_type="thread", periodic=True,
                                 check_worker_health=False)
    consumer.start()
    return consumer
