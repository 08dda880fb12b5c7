from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import NaiveDatetimeError, UnknownMetricError, ValidationError
from socialgoals.kpi import (
    Aggregation,
    MetricTable,
    Rollup,
    Undefined,
    Window,
    rollup,
    standard_catalogue,
)
from socialgoals.model import Observation, Period, PeriodKind, Platform

COLUMNS = ["date", "platform", "campaign", "impressions", "likes", "comments", "shares", "clicks"]
KPIS = ["engagement_rate", "ctr", "impressions", "clicks"]
D0 = date(2026, 3, 2)  # a Monday

count = st.integers(min_value=0, max_value=10**6).map(float)
maybe = st.one_of(st.none(), count)
rows_strategy = st.lists(
    st.tuples(
        st.integers(0, 20).map(lambda d: D0 + timedelta(days=d)),
        st.sampled_from(["instagram", "x"]),
        st.sampled_from(["a", "b", ""]),
        maybe, count, count, maybe, maybe,
    ),
    max_size=40,
)  # fmt: skip


def _table(rows: list[tuple[object, ...]]) -> MetricTable:
    return MetricTable.from_wide(rows, columns=COLUMNS)


def _snapshot(r: Rollup) -> list[tuple[object, ...]]:
    return [(k, *(r.column(n)[i] for n in r.names)) for i, k in enumerate(r.keys)]


def test_ratio_of_sums_not_mean_of_ratios() -> None:
    t = _table(
        [(D0, "x", "a", 100.0, 10.0, 0.0, 0.0, 1.0), (D0, "x", "a", 900.0, 0.0, 0.0, 0.0, 9.0)]
    )
    r = rollup(t, ["engagement_rate", "ctr"])
    assert r.get((), "engagement_rate") == pytest.approx(1.0)  # 10 / 1000, not mean(10%, 0%) = 5%
    assert r.get((), "ctr") == pytest.approx(1.0)


@given(rows_strategy, st.randoms(use_true_random=False))
def test_rollup_is_invariant_to_row_order(
    rows: list[tuple[object, ...]], rnd: random.Random
) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    for by, period in [
        ((), None),
        (("platform",), PeriodKind.ISO_WEEK),
        (("campaign", "platform"), PeriodKind.DAY),
    ]:
        a = rollup(_table(rows), KPIS, by=by, period=period)
        b = rollup(_table(shuffled), KPIS, by=by, period=period)
        assert _snapshot(a) == _snapshot(b)


@given(rows_strategy)
def test_splitting_a_group_into_parts_gives_the_same_rollup(rows: list[tuple[object, ...]]) -> None:
    whole = rollup(_table(rows), KPIS, by=["platform"])
    parts = rollup(_table(rows), KPIS, by=["platform", "campaign"])
    for key in whole.keys:
        combined: dict[str, float] = {}
        for i, part in enumerate(parts.keys):
            if part[0] == key[0]:
                for metric, value in parts.group_sums(i).items():
                    combined[metric] = combined.get(metric, 0.0) + value
        cat = standard_catalogue()
        for name in KPIS:
            expected = cat.expr(name).evaluate(combined, cat.formula_of)
            got = whole.get(key, name)
            if isinstance(expected, Undefined):
                assert isinstance(got, Undefined)
            else:
                assert got == pytest.approx(expected, rel=1e-12)


@given(rows_strategy)
def test_undefined_never_leaks_as_nan(rows: list[tuple[object, ...]]) -> None:
    r = rollup(
        _table(rows), [*KPIS, "cpa", "nps"], by=["platform", "campaign"], period=PeriodKind.MONTH
    )
    for name in r.names:
        for value in r.column(name):
            assert value is None or (isinstance(value, float) and math.isfinite(value))
    for row in r.rows():
        for name in r.names:
            assert isinstance(row[name], float | Undefined)
            if isinstance(row[name], Undefined):
                assert row[name].reason


@given(rows_strategy)
def test_long_and_wide_forms_agree(rows: list[tuple[object, ...]]) -> None:
    merged: dict[tuple[object, ...], dict[str, float]] = {}
    for day, platform, campaign, *values in rows:
        bucket = merged.setdefault((day, platform, campaign), {})
        for name, value in zip(COLUMNS[3:], values, strict=True):
            if value is not None:
                bucket[name] = bucket.get(name, 0.0) + value
    long_rows = [
        (day, platform, name, value, "", campaign)
        for (day, platform, campaign), metrics in merged.items()
        for name, value in metrics.items()
    ]
    wide = rollup(_table(rows), KPIS, by=["platform", "campaign"], period=PeriodKind.ISO_WEEK)
    long = rollup(MetricTable.from_observations(long_rows), KPIS, by=["platform", "campaign"],
                  period=PeriodKind.ISO_WEEK)  # fmt: skip
    assert _snapshot(wide) == _snapshot(long)


