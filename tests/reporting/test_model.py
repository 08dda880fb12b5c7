"""The report model refuses inconsistent input, reporting every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from socialgoals.errors import ValidationError
from socialgoals.reporting import (
    Cell,
    Column,
    Forecast,
    ObjectiveChart,
    Point,
    Report,
    ReportKind,
    Section,
    Table,
)


def test_table_rows_must_match_columns() -> None:
    with pytest.raises(ValidationError) as info:
        Table("t", "T", (Column("a", "A"), Column("a", "B")), ((Cell("x"),),))
    assert info.value.paths == ["columns", "rows[0]"]


def test_ids_are_slugs() -> None:
    with pytest.raises(ValidationError) as info:
        Section("Not a slug", "x", ())
    assert info.value.problems[0].code == "bad_slug"


def test_forecast_interval_must_contain_the_value() -> None:
    with pytest.raises(ValidationError, match="low <= value <= high"):
        Forecast(date(2026, 1, 1), 10.0, 11.0, 12.0)
    with pytest.raises(ValidationError, match="finite"):
        Forecast(date(2026, 1, 1), float("nan"), 11.0, 12.0)


def test_points_are_finite_and_charts_sort_them() -> None:
    with pytest.raises(ValidationError):
        Point(date(2026, 1, 1), float("inf"))
    chart = ObjectiveChart(
        id="o",
        title="O",
        unit="",
        actual=(Point(date(2026, 1, 9), 2.0), Point(date(2026, 1, 2), 1.0)),
        pace=(),
        target=Point(date(2026, 2, 1), 3.0),
    )
    assert [p.x.day for p in chart.actual] == [2, 9]
    with pytest.raises(ValidationError, match="0 or at least 2"):
        ObjectiveChart(id="o", title="O", unit="", actual=(), pace=(chart.target,),
                       target=chart.target)  # fmt: skip


def test_report_period_and_unique_sections() -> None:
    with pytest.raises(ValidationError) as info:
        Report(
            kind=ReportKind.WEEKLY, lang="en", title="t", plan="p", period_label="x",
            period_start=date(2026, 1, 8), period_end=date(2026, 1, 1), as_of=date(2026, 1, 1),
            sections=(Section("a", "A", ()), Section("a", "B", ())),
        )  # fmt: skip
    assert info.value.paths == ["period_end", "sections"]


def test_report_lookup(make_report: Callable[..., Report]) -> None:
    report = make_report()
    assert report.section("leads").title == "Leads"
    assert [c.id for c in report.charts()] == ["dm-to-order", "reach"]
    with pytest.raises(KeyError):
        report.section("nope")
