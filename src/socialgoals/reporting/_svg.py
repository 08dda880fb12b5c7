"""Inline SVG charts, generated as text: no dependency, no script, no network.

Each chart is one ``<svg>`` element with ``role="img"``, a ``<title>``, a
legend, and ``data-chart`` / ``data-chart-id`` attributes so tests (and
readers' tools) can find it. All text is XML-escaped.

>>> from datetime import date
>>> from socialgoals.reporting._model import Point, Series, TrendChart
>>> chart = TrendChart(id="reach", title="Reach <weekly>", unit="",
...                    series=(Series("reach", (Point(date(2026, 3, 2), 10.0),
...                                             Point(date(2026, 3, 9), 12.0))),))
>>> svg = trend_chart_svg(chart, Messages("en"))
>>> svg.startswith("<svg") and "Reach &lt;weekly&gt;" in svg and svg.count("<polyline") == 1
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._model import ObjectiveChart, Point, TrendChart

__all__ = ["objective_chart_svg", "trend_chart_svg", "nice_ticks", "PALETTE"]

WIDTH: Final = 640
HEIGHT: Final = 280
_LEFT: Final = 56
_RIGHT: Final = 16
_TOP: Final = 40
_BOTTOM: Final = 48

PALETTE: Final = ("#1f6feb", "#d9480f", "#2f9e44", "#9c36b5", "#e8590c", "#0c8599")
"""Series colours (colour-blind friendly enough, and never the only cue)."""
_ACTUAL: Final = "#1f6feb"
_PACE: Final = "#868e96"
_TARGET: Final = "#2f9e44"
_FORECAST: Final = "#d9480f"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks covering ``[low, high]`` (1, 2 or 5 times a power of ten).

    >>> nice_ticks(0, 97)
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    >>> nice_ticks(5, 5)
    [4.0, 4.5, 5.0, 5.5, 6.0]
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high < low:
        low, high = high, low
    low, high = (0.0 if abs(v) < 1e-200 else v for v in (low, high))  # subnormal noise
    if high == low:
        pad = abs(low) * 0.2 or 1.0
        step = _nice_step(pad)
        low, high = low - step, high + step
    raw = (high - low) / max(count, 1)
    step = _nice_step(raw)
    start = _clean(math.floor(low / step) * step)
    if start > low:
        start = _clean(start - step)
    ticks = [_clean(start)]
    while ticks[-1] < high and len(ticks) <= count * 2 + 2:
        ticks.append(_clean(start + step * len(ticks)))
    if ticks[-1] < high or len(set(ticks)) != len(ticks):
        return [low, high]  # the range is below float precision: no round ticks
    return ticks


def _clean(value: float) -> float:
    """``value`` without float noise (``0.30000000000000004`` -> ``0.3``)."""
    return float(f"{value:.12g}") + 0.0


def _nice_step(raw: float) -> float:
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power  # pragma: no cover - the loop always returns


class _Frame:
    """Maps days and values to pixels inside the plot area."""

    def __init__(self, points: Iterable[Point], extra_values: Sequence[float] = ()) -> None:
        pts = list(points)
        days = [p.x for p in pts] or [date(2000, 1, 1)]
        values = [p.y for p in pts] + list(extra_values) or [0.0]
        self.first, self.last = min(days), max(days)
        low, high = min(values), max(values)
        if low > 0 and high > 0 and low < high * 0.6:
            low = 0.0  # start at zero when it does not squash the data
        self.ticks = nice_ticks(low, high)
        self.low, self.high = self.ticks[0], self.ticks[-1]

    def x(self, day: date) -> float:
        span = (self.last - self.first).days or 1
        pos = (day - self.first).days / span if self.last != self.first else 0.5
        return round(_LEFT + pos * (WIDTH - _LEFT - _RIGHT), 2)

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        pos = (value - self.low) / span
        return round(HEIGHT - _BOTTOM - pos * (HEIGHT - _TOP - _BOTTOM), 2)


def _open(kind: str, chart_id: str, title: str) -> list[str]:
    return [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
            f"data-chart={quoteattr(kind)} data-chart-id={quoteattr(chart_id)} "
            f"aria-label={quoteattr(title)}>"
        ),
        f"<title>{escape(title)}</title>",
        (
            f'<text x="{_LEFT}" y="18" class="chart-title" font-size="14" font-weight="600">'
            f"{escape(_shorten(title))}</text>"
        ),
    ]


_TITLE_CHARS: Final = 64


def _shorten(title: str) -> str:
    """The title as drawn: cut at a word with an ellipsis when it would overflow."""
    if len(title) <= _TITLE_CHARS:
        return title
    cut = title[: _TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return cut + "\u2026"


def _axes(frame: _Frame, msgs: Messages, unit: str) -> list[str]:
    parts: list[str] = []
    for tick in frame.ticks:
        y = frame.y(tick)
        parts.append(
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y}" y2="{y}" stroke="#e9ecef"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4}" text-anchor="end" font-size="11" fill="#495057">'
            f"{escape(msgs.compact(tick))}</text>"
        )
    if unit:
        parts.append(
            f'<text x="{_LEFT - 6}" y="{_TOP - 8}" text-anchor="end" font-size="11" '
            f'fill="#495057">{escape(unit)}</text>'
        )
    base = HEIGHT - _BOTTOM
    days = sorted({frame.first, frame.last})
    if frame.last != frame.first:
        middle = frame.first + (frame.last - frame.first) / 2
        days.insert(1, middle)
    anchors = ["start", "middle", "end"] if len(days) == 3 else ["middle"]
    parts.extend(
        f'<text x="{frame.x(day)}" y="{base + 16}" text-anchor="{anchor}" font-size="11" '
        f'fill="#495057">{escape(msgs.short_day(day))}</text>'
        for day, anchor in zip(days, anchors, strict=True)
    )
    parts.append(
        f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{base}" y2="{base}" stroke="#adb5bd"/>'
    )
    return parts


def _polyline(frame: _Frame, points: Sequence[Point], colour: str, css: str, dash: str = "") -> str:
    coords = " ".join(f"{frame.x(p.x)},{frame.y(p.y)}" for p in points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline class="{css}" points="{coords}" fill="none" stroke="{colour}" '
        f'stroke-width="2"{dash_attr}/>'
    )


def _legend(items: Sequence[tuple[str, str, str]]) -> list[str]:
    parts: list[str] = []
    x = _LEFT
    y = HEIGHT - 12
    for label, colour, dash in items:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<g class="legend-item"><line x1="{x}" x2="{x + 18}" y1="{y - 4}" y2="{y - 4}" '
            f'stroke="{colour}" stroke-width="3"{dash_attr}/>'
            f'<text x="{x + 22}" y="{y}" font-size="11" fill="#212529">{escape(label)}</text></g>'
        )
        x += 30 + 7 * len(label)
    return parts


def objective_chart_svg(chart: ObjectiveChart, msgs: Messages) -> str:
    """Draw actual (solid), pace (dashed), target (diamond) and the forecast interval."""
    frame = _Frame(chart.points())
    parts = _open("objective", chart.id, chart.title)
    parts.extend(_axes(frame, msgs, chart.unit))
    label_actual, label_pace, label_target, label_forecast = chart.labels
    if chart.forecast is not None:
        f = chart.forecast
        anchor = chart.actual[-1] if chart.actual else Point(frame.first, f.value)
        band = (
            f"{frame.x(anchor.x)},{frame.y(anchor.y)} {frame.x(f.at)},{frame.y(f.high)} "
            f"{frame.x(f.at)},{frame.y(f.low)}"
        )
        parts.append(
            f'<polygon class="forecast-band" points="{band}" fill="{_FORECAST}" '
            f'fill-opacity="0.15" stroke="none"/>'
        )
        parts.append(
            _polyline(frame, [anchor, Point(f.at, f.value)], _FORECAST, "forecast", dash="2 3")
        )
        x = frame.x(f.at)
        parts.append(
            f'<line class="forecast-interval" x1="{x}" x2="{x}" y1="{frame.y(f.low)}" '
            f'y2="{frame.y(f.high)}" stroke="{_FORECAST}" stroke-width="2"/>'
        )
    if len(chart.pace) >= 2:
        parts.append(_polyline(frame, chart.pace, _PACE, "pace", dash="6 4"))
    if chart.actual:
        parts.append(_polyline(frame, chart.actual, _ACTUAL, "actual"))
        last = chart.actual[-1]
        parts.append(
            f'<circle class="actual-last" cx="{frame.x(last.x)}" cy="{frame.y(last.y)}" r="4" '
            f'fill="{_ACTUAL}"/>'
        )
    tx, ty = frame.x(chart.target.x), frame.y(chart.target.y)
    parts.append(
        f'<path class="target" d="M{tx},{ty - 7} L{tx + 7},{ty} L{tx},{ty + 7} L{tx - 7},{ty} Z" '
        f'fill="{_TARGET}"/>'
    )
    legend = [(label_actual, _ACTUAL, ""), (label_pace, _PACE, "6 4"), (label_target, _TARGET, "")]
    if chart.forecast is not None:
        legend.append((label_forecast, _FORECAST, "2 3"))
    parts.extend(_legend(legend))
    parts.append("</svg>")
    return "".join(parts)


def trend_chart_svg(chart: TrendChart, msgs: Messages) -> str:
    """Draw each series as a line (a dot when it has one point), and the target line."""
    extra = [chart.target] if chart.target is not None else []
    frame = _Frame(chart.points(), extra)
    parts = _open("trend", chart.id, chart.title)
    parts.extend(_axes(frame, msgs, chart.unit))
    legend: list[tuple[str, str, str]] = []
    if chart.target is not None:
        y = frame.y(chart.target)
        parts.append(
            f'<line class="target" x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y}" y2="{y}" '
            f'stroke="{_TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        legend.append((chart.target_label, _TARGET, "6 4"))
    for i, series in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        if len(series.points) >= 2:
            parts.append(_polyline(frame, series.points, colour, "series"))
        for p in series.points[-1:]:
            parts.append(
                f'<circle class="series-last" cx="{frame.x(p.x)}" cy="{frame.y(p.y)}" r="3.5" '
                f'fill="{colour}"/>'
            )
        legend.insert(i, (series.name, colour, ""))
    parts.extend(_legend(legend))
    parts.append("</svg>")
    return "".join(parts)
