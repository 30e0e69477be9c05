"""Reading the pre-aggregated figures of one area for the page and the reports: its own months (the
trend) and its children's figures for the chosen month (the drill-down), in two indexed queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from baimi.dashboard.aggregate import months_back
from baimi.dashboard.indicators import SECTIONS, TABLE_COLUMNS, TREND_CHARTS, Indicator, all_indicators
from baimi.dashboard.models import AreaMonthFigures
from baimi.places.models import Division

TREND_MONTHS = 12


@dataclass
class Row:
    label: str
    values: list[str]
    raw: list[float | None]


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Trend:
    indicator: Indicator
    kind: str
    labels: list[str]
    values: list[float | None]

    @property
    def cells(self) -> list[tuple[str, str]]:
        return [(label, self.indicator.format(v)) for label, v in zip(self.labels, self.values, strict=True)]


@dataclass
class AreaFigures:
    area: Division
    month: dt.date
    months: list[dt.date]
    own: dict[dt.date, dict[str, float]]
    children: list[Division]
    child_cells: dict[int, dict[str, float]]
    computed_at: dt.datetime | None
    indicators: list[Indicator] = field(default_factory=all_indicators)

    @property
    def current(self) -> dict[str, float]:
        return self.own.get(self.month, {})

    def sections(self) -> list[Section]:
        out = []
        for key, title in SECTIONS:
            section = Section(key, str(title))
            for indicator in self.indicators:
                if indicator.section == key:
                    value = indicator.value(self.current)
                    section.rows.append(Row(str(indicator.label), [indicator.format(value)], [value]))
            out.append(section)
        return out

    def table_columns(self) -> list[Indicator]:
        index = {i.key: i for i in self.indicators}
        return [index[k] for k in TABLE_COLUMNS if k in index]

    def child_rows(self) -> list[tuple[Division, list[str]]]:
        columns = self.table_columns()
        return [(child, [c.format(c.value(self.child_cells.get(child.pk, {}))) for c in columns])
                for child in self.children]

    def trends(self) -> list[Trend]:
        index = {i.key: i for i in self.indicators}
        labels = [f"{m:%Y-%m}" for m in self.months]
        return [Trend(index[key], kind, labels, [index[key].value(self.own.get(m, {})) for m in self.months])
                for key, kind in TREND_CHARTS if key in index]


def area_figures(area: Division, month: dt.date, *, trend_months: int = TREND_MONTHS) -> AreaFigures:
    months = []
    m = months_back(month, trend_months)
    while m <= month:
        months.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    own: dict[dt.date, dict[str, float]] = defaultdict(dict)
    computed_at = None
    for month_, metric, value, at in (AreaMonthFigures.objects.filter(division=area, month__gte=months[0],
                                                                      month__lte=month)
                                      .values_list("month", "metric", "value", "computed_at")):
        own[month_][metric] = value
        computed_at = max(computed_at, at) if computed_at else at
    children = list(Division.objects.filter(parent=area).order_by("code"))
    child_cells: dict[int, dict[str, float]] = defaultdict(dict)
    for division_id, metric, value in (AreaMonthFigures.objects.filter(division__in=[c.pk for c in children],
                                                                       month=month)
                                       .values_list("division_id", "metric", "value")):
        child_cells[division_id][metric] = value
    return AreaFigures(area, month, months, dict(own), children, dict(child_cells), computed_at)


def table_for_export(figures: AreaFigures) -> dict[str, Any]:
    """The same numbers as the page, as plain rows, for the PDF and the workbook."""
    labels = [f"{m:%Y-%m}" for m in figures.months]
    indicators = figures.indicators
    return {
        "summary": [(str(i.label), i.value(figures.current), i.kind) for i in indicators],
        "children_header": [str(c.label) for c in figures.table_columns()],
        "children": [(child.name, child.code, [c.value(figures.child_cells.get(child.pk, {}))
                                               for c in figures.table_columns()])
                     for child in figures.children],
        "children_kinds": [c.kind for c in figures.table_columns()],
        "months": labels,
        "trend": [(str(i.label), i.kind, [i.value(figures.own.get(m, {})) for m in figures.months])
                  for i in indicators],
        "raw": sorted((f"{m:%Y-%m}", metric, value) for m, cell in figures.own.items()
                      for metric, value in cell.items()),
    }
