from __future__ import annotations

from datetime import date, timedelta

import pytest

from socialgoals.errors import ValidationError
from socialgoals.kpi import MetricTable, Undefined, Window, measure_baseline, rollup
from socialgoals.model import PeriodKind
from socialgoals.tracking import (
    SeriesPoint,
    as_baseline,
    as_points,
    kpi_series,
    series_from_rollup,
)

D0 = date(2026, 3, 1)


def _table() -> MetricTable:
    rows = [
        (D0 + timedelta(days=d), p, 100.0, float(d % 3))
        for d in range(40)
        for p in ("x", "linkedin")
    ]
    return MetricTable.from_wide(rows, columns=["date", "platform", "impressions", "clicks"])


def test_series_from_rollup_dates_each_period_on_its_last_day() -> None:
    r = rollup(_table(), ["ctr"], by=["platform"], period=PeriodKind.MONTH)
    series = series_from_rollup(r, "ctr", key=("x",))
    assert [d for d, _ in series] == [date(2026, 3, 31), date(2026, 4, 30)]
    assert series[0][1] == pytest.approx(30.0 / 3100 * 100)
    with pytest.raises(ValidationError, match="non-time dimension"):
        series_from_rollup(r, "ctr")
    w = rollup(_table(), ["clicks"], period=[Window(D0, D0 + timedelta(days=7))])
    assert series_from_rollup(w, "clicks") == [(D0 + timedelta(days=6), 12.0)]


def test_kpi_series_modes() -> None:
    t = _table()
    daily = kpi_series(t, "clicks", start=D0 + timedelta(days=10), end=D0 + timedelta(days=13),
                       where={"platform": "x"})  # fmt: skip
    assert daily == [(D0 + timedelta(days=10), 1.0), (D0 + timedelta(days=11), 2.0),
                     (D0 + timedelta(days=12), 0.0)]  # fmt: skip
    running = kpi_series(t, "clicks", start=D0, end=D0 + timedelta(days=4), cumulative=True)
    assert [v for _, v in running] == [0.0, 2.0, 6.0, 6.0]
    window = kpi_series(t, "clicks", start=D0 + timedelta(days=5), end=D0 + timedelta(days=6),
                        window_days=3)  # fmt: skip
    assert window == [(D0 + timedelta(days=5), 2.0 * (0 + 1 + 2))]
    with pytest.raises(ValidationError, match="not both"):
        kpi_series(t, "clicks", start=D0, end=D0, cumulative=True, window_days=3)


def test_as_points() -> None:
    points = as_points([SeriesPoint(D0, 1.0), (D0, 2), (D0, None), (D0, Undefined("no data"))])
    assert points == [SeriesPoint(D0, 1.0), SeriesPoint(D0, 2.0)]
    with pytest.raises(ValidationError, match=r"\[0\]"):
        as_points([(D0, "many")])  # type: ignore[list-item]


def test_measured_baseline_becomes_an_objective_baseline() -> None:
    t = _table()
    measured = measure_baseline(t, "ctr", end=D0 + timedelta(days=40), days=30)
    baseline = as_baseline(measured)
    assert baseline.value == measured.value
    assert baseline.window_length == 30
    assert baseline.window_end == D0 + timedelta(days=40)
