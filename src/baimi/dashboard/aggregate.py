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

from django.db import transaction
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
    rows = [AreaMonthFigures(division_id=division_id, month=month, metric=metric, value=round(value, 4))
            for (division_id, month), metrics in totals.items() for metric, value in metrics.items()]
    with transaction.atomic():
        AreaMonthFigures.objects.filter(month__gte=period.first, month__lte=period.last).delete()
        AreaMonthFigures.objects.bulk_create(rows, batch_size=5000)
    result = AggregationResult(period.months, len(rows), round(time.perf_counter() - started, 3), collected.missing)
    log.info("dashboard figures: %s rows for %s months in %.2f s", result.rows, len(result.months), result.seconds)
    return result
