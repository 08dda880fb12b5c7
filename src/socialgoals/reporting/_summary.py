"""Charts as one line of text, for the terminal and Markdown renderers.

>>> sparkline([1, 2, 3, 4, 8])
'▁▂▃▄█'
>>> sparkline([])
''
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._model import ObjectiveChart, TrendChart

__all__ = ["sparkline", "chart_summary"]

_BARS: Final = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """A tiny bar chart of ``values`` with block characters (flat data -> mid bars)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return _BARS[3] * len(values)
    top = len(_BARS) - 1
    return "".join(_BARS[round((v - low) / (high - low) * top)] for v in values)


def chart_summary(chart: ObjectiveChart | TrendChart, msgs: Messages) -> str:
    """One line that says what the chart shows."""
    unit = "%" if chart.unit == "%" and msgs.lang == "en" else f"\u00a0{chart.unit}"
    unit = unit if chart.unit else ""
    if isinstance(chart, TrendChart):
        parts = []
        for series in chart.series:
            values = [p.y for p in series.points]
            last = msgs.auto(values[-1]) if values else msgs("undefined")
            name = f"{series.name} " if len(chart.series) > 1 else ""
            parts.append(f"{name}{sparkline(values)} {last}{unit}")
        if chart.target is not None:
            parts.append(f"{chart.target_label} {msgs.auto(chart.target)}{unit}")
        return " · ".join(parts)
    actual, _pace, target, forecast = chart.labels
    values = [p.y for p in chart.actual]
    last = msgs.auto(values[-1]) if values else msgs("undefined")
    parts = [
        f"{actual} {sparkline(values)} {last}{unit}",
        f"{target} {msgs.auto(chart.target.y)}{unit} ({msgs.day(chart.target.x)})",
    ]
    if chart.forecast is not None:
        f = chart.forecast
        parts.append(
            f"{forecast} {msgs.auto(f.value)}{unit} [{msgs.auto(f.low)} - {msgs.auto(f.high)}]"
        )
    return " · ".join(parts)
