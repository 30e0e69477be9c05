"""Coverage runs in the background: queued from the map, carried out by a worker on the embedded
SQLite queue or on Redis, followed by the page, and never lost when a worker dies."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from baimi.circles.models import CoverageRun
from baimi.circles.services import coverage_run_enqueue
from baimi.circles.tasks import resume_stalled_runs, run_coverage
from baimi.places.demo.community import DEMO_COMMUNITY, build_demo
from baimi.places.models import Division
from baimi.worker import start_worker


def _wait_done(run_id: int, timeout_s: float = 60.0) -> CoverageRun:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        run = CoverageRun.objects.get(pk=run_id)
        if run.status in (CoverageRun.Status.DONE, CoverageRun.Status.FAILED):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} still {CoverageRun.objects.get(pk=run_id).status} after {timeout_s} s")


@pytest.mark.django_db
def test_the_map_queues_a_run_and_follows_it(as_user: Any, demo: Any,
                                             django_capture_on_commit_callbacks: Any) -> None:
    client = as_user("worker")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("circles:run", args=[demo.community.code]))
    assert response.status_code == 302
    run = CoverageRun.objects.filter(community=demo.community).latest("started_at")
    assert run.status == "done" and run.progress == 100  # immediate mode in tests: it ran at once
    status = client.get(reverse("circles:run_status", args=[demo.community.code, run.pk]), HTTP_HX_REQUEST="true")
    assert status.status_code == 200 and status["HX-Refresh"] == "true"
    assert as_user("outsider").get(reverse("circles:run_status", args=[demo.community.code, run.pk])).status_code == 404


@pytest.mark.django_db
def test_a_pending_run_shows_its_progress_on_the_map(as_user: Any, demo: Any) -> None:
    run = CoverageRun.objects.create(community=demo.community, progress=30, status=CoverageRun.Status.RUNNING)
    page = as_user("worker").get(reverse("circles:map", args=[demo.community.code])).content.decode()
    assert f'hx-get="{reverse("circles:run_status", args=[demo.community.code, run.pk])}"' in page
    assert 'value="30"' in page


@pytest.mark.django_db
def test_a_duplicate_delivery_changes_nothing(demo: Any) -> None:
    run = CoverageRun.objects.create(community=demo.community, params={"radius_m": 100.0, "walk_radius_m": 100.0,
                                                                         "walk_speed_m_s": 1.0, "cutoff_m": 2000.0})
    run_coverage.call_local(run.pk)
    first = CoverageRun.objects.get(pk=run.pk)
    run_coverage.call_local(run.pk)
    assert CoverageRun.objects.get(pk=run.pk).finished_at == first.finished_at


@pytest.mark.django_db
def test_the_periodic_sweep_resumes_a_run_whose_worker_died(demo: Any) -> None:
    run = CoverageRun.objects.create(community=demo.community, status=CoverageRun.Status.RUNNING, progress=30,
                                     params={"radius_m": 100.0, "walk_radius_m": 100.0, "walk_speed_m_s": 1.0,
                                             "cutoff_m": 2000.0})
    CoverageRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(minutes=30))
    assert resume_stalled_runs.call_local() == 1
    assert CoverageRun.objects.get(pk=run.pk).status == "done"


@pytest.fixture
def real_queue(request: Any) -> Iterator[Any]:
    """The project's queue with immediate mode off: tasks go to storage and a worker takes them."""
    huey = settings.HUEY
    huey.immediate = False
    original = huey.storage
    if getattr(request, "param", "sqlite") == "redis":
        import redis
        from huey.storage import RedisStorage

        url = "redis://127.0.0.1:6379/15"
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError:
            huey.immediate = True
            pytest.skip("no Redis at 127.0.0.1:6379 (CI machines run one)")
        huey.storage = RedisStorage("baimi-test", url=url)
    huey.flush()
    yield huey
    huey.flush()
    if huey.storage is not original:  # Redis: close its sockets now, not at garbage collection
        huey.storage.conn.connection_pool.disconnect()
    huey.storage = original
    huey.immediate = True


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("real_queue", ["sqlite", "redis"], indirect=True)
def test_a_worker_carries_out_queued_runs(real_queue: Any) -> None:
    build_demo(households=300, seed=7)
    community = Division.objects.get(code=DEMO_COMMUNITY)
    run = coverage_run_enqueue(community=community)
    assert CoverageRun.objects.get(pk=run.pk).status == "queued"
    assert len(real_queue) == 1  # waiting in the queue's storage, not run in this thread
    worker = start_worker(real_queue, workers=1)
    try:
        done = _wait_done(run.pk)
    finally:
        worker.stop(graceful=True)
    assert done.status == "done" and done.progress == 100 and done.summary["categories"]
    # the run's task was taken off the queue (the worker's periodic sweep may come and go meanwhile)
    assert not [t for t in real_queue.pending() if t.name.endswith("run_coverage")]