def test_missing_metric_is_distinguishable_from_zero() -> None:
    t = _table(
        [(D0, "x", "a", 100.0, 1.0, 1.0, 1.0, None), (D0, "x", "b", 100.0, 1.0, 1.0, 1.0, 0.0)]
    )
    r = rollup(t, ["clicks", "ctr"], by=["campaign"])
    assert r.get(("a",), "clicks") == Undefined("no data for metric clicks")
    assert r.get(("b",), "clicks") == 0.0
    assert r.get(("a",), "ctr") == Undefined("no data for metric clicks")
    assert r.get(("b",), "ctr") == 0.0
    z = rollup(_table([(D0, "x", "a", 0.0, 1.0, 1.0, 1.0, 0.0)]), ["ctr"])
    assert z.get((), "ctr") == Undefined("denominator impressions is zero")
    absent = rollup(_table([(D0, "x", "a", 1.0, 1.0, 1.0, 1.0, 0.0)]), ["cpa"])
    assert absent.get((), "cpa") == Undefined("no data for metric spend")


def test_periods_and_labels() -> None:
    days = [date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1), date(2026, 7, 1)]
    t = _table([(d, "x", "", 10.0, 1.0, 0.0, 0.0, 1.0) for d in days])
    labels = {
        PeriodKind.DAY: ["2026-03-30", "2026-03-31", "2026-04-01", "2026-07-01"],
        PeriodKind.ISO_WEEK: ["2026-W14", "2026-W27"],
        PeriodKind.MONTH: ["2026-03", "2026-04", "2026-07"],
        PeriodKind.QUARTER: ["2026-Q1", "2026-Q2", "2026-Q3"],
    }
    for kind, expected in labels.items():
        r = rollup(t, ["impressions"], period=kind)
        assert r.dimensions == ("period",)
        assert [k[0].label for k in r.keys] == expected
    q = rollup(t, ["impressions"], period=PeriodKind.QUARTER)
    assert q.get((Period.parse("2026-Q2"),), "impressions") == 10.0


def test_custom_windows_leave_out_rows_outside() -> None:
    t = _table([(D0 + timedelta(days=d), "x", "", 1.0, 0.0, 0.0, 0.0, 0.0) for d in range(30)])
    first = Window(D0, D0 + timedelta(days=7), "launch week")
    second = Window(D0 + timedelta(days=14), D0 + timedelta(days=16))
    r = rollup(t, ["impressions"], period=[second, first])
    assert [k[0] for k in r.keys] == [first, second]
    assert r.column("impressions") == [7.0, 2.0]
    with pytest.raises(ValidationError, match="overlaps"):
        rollup(
            t,
            ["impressions"],
            period=[first, Window(D0 + timedelta(days=3), D0 + timedelta(days=9))],
        )


def test_instants_are_bucketed_in_the_named_timezone() -> None:
    late = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 1 April 00:30 in Paris
    t = MetricTable.from_wide([(late, "x", 5.0)], columns=["date", "platform", "reach"])
    paris = rollup(t, ["reach"], period=PeriodKind.MONTH, tz=ZoneInfo("Europe/Paris"))
    utc = rollup(t, ["reach"], period=PeriodKind.MONTH, tz=UTC)
    assert paris.keys[0][0].label == "2026-04"
    assert utc.keys[0][0].label == "2026-03"
    with pytest.raises(ValidationError, match="tz"):
        rollup(t, ["reach"], period=PeriodKind.DAY)
    with pytest.raises(NaiveDatetimeError):
        MetricTable.from_wide(
            [(datetime(2026, 3, 1), "x", 1.0)], columns=["date", "platform", "reach"]
        )


def test_followers_are_a_level_not_a_flow() -> None:
    t = MetricTable.from_observations([
        Observation(D0, Platform.X, "followers", 5000.0),
        Observation(D0 + timedelta(days=1), Platform.X, "followers", 5010.0),
        Observation(D0 + timedelta(days=1), Platform.X, "followers", 300.0, account="second"),
        Observation(D0, Platform.X, "new_followers", 12.0),
        Observation(D0 + timedelta(days=1), Platform.X, "new_followers", 15.0),
        Observation(D0 + timedelta(days=1), Platform.X, "lost_followers", 7.0),
    ])  # fmt: skip
    r = rollup(
        t, ["followers", "net_follower_growth", "audience_growth_rate"], period=PeriodKind.MONTH
    )
    key = r.keys[0]
    assert r.get(key, "followers") == 5310.0
    assert r.get(key, "net_follower_growth") == 20.0
    assert r.get(key, "audience_growth_rate") == pytest.approx(20.0 / 5290.0 * 100)
    assert r.aggregations["followers"] is Aggregation.LAST
    summed = rollup(t, ["followers"], aggregations={"followers": Aggregation.SUM})
    assert summed.get((), "followers") == 10310.0


