"""Scale-out: the same coverage run, partitioned by community (or county), on Dask.

Each partition is a :class:`CoverageJob` (a community's network, households and service points;
add neighbouring communities' service points to a job if residents may cross the boundary). A job
is pure data, so it pickles to a Dask worker, which needs no database and no Django. Results come
back in the order of the jobs and are identical to running the jobs one after another in this
process (the test checks that array for array); rates for the levels above (town, county,
prefecture) are summed from the jobs' weights, not averaged from their rates.

Schedulers: ``None``/``"sync"`` runs in this process; ``"local"`` starts a local Dask cluster
(``n_workers`` processes, default one per core); ``"threads"`` a local cluster of threads in this
process; an address such as ``"tcp://10.0.0.5:8786"`` connects to a running scheduler.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from baimi.geo._errors import InputError
from baimi.geo.coverage import CoverageResult, GroupRates, compute_coverage, coverage_rates
from baimi.geo.network import WalkNetwork

__all__ = ["CoverageJob", "JobResult", "rollup_rates", "run_job", "run_jobs"]


@dataclass(frozen=True)
class CoverageJob:
    """One partition's inputs (coordinates in metres in the network's projection, or any shared one)."""

    name: str
    demand_x_m: NDArray[np.float64]
    demand_y_m: NDArray[np.float64]
    facility_x_m: NDArray[np.float64]
    facility_y_m: NDArray[np.float64]
    facility_category: Sequence[str]
    categories: tuple[str, ...]
    network: WalkNetwork | None = None
    demand_weight: NDArray[np.float64] | None = None
    demand_group: NDArray[Any] | None = None
    facility_open: NDArray[np.bool_] | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobResult:
    """One partition's coverage and its per-group rates (walking if it had a network)."""

    name: str
    coverage: CoverageResult
    covered: NDArray[np.bool_]
    rates: GroupRates
    weight: NDArray[np.float64]
    group: NDArray[Any]


def run_job(job: CoverageJob) -> JobResult:
    """Run one partition: coverage for every category, then rates per residents' group."""
    cov = compute_coverage(
        job.demand_x_m, job.demand_y_m, job.facility_x_m, job.facility_y_m, job.facility_category,
        categories=job.categories, facility_open=job.facility_open, network=job.network, **job.options,
    )  # fmt: skip
    n = np.asarray(job.demand_x_m).shape[0]
    weight = np.ones(n) if job.demand_weight is None else np.asarray(job.demand_weight, dtype=np.float64)
    group = np.full(n, job.name, dtype=object) if job.demand_group is None else np.asarray(job.demand_group)
    covered = cov.covered_walk if job.network is not None else cov.covered_straight
    rates = coverage_rates(covered, cov.categories, group, weight=weight)
    return JobResult(job.name, cov, covered, rates, weight, group)


def _client(scheduler: str, n_workers: int | None) -> Any:
    # dask.distributed is untyped; hold it as Any
    distributed: Any = importlib.import_module("dask.distributed")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    if scheduler == "local":
        return Client(LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None))
    if scheduler == "threads":
        return Client(
            LocalCluster(n_workers=n_workers or 2, threads_per_worker=1, processes=False, dashboard_address=None)
        )
    if scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        return Client(scheduler)
    raise InputError(f"unknown scheduler {scheduler!r}: use None, 'sync', 'local', 'threads' or a tcp:// address")


def run_jobs(
    jobs: Sequence[CoverageJob],
    *,
    scheduler: str | None = None,
    n_workers: int | None = None,
    progress: bool = False,
    func: Callable[[CoverageJob], JobResult] = run_job,
) -> list[JobResult]:
    """Run many partitions, in this process or on Dask; results in the order of ``jobs``.

    Parameters
    ----------
    jobs : sequence of CoverageJob
        Names must be distinct.
    scheduler : str, optional
        ``None``/``"sync"``, ``"local"``, ``"threads"`` or a scheduler address.
    n_workers : int, optional
        Workers of a local cluster.
    progress : bool
        Show a progress bar on standard error.
    func : callable
        What to run per job (default :func:`run_job`).
    """
    names = [j.name for j in jobs]
    if len(set(names)) != len(names):
        raise InputError("job names must be distinct")
    if scheduler in (None, "sync"):
        if progress:
            from tqdm import tqdm

            return [func(j) for j in tqdm(jobs, desc="partitions", leave=False)]
        return [func(j) for j in jobs]
    client = _client(str(scheduler), n_workers)
    try:
        futures = client.map(func, list(jobs), key=[f"baimi-geo-{n}" for n in names], pure=False)
        if progress:
            from dask.distributed import progress as dask_progress

            dask_progress(futures)  # type: ignore[no-untyped-call]
        results: list[JobResult] = client.gather(futures)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and scheduler in ("local", "threads"):
            cluster.close()
    return results


def rollup_rates(results: Sequence[JobResult], level: Callable[[Any], Any] | None = None) -> GroupRates:
    """Rates for a level above the groups, summed over the partitions.

    Parameters
    ----------
    results : sequence of JobResult
    level : callable, optional
        Maps a residents' group label to its label at the wanted level (e.g. its community or
        county); default: the partition's name.
    """
    if not results:
        raise InputError("no results to roll up")
    cats = results[0].coverage.categories
    covered, labels, weights = [], [], []
    for r in results:
        if r.coverage.categories != cats:
            raise InputError("partitions report different categories")
        covered.append(r.covered)
        labels.append(
            np.array([level(g) for g in r.group], dtype=object)
            if level
            else np.full(len(r.group), r.name, dtype=object)
        )
        weights.append(r.weight)
    return coverage_rates(np.concatenate(covered), cats, np.concatenate(labels), weight=np.concatenate(weights))
