"""Each app's adapter counts what the app holds: totals over the year match the rows themselves."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Sum
from django.utils import timezone

from baimi.dashboard.aggregate import aggregate_figures, months_back
from baimi.dashboard.charts import bar_chart, line_chart
from baimi.dashboard.models import AreaMonthFigures
from baimi.dashboard.sources import Period, local_zone, month_of, parse_month

pytestmark = pytest.mark.django_db


def _year_total(area: Any, metric: str) -> float:
    return AreaMonthFigures.objects.filter(division=area, metric=metric).aggregate(s=Sum("value"))["s"] or 0.0


@pytest.fixture
def year(demo: Any) -> Period:
    aggregate_figures(months=12)
    last = month_of(timezone.now())
    return Period(months_back(last, 12), last)


def test_mediation_cases_match_the_cases(demo: Any, year: Period) -> None:
    from baimi.mediation.models import Case

    cases = Case.objects.filter(community=demo.community, opened_at__gte=year.starts, opened_at__lt=year.ends)
    assert cases.exists(), "the demo has mediation cases"
    assert _year_total(demo.community, "mediation_cases") == cases.count()


def test_legal_orders_and_needs_match_their_rows(demo: Any, year: Period) -> None:
    from baimi.legal.models import LegalNeed, TopicOrder

    for model, metric in ((TopicOrder, "legal_orders"), (LegalNeed, "legal_needs")):
        rows = model.objects.filter(community=demo.community, created_at__gte=year.starts, created_at__lt=year.ends)
        assert rows.exists() and _year_total(demo.community, metric) == rows.count(), metric


def test_volunteer_dates_on_the_8th_are_a_part_of_all_dates(demo: Any) -> None:
    import datetime as dt

    from baimi.volunteers.models import Activity, ActivityType, Occurrence, Team

    team = Team.objects.create(name="test team", area=demo.community)
    kind, _ = ActivityType.objects.get_or_create(code="test-kind", defaults={"name_zh": "测试", "name_en": "test"})
    this_month = month_of(timezone.now())
    activity = Activity.objects.create(team=team, area=demo.community, group=demo.groups[1], type=kind, title="t",
                                       starts=timezone.now(), status=Activity.Status.OPEN)
    for day in (3, 8, 18):
        starts = dt.datetime.combine(this_month.replace(day=day), dt.time(9), tzinfo=local_zone())
        Occurrence.objects.create(activity=activity, starts=starts, ends=starts + dt.timedelta(hours=2))
    aggregate_figures(months=12)
    year = Period(months_back(this_month, 12), this_month)
    held = Occurrence.objects.filter(cancelled=False, starts__gte=year.starts, starts__lt=year.ends,
                                     activity__area__path__startswith=demo.community.path)
    assert held.exists(), "the demo has volunteer activities this year"
    on_8 = [o for o in held if o.starts.astimezone(local_zone()).day in (8, 18, 28)]
    assert _year_total(demo.community, "activities") == held.count()
    assert _year_total(demo.community, "activities_on_8") == len(on_8) >= 2
    assert _year_total(demo.groups[1], "activities") >= 3


def test_months_are_parsed_strictly() -> None:
    assert parse_month("2026-03") is not None and parse_month("2026-03").month == 3  # type: ignore[union-attr]
    assert parse_month("2026-13") is None and parse_month("March") is None and parse_month("") is None


def test_chart_labels_are_escaped() -> None:
    svg = bar_chart("<script>x</script>", ["<b>"], [3.0])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<polyline" in line_chart("share", ["a", "b"], [0.5, 0.7])
