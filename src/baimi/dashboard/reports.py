"""The monthly report of an area: a PDF to file (Chinese by default, with charts and tables) and an
Excel workbook with the underlying figures.

Spreadsheet formula injection: every text cell that starts with = + - @ or a tab or carriage return is
written with a leading apostrophe, so Excel and LibreOffice show it as text and never evaluate it
(division names come from imports and the admin, so they are not trusted).
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from baimi.dashboard.figures import AreaFigures, table_for_export
from baimi.dashboard.indicators import TREND_CHARTS, Indicator
from baimi.pdf import cjk_font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value fit for a spreadsheet cell: text that a spreadsheet could read as a formula is prefixed."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value



def _fmt(kind: str, value: float | None) -> str:
    return Indicator("", "", "", kind).format(value)


def _bar_drawing(title: str, labels: list[str], values: list[float | None], font: str) -> Drawing:
    drawing = Drawing(170 * mm, 52 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 8 * mm, 150 * mm, 36 * mm
    chart.data = [[v or 0.0 for v in values]]
    chart.categoryAxis.categoryNames = [label[2:] for label in labels]  # "26-03": short enough for 12 bars
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#b42318")
    drawing.add(chart)
    drawing.add(String(14 * mm, 47 * mm, title, fontName=font, fontSize=9))
    return drawing


def report_pdf(figures: AreaFigures) -> bytes:
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1)
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=18, spaceBefore=6)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=colors.grey)
    data = table_for_export(figures)
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
                       ("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5"))])
    story: list[Any] = [
        Paragraph(xml_escape(_("Monthly report of the 100-metre service circles")), title),
        Paragraph(xml_escape(f"{figures.area.name} · {figures.month:%Y-%m}"), title),
        Paragraph(xml_escape(_("Figures as of %(when)s.") % {
            "when": timezone.localtime(figures.computed_at).strftime("%Y-%m-%d %H:%M")
            if figures.computed_at else "–"}), small),
        Paragraph(xml_escape(_("Figures of the month")), heading),
    ]
    summary = [[_("Indicator"), _("Value")]] + [[Paragraph(xml_escape(label), body), _fmt(kind, value)]
                                               for label, value, kind in data["summary"]]
    table = Table(summary, colWidths=[120 * mm, 40 * mm], repeatRows=1)
    table.setStyle(grid)
    story.append(table)
    story.append(Paragraph(xml_escape(_("Trends")), heading))
    trend = {label: (kind, values) for label, kind, values in data["trend"]}
    index = {i.key: i for i in figures.indicators}
    for key, _kind in TREND_CHARTS:
        if key in index and index[key].kind != "share":
            label = str(index[key].label)
            story.append(_bar_drawing(label, data["months"], trend[label][1], font))
    if data["children"]:
        story.append(Paragraph(xml_escape(_("By area")), heading))
        header = [_("Area")] + data["children_header"]
        rows = [[Paragraph(xml_escape(name), body)] + [_fmt(kind, v) for kind, v in
                                                        zip(data["children_kinds"], values, strict=True)]
                for name, _code, values in data["children"]]
        head = [Paragraph(xml_escape(h), small) for h in header]
        table = Table([head, *rows], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    story.append(Paragraph(xml_escape(_("Shares are computed from the sums of their parts; \"–\" means no "
                                        "data.")), small))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{figures.area.name} {figures.month:%Y-%m}")
    doc.build(story)
    return buffer.getvalue()


def report_xlsx(figures: AreaFigures) -> bytes:
    data = table_for_export(figures)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Summary")[:31]
    sheet.append([safe_cell(figures.area.name), safe_cell(figures.area.code), f"{figures.month:%Y-%m}"])
    sheet.append([_("Indicator"), _("Value")])
    for label, value, _kind in data["summary"]:
        sheet.append([safe_cell(label), value])
    by_area = book.create_sheet(_("By area")[:31])
    by_area.append([_("Area"), _("Code"), *[safe_cell(h) for h in data["children_header"]]])
    for name, code, values in data["children"]:
        by_area.append([safe_cell(name), safe_cell(code), *values])
    trends = book.create_sheet(_("Trends")[:31])
    trends.append([_("Indicator"), *data["months"]])
    for label, _kind, values in data["trend"]:
        trends.append([safe_cell(label), *values])
    raw = book.create_sheet(_("Raw figures")[:31])
    raw.append([_("Month"), _("Metric"), _("Value")])
    for month, metric, value in data["raw"]:
        raw.append([month, safe_cell(metric), value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
