"""Partitioned runs on Dask give exactly the single-process results."""

from __future__ import annotations

import numpy as np
import pytest

from baimi.geo._errors import InputError
from baimi.geo.coords import LocalProjection
from baimi.geo.scale import CoverageJob, rollup_rates, run_jobs
from baimi.geo.synthetic import SERVICE_CATEGORIES, random_community


def _prefecture(n: int) -> list[CoverageJob]:
    """A prefecture of ``n`` generated communities side by side in one projection."""
    proj = LocalProjection(88.14, 47.85)
    jobs = []
    for i in range(n):
        c = random_community(
            f"c{i:02d}",
            n_x=10,
            n_y=8,
            n_households=400,
            seed=i,
            projection=proj,
            origin_m=(i % 4 * 1000.0, i // 4 * 800.0),
        )
        jobs.append(
            CoverageJob(
                name=c.name,
                demand_x_m=c.household_x_m,
                demand_y_m=c.household_y_m,
                demand_weight=c.household_people,
                demand_group=c.household_group,
                facility_x_m=c.facility_x_m,
                facility_y_m=c.facility_y_m,
                facility_category=list(c.facility_category),
                categories=SERVICE_CATEGORIES,
                network=c.network,
                options={"cutoff_m": 300.0},
            )
        )
    return jobs


def _assert_identical(a: list, b: list) -> None:  # type: ignore[type-arg]
    assert [r.name for r in a] == [r.name for r in b]
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x.coverage.walk_m, y.coverage.walk_m)
        np.testing.assert_array_equal(x.coverage.walk_facility, y.coverage.walk_facility)
        np.testing.assert_array_equal(x.coverage.straight_m, y.coverage.straight_m)
        np.testing.assert_array_equal(x.rates.rate, y.rates.rate)


def test_dask_threads_cluster_matches_single_process() -> None:
    pytest.importorskip("dask.distributed")
    jobs = _prefecture(8)
    single = run_jobs(jobs)
    on_dask = run_jobs(jobs, scheduler="threads", n_workers=2)
    _assert_identical(single, on_dask)
    # the prefecture's rates are the same whichever way they were computed
    np.testing.assert_array_equal(rollup_rates(single).rate, rollup_rates(on_dask).rate)
    county = rollup_rates(single, level=lambda g: "county")
    assert county.groups.tolist() == ["county"]
    total = sum(float(r.weight.sum()) for r in single)
    assert county.total_weight[0] == pytest.approx(total)


@pytest.mark.slow
def test_dask_process_cluster_matches_single_process() -> None:
    pytest.importorskip("dask.distributed")
    jobs = _prefecture(4)
    _assert_identical(run_jobs(jobs), run_jobs(jobs, scheduler="local", n_workers=2))


def test_bad_jobs_are_refused() -> None:
    jobs = _prefecture(1)
    with pytest.raises(InputError):
        run_jobs([jobs[0], jobs[0]])
    with pytest.raises(InputError):
        run_jobs(jobs, scheduler="carrier-pigeon")
    with pytest.raises(InputError):
        rollup_rates([])
