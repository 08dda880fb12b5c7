"""Fixtures of the reporting tests: a synthetic report that uses every block type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from socialgoals.reporting import (
    BulletList,
    Callout,
    Callouts,
    Cell,
    Column,
    Figure,
    Figures,
    Forecast,
    ObjectiveChart,
    Point,
    Report,
    ReportKind,
    Section,
    Series,
    Table,
    Tone,
    TrendChart,
)


def weekly_points(start: date, values: list[float]) -> tuple[Point, ...]:
    return tuple(Point(start + timedelta(weeks=i), v) for i, v in enumerate(values))


def sample_report(lang: str = "en", *, hostile: str = "") -> Report:
    """Every block type; ``hostile`` text is put in titles and cells (escaping tests)."""
    start = date(2026, 1, 5)
    objectives = Table(
        id="objectives",
        title="Objectives",
        columns=(
            Column("objective", "Objective"),
            Column("current", "Current", numeric=True),
            Column("target", "Target", numeric=True),
            Column("status", "Status"),
        ),
        rows=(
            (Cell("DM -> order +20%" + hostile), Cell("11.2%", 11.2), Cell("12%", 12.0),
             Cell("on track", "on_track", Tone.GOOD)),
            (Cell("Reach 20k -> 50k"), Cell("31,000", 31000.0), Cell("50,000", 50000.0),
             Cell("at risk", "at_risk", Tone.WARNING)),
        ),
    )  # fmt: skip
    chart = ObjectiveChart(
        id="dm-to-order",
        title="DM -> order rate" + hostile,
        unit="%",
        actual=weekly_points(start, [10.0, 10.4, 10.1, 10.9, 11.2]),
        pace=(Point(start, 10.0), Point(date(2026, 6, 30), 12.0)),
        target=Point(date(2026, 6, 30), 12.0),
        forecast=Forecast(date(2026, 6, 30), 12.4, 11.1, 13.6),
        labels=("actual", "pace", "target", "forecast"),
    )
    trend = TrendChart(
        id="reach",
        title="Reach (weekly)",
        unit="",
        series=(
            Series("instagram", weekly_points(start, [5000, 5600, 6100, 5900, 7000])),
            Series("facebook", weekly_points(start, [3000, 3100, 2900, 3300, 3500])),
        ),
        target=9000.0,
    )
    return Report(
        kind=ReportKind.MONTHLY,
        lang=lang,
        title="Monthly performance" + hostile,
        plan="Coffee roaster" + hostile,
        period_label="2026-02",
        period_start=date(2026, 2, 1),
        period_end=date(2026, 3, 1),
        as_of=date(2026, 2, 28),
        sections=(
            Section("objectives", "Objectives", (objectives, chart)),
            Section(
                "leads",
                "Leads",
                (
                    Figures(
                        "leads",
                        "Leads",
                        (
                            Figure("New leads", "42", 42.0, Tone.GOOD, "target 40"),
                            Figure("Conversion", "n/a"),
                        ),
                    ),
                ),
            ),
            Section("trends", "KPI trends", (trend,)),
            Section(
                "alerts",
                "Alerts",
                (
                    Callouts("alerts", "Alerts", (Callout("Volume spike" + hostile, Tone.BAD),)),
                    Callouts("quiet", "Quiet", (), empty_text="Nothing to report"),
                ),
            ),
            Section("next", "Next", (BulletList("hypotheses", "Hypotheses", ("Try Reels",)),)),
        ),
    )


@pytest.fixture
def make_report() -> Callable[..., Report]:
    """``make_report(lang="en", hostile="")`` builds :func:`sample_report`."""
    return sample_report
