"""Small server-side SVG charts: no script, no CDN, readable on a phone (they scale to the width) and
printed as they are. Every chart on a page has its numbers in a table next to it, for screen readers
and for anyone who wants the figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 360, 180
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 34
COLOUR = "#b42318"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _frame(title: str, labels: Sequence[str], top: float, fmt: Callable[[float], str]) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg" direction="ltr"><title>{escape(title)}</title>']
    for i in range(5):
        y = TOP + plot_h * (1 - i / 4)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dee7"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" fill="#5b6475">'
                     f'{escape(fmt(top * i / 4))}</text>')
    step = max(1, len(labels) // 6)  # at most about six month labels, so they never overlap on a phone
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            x = LEFT + slot * (i + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="9" text-anchor="middle" '
                         f'fill="#5b6475">{escape(label)}</text>')
    return parts


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float | None],
              fmt: Callable[[float], str] = lambda v: f"{v:,.0f}") -> SafeString:
    top = _nice_max(max((v for v in values if v is not None), default=0.0))
    parts = _frame(title, labels, top, fmt)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    for i, value in enumerate(values):
        if value is None:
            continue
        h = plot_h * value / top
        x = LEFT + slot * i + slot * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                     f'fill="{COLOUR}"><title>{escape(labels[i])}: {escape(fmt(value))}</title></rect>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it went through escape()


def line_chart(title: str, labels: Sequence[str], values: Sequence[float | None],
               fmt: Callable[[float], str] = lambda v: f"{v * 100:.0f}%", top: float = 1.0) -> SafeString:
    """Shares (0..1 by default): the scale is fixed so months and areas compare at a glance."""
    parts = _frame(title, labels, top, fmt)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    points = [(LEFT + slot * (i + 0.5), TOP + plot_h * (1 - min(v, top) / top))
              for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOUR}" stroke-width="2"/>')
    labelled = [(labels[i], v) for i, v in enumerate(values) if v is not None]
    for (x, y), (label, value) in zip(points, labelled, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOUR}">'
                     f'<title>{escape(label)}: {escape(fmt(value))}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it went through escape()
