"""Filling ``AreaMonthFigures``: every source's counts per leaf division and month, added up the
division tree (group → community → town → county → prefecture), written in one transaction.

Only sums are stored; shares (coverage rates, reached in time, settled in the circle) are computed
when shown, from their numerator and denominator, so they add up correctly at every level.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from baimi.dashboard.coverage import collect_coverage
from baimi.dashboard.models import AreaMonthFigures
from baimi.dashboard.sources import Period, collect_activity, month_of
from baimi.places.models import Division

log = logging.getLogger(__name__)


@dataclass
class AggregationResult:
    months: list[dt.date]
    rows: int
    seconds: float
    missing: list[str] = field(default_factory=list)


def months_back(last: dt.date, months: int) -> dt.date:
    first = last
    for _ in range(max(months, 1) - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


def aggregate_figures(*, months: int = 2, until: dt.date | None = None) -> AggregationResult:
    """Recompute the last ``months`` months up to ``until``'s month (default: this month) for the whole
    tree. Rows of those months are replaced; earlier months are kept as they were."""
    started = time.perf_counter()
    last = month_of(until or timezone.now())
    period = Period(months_back(last, months), last)
    collected = collect_activity(period)
    collect_coverage(period, collected)
    paths = dict(Division.objects.values_list("id", "path"))
    id_of_code = dict(Division.objects.values_list("code", "id"))
    totals: dict[tuple[int, dt.date], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (leaf, month), metrics in collected.cells.items():
        for code in paths.get(leaf, "").split("/"):
            if code and (division_id := id_of_code.get(code)) is not None:
                cell = totals[(division_id, month)]
                for metric, value in metrics.items():
                    cell[metric] += value
    now = timezone.now()
    rows = [(division_id, month, metric, round(value, 4), now)
            for (division_id, month), metrics in totals.items() for metric, value in metrics.items()]
    with transaction.atomic():
        AreaMonthFigures.objects.filter(month__gte=period.first, month__lte=period.last).delete()
        _write(rows)
    result = AggregationResult(period.months, len(rows), round(time.perf_counter() - started, 3), collected.missing)
    log.info("dashboard figures: %s rows for %s months in %.2f s", result.rows, len(result.months), result.seconds)
    return result


def _write(rows: list[tuple[int, dt.date, str, float, dt.datetime]]) -> None:
    """PostgreSQL's COPY where available (a prefecture's months are ~150,000 rows: COPY takes a
    second where INSERTs take ten), batched INSERTs elsewhere."""
    if connection.vendor == "postgresql":
        table = AreaMonthFigures._meta.db_table
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {table} (division_id, month, metric, value, computed_at) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    AreaMonthFigures.objects.bulk_create(
        [AreaMonthFigures(division_id=d, month=m, metric=k, value=v, computed_at=at) for d, m, k, v, at in rows],
        batch_size=5000)