def test_bad_values_are_located() -> None:
    t = _table([(D0, "x", "", 1.0, 1.0, 1.0, 1.0, 1.0), (D0, "x", "", 1.0, "lots", 1.0, 1.0, 1.0)])
    with pytest.raises(ValidationError, match=r"likes\[1\]: must be a number"):
        rollup(t, ["engagement_rate"])
    nan = _table([(D0, "x", "", math.nan, 1.0, 1.0, 1.0, 1.0)])
    with pytest.raises(ValidationError, match=r"impressions\[0\]: must be a finite number"):
        rollup(nan, ["ctr"])


def test_requests_are_validated() -> None:
    t = _table([(D0, "x", "", 1.0, 1.0, 1.0, 1.0, 1.0)])
    with pytest.raises(UnknownMetricError, match="bogus"):
        rollup(t, ["bogus"])
    with pytest.raises(ValidationError, match="not a dimension"):
        rollup(t, ["ctr"], by=["country"])
    with pytest.raises(UnknownMetricError):
        rollup(t, ["ctr"]).column("cpa")


def test_empty_table() -> None:
    r = rollup(_table([]), KPIS, by=["platform"], period=PeriodKind.DAY)
    assert len(r) == 0
    assert r.rows() == []


def test_table_validation() -> None:
    with pytest.raises(ValidationError) as info:
        MetricTable({"platform": ["x"]}, {"reach": [1.0, 2.0]})
    assert set(info.value.paths) == {"dimensions", "metrics"}
    with pytest.raises(ValidationError, match="does not have"):
        MetricTable.from_wide([], columns=["date"], mapping={"Date": "date"})
    with pytest.raises(ValidationError, match="second value"):
        MetricTable.from_observations([(D0, "x", "reach", 1.0), (D0, "x", "reach", 2.0)])
    with pytest.raises(ValidationError, match="ISO date"):
        MetricTable.from_wide([("March 1", 1.0)], columns=["date", "reach"], parse_dates=True)


def test_wide_export_with_mapping() -> None:
    rows = [("2026-03-01", "Instagram", "spring", 1200, 40, "ignored"),
            ("2026-03-01", "Instagram", "spring", 800, 10, "ignored")]  # fmt: skip
    t = MetricTable.from_wide(
        rows,
        columns=["Day", "Network", "Campaign name", "Impressions", "Link clicks", "Notes"],
        mapping={"Day": "date", "Network": "platform", "Campaign name": "campaign",
                 "Impressions": "impressions", "Link clicks": "clicks", "Notes": None},
        parse_dates=True,
    )  # fmt: skip
    r = rollup(t, ["ctr"], by=["campaign"])
    assert r.get(("spring",), "ctr") == pytest.approx(50 / 2000 * 100)
    assert "Notes" not in t.metrics
    assert "notes" not in t.metrics
    plat = MetricTable.from_wide([(D0, Platform.X, 1.0)], columns=["date", "platform", "reach"])
    assert plat.dimensions["platform"] == [Platform.X.id]


def test_custom_kpi_objects_and_catalogues() -> None:
    cat = standard_catalogue()
    t = _table([(D0, "x", "", 200.0, 4.0, 0.0, 0.0, 2.0)])
    r = rollup(t, [cat.get("ctr")], catalogue=cat)
    assert r.get((), "ctr") == 1.0


def test_sparse_high_cardinality_keys() -> None:
    rows = [
        (D0 + timedelta(days=i % 3), f"c{i % 400:03d}", f"p{(i * 7) % 390:03d}", float(i))
        for i in range(1200)
    ]
    t = MetricTable.from_wide(rows, columns=["date", "campaign", "post", "reach"])
    r = rollup(t, ["reach"], by=["campaign", "post"], period=PeriodKind.DAY)
    expected: dict[tuple[object, ...], float] = {}
    for day, campaign, post, reach in rows:
        key = (campaign, post, Period.containing(day, PeriodKind.DAY))
        expected[key] = expected.get(key, 0.0) + reach
    assert list(r.keys) == sorted(expected)
    assert dict(zip(r.keys, r.column("reach"), strict=True)) == expected


def test_where_filters_dimensions_exactly() -> None:
    t = MetricTable.from_wide(
        [
            (D0, "Instagram", "Spring", 1.0),
            (D0, "x", "spring", 2.0),
            (D0, "instagram", "Spring", 4.0),
        ],
        columns=["date", "platform", "campaign", "reach"],
    )
    assert t.where(campaign="Spring").metrics["reach"] == [1.0, 4.0]
    assert t.where(platform="IG", campaign="Spring").metrics["reach"] == [1.0, 4.0]
    assert t.where(platform=Platform.X).metrics["reach"] == [2.0]
    with pytest.raises(ValidationError, match="not a dimension"):
        t.where(country="fr")
