from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import ValidationError
from socialgoals.kpi import (
    MetricTable,
    Undefined,
    Window,
    measure_baseline,
    period_over_period,
    rolling,
    rollup,
    running_totals,
)
from socialgoals.model import DataSource, DataSourceKind, Period, PeriodKind

D0 = date(2026, 1, 1)
COLUMNS = ["date", "platform", "impressions", "clicks", "followers"]


def _table(rows: list[tuple[object, ...]]) -> MetricTable:
    return MetricTable.from_wide(rows, columns=COLUMNS)


def test_period_over_period() -> None:
    t = _table([
        (date(2026, 1, 5), "x", 1000.0, 10.0, None),
        (date(2026, 2, 5), "x", 1500.0, 30.0, None),
        (date(2026, 4, 5), "x", 0.0, 0.0, None),
        (date(2026, 1, 5), "ig", 200.0, 0.0, None),
    ])  # fmt: skip
    r = rollup(t, ["impressions", "ctr"], by=["platform"], period=PeriodKind.MONTH)
    changes = {(c.key[0], c.key[1].label): c for c in period_over_period(r, "impressions")}
    feb = changes[("x", "2026-02")]
    assert (feb.previous, feb.current, feb.absolute, feb.relative) == (1000.0, 1500.0, 500.0, 50.0)
    assert changes[("x", "2026-04")].previous == Undefined("no data for the previous period")
    assert changes[("instagram", "2026-01")].relative == Undefined(
        "no data for the previous period"
    )
    ctr = {(c.key[0], c.key[1].label): c for c in period_over_period(r, "ctr")}
    assert ctr[("x", "2026-02")].absolute == pytest.approx(1.0)
    ig = rollup(t.where(platform="instagram"), ["clicks"], period=PeriodKind.MONTH)
    zero = {c.key[0].label: c for c in period_over_period(ig, "clicks")}
    assert zero["2026-01"].current == 0.0


def test_period_over_period_for_windows_and_days() -> None:
    t = _table([(D0 + timedelta(days=d), "x", 100.0 * (d + 1), 1.0, None) for d in range(10)])
    w1, w2 = (
        Window(D0, D0 + timedelta(days=3)),
        Window(D0 + timedelta(days=5), D0 + timedelta(days=8)),
    )
    r = rollup(t, ["impressions"], period=[w1, w2])
    second = period_over_period(r, "impressions")[1]
    assert (second.previous, second.current) == (600.0, 2100.0)
    daily = rollup(t, ["impressions"], by=["date"])
    assert period_over_period(daily, "impressions")[1].absolute == 100.0
    with pytest.raises(ValidationError, match="time dimension"):
        period_over_period(rollup(t, ["impressions"], by=["platform"]), "impressions")


def test_previous_value_zero() -> None:
    t = _table([(D0, "x", 0.0, 0.0, None), (D0 + timedelta(days=1), "x", 5.0, 1.0, None)])
    change = period_over_period(rollup(t, ["impressions"], period=PeriodKind.DAY), "impressions")[1]
    assert change.absolute == 5.0
    assert change.relative == Undefined("previous value is zero")


def test_running_totals_are_ratios_of_cumulative_sums() -> None:
    t = _table([
        (date(2026, 1, 1), "x", 100.0, 10.0, 500.0),
        (date(2026, 1, 2), "x", 900.0, 0.0, None),
        (date(2026, 1, 3), "x", 1000.0, 10.0, 520.0),
    ])  # fmt: skip
    r = running_totals(rollup(t, ["impressions", "ctr", "followers"], period=PeriodKind.DAY))
    assert r.column("impressions") == [100.0, 1000.0, 2000.0]
    assert r.column("ctr") == pytest.approx([10.0, 1.0, 1.0])
    assert r.column("followers") == [500.0, 500.0, 520.0]


def test_rolling_30_day_reach_style_window() -> None:
    t = _table([(D0 + timedelta(days=d), "x", 10.0, 1.0, 100.0 + d) for d in range(60)])
    r = rolling(rollup(t, ["impressions", "ctr", "followers"], period=PeriodKind.DAY), 30)
    by_day = {k[0].start: i for i, k in enumerate(r.keys)}
    assert r.column("impressions")[by_day[D0 + timedelta(days=9)]] == 100.0
    assert r.column("impressions")[by_day[D0 + timedelta(days=45)]] == 300.0
    assert r.column("ctr")[by_day[D0 + timedelta(days=45)]] == pytest.approx(10.0)
    assert r.column("followers")[by_day[D0 + timedelta(days=45)]] == 145.0
    weekly = rolling(rollup(t, ["impressions"], period=PeriodKind.ISO_WEEK), 14)
    assert max(weekly.column("impressions")) == 140.0  # type: ignore[type-var]
    with pytest.raises(ValidationError):
        rolling(rollup(t, ["impressions"], period=PeriodKind.DAY), 0)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 1000)), max_size=30),
       st.integers(1, 20))  # fmt: skip
def test_rolling_equals_a_windowed_rollup(rows: list[tuple[int, int]], days: int) -> None:
    t = _table([(D0 + timedelta(days=d), "x", float(v), 1.0, None) for d, v in rows])
    r = rolling(rollup(t, ["impressions"], period=PeriodKind.DAY), days)
    for key in r.keys:
        end = key[0].end
        window = rollup(t, ["impressions"], period=[Window(end - timedelta(days=days), end)])
        assert r.get(key, "impressions") == window.column("impressions")[0]


def test_baseline_from_a_window() -> None:
    t = _table(
        [(D0 + timedelta(days=d), "x", 1000.0, 20.0 + d % 2, 5000.0 + d) for d in range(120)]
    )
    source = DataSource(DataSourceKind.PLATFORM_ANALYTICS, name="X analytics")
    end = D0 + timedelta(days=100)
    b = measure_baseline(t, "ctr", end=end, days=60, source=source)
    assert b.window_start == end - timedelta(days=60)
    assert b.window_end == end
    assert b.window_days == 60
    assert b.days_with_data == 60
    assert b.source == source
    assert b.value == pytest.approx(2.05)
    monthly = measure_baseline(t, "impressions", end=end, days=90, per_days=30)
    assert monthly.value == pytest.approx(30_000.0)
    level = measure_baseline(t, "followers", end=end, per_days=30)
    assert level.value == 5099.0
    none = measure_baseline(t, "ctr", end=D0, days=30)
    assert isinstance(none.value, Undefined)
    assert none.days_with_data == 0
    with pytest.raises(ValidationError, match="between 30 and 90"):
        measure_baseline(t, "ctr", end=end, days=14)
    assert measure_baseline(t, "ctr", end=end, days=14, allow_short_window=True).window_days == 14
    with pytest.raises(ValidationError, match="between"):
        measure_baseline(t, "ctr", end=end, days=180)
    ig = measure_baseline(t, "ctr", end=end, where={"platform": "instagram"})
    assert isinstance(ig.value, Undefined)


def test_period_values_are_periods() -> None:
    t = _table([(D0, "x", 1.0, 1.0, None)])
    r = rollup(t, ["ctr"], period=PeriodKind.QUARTER)
    assert r.keys == ((Period.parse("2026-Q1"),),)
