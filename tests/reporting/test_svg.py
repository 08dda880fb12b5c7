"""SVG charts: round ticks that cover the data, every series drawn, text escaped."""

from __future__ import annotations

import itertools
from datetime import date
from xml.etree import ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from socialgoals.reporting import Messages, ObjectiveChart, Point, Series, TrendChart
from socialgoals.reporting._svg import nice_ticks, objective_chart_svg, trend_chart_svg
from socialgoals.testing.strategies._reporting import points

NS = "{http://www.w3.org/2000/svg}"
finite = st.floats(-1e9, 1e9)


@given(finite, finite)
def test_ticks_cover_the_range_with_a_round_step(a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high)
    slack = 1e-200  # subnormal values count as zero
    assert ticks[0] <= low + slack
    assert ticks[-1] >= high - slack
    assert 2 <= len(ticks) <= 12
    steps = {round(y - x, 6) for x, y in itertools.pairwise(ticks)}
    assert len(steps) <= 2  # equal steps, up to float rounding


@given(points(min_size=1), st.sampled_from(["en", "fr"]))
def test_trend_chart_is_well_formed_xml(pts: tuple[Point, ...], lang: str) -> None:
    chart = TrendChart("t", "a < b & c", "%", (Series("s1 <x>", pts), Series("s2", pts)), 1.0)
    root = ET.fromstring(trend_chart_svg(chart, Messages(lang)))
    assert root.tag == f"{NS}svg"
    assert root.get("data-chart-id") == "t"
    assert root.find(f"{NS}title").text == "a < b & c"  # type: ignore[union-attr]
    assert len(root.findall(f".//{NS}circle")) == 2
    legend = [t.text for t in root.iter(f"{NS}text") if t.text in {"s1 <x>", "s2"}]
    assert legend == ["s1 <x>", "s2"]


def test_objective_chart_draws_every_part_inside_the_plot() -> None:
    chart = ObjectiveChart(
        id="o",
        title="O",
        unit="",
        actual=(Point(date(2026, 1, 1), 10.0), Point(date(2026, 2, 1), 12.0)),
        pace=(Point(date(2026, 1, 1), 10.0), Point(date(2026, 6, 30), 20.0)),
        target=Point(date(2026, 6, 30), 20.0),
    )
    root = ET.fromstring(objective_chart_svg(chart, Messages("en")))
    classes = {el.get("class") for el in root.iter()}
    assert {"actual", "pace", "target"} <= classes
    assert "forecast-band" not in classes
    for line in root.iter(f"{NS}polyline"):
        for pair in line.get("points", "").split():
            x, y = (float(v) for v in pair.split(","))
            assert 0 <= x <= 640
            assert 0 <= y <= 280
