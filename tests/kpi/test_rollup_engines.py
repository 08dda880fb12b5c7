"""The numpy and Python rollup engines give the same numbers, bit for bit."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import ValidationError
from socialgoals.kpi import Aggregation, MetricTable, Rollup, Window, numpy_available, rollup
from socialgoals.kpi import _numpy as engine_module
from socialgoals.kpi._grouping import code_periods
from socialgoals.model import PeriodKind

pytest.importorskip("numpy", reason="the numpy engine is the 'numpy' extra")

D0 = date(2026, 3, 2)
METRICS = ["impressions", "likes", "clicks", "spend", "followers"]
KPIS = ["engagement_rate", "ctr", "cpc", *METRICS]

# Floats of very different magnitudes: the order of the additions shows in the last bits.
amount = st.one_of(
    st.floats(min_value=0, max_value=1e12, allow_nan=False),
    st.sampled_from([0.0, -0.0, 0.1, 1e-9, 3.0, 1e15]),
)
maybe = st.one_of(st.none(), amount)
row = st.tuples(
    st.integers(0, 40).map(lambda d: D0 + timedelta(days=d)),
    st.sampled_from(["instagram", "x", "linkedin"]),
    st.sampled_from(["a", "b", "", "zz"]),
    amount, amount, maybe, amount, maybe,
)  # fmt: skip
COLUMNS = ["date", "platform", "campaign", *METRICS]
GROUPINGS: list[tuple[tuple[str, ...], PeriodKind | list[Window] | None]] = [
    ((), None),
    (("platform",), None),
    (("campaign", "platform"), PeriodKind.DAY),
    (("platform",), PeriodKind.ISO_WEEK),
    ((), [Window(D0, D0 + timedelta(days=7)), Window(D0 + timedelta(days=20), D0 + timedelta(30))]),
]  # fmt: skip


def _snapshot(r: Rollup) -> tuple[object, ...]:
    return (r.dimensions, r.keys, dict(r.sums), dict(r.values), dict(r.aggregations))


def _same(a: Rollup, b: Rollup) -> None:
    sa, sb = _snapshot(a), _snapshot(b)
    assert repr(sa) == repr(sb)  # repr tells -0.0 from 0.0 and compares the exact digits
    assert sa == sb


@given(st.lists(row, max_size=60))
def test_engines_agree_on_any_table(rows: list[tuple[object, ...]]) -> None:
    table = MetricTable.from_wide(rows, columns=COLUMNS)
    for by, period in GROUPINGS:
        py = rollup(table, KPIS, by=by, period=period, engine="python")
        fast = rollup(table, KPIS, by=by, period=period, engine="numpy")
        _same(py, fast)


@given(st.lists(st.tuples(st.integers(0, 5), amount, st.integers(0, 10**6)), max_size=40))
def test_engines_agree_on_list_columns(rows: list[tuple[int, float, int]]) -> None:
    """Lists of floats take the numpy path; lists with ints take the Python one."""
    table = MetricTable.from_columns(
        {"date": [D0] * len(rows), "campaign": [f"c{r[0]}" for r in rows]},
        {"spend": [r[1] for r in rows], "clicks": [r[2] for r in rows]},
    )
    if rows:
        assert engine_module.numpy_column(table.metrics["spend"], len(rows)) is not None
        assert engine_module.numpy_column(table.metrics["clicks"], len(rows)) is None
    names = ["cpc", "spend", "clicks"]
    _same(
        rollup(table, names, by=["campaign"], engine="python"),
        rollup(table, names, by=["campaign"], engine="numpy"),
    )
    assert table.metrics["spend"] == [r[1] for r in rows]  # the columns are left as they were


def test_engines_agree_on_sparse_high_cardinality_keys() -> None:
    rows = [
        (D0 + timedelta(days=i % 3), f"c{i % 400:03d}", f"p{(i * 7) % 390:03d}", float(i) / 7)
        for i in range(1200)
    ]  # 400 x 390 x 3 combinations > 65,536 and > rows: the sparse coding
    t = MetricTable.from_wide(rows, columns=["date", "campaign", "post", "reach"])
    by = ["campaign", "post"]
    fast = rollup(t, ["reach"], by=by, period=PeriodKind.DAY, engine="numpy")
    _same(rollup(t, ["reach"], by=by, period=PeriodKind.DAY, engine="python"), fast)
    assert len(fast) == len({(c, p, d) for d, c, p, _ in rows})


def test_key_spaces_beyond_64_bits_fall_back_to_python() -> None:
    n = 701  # a prime: every key column has n distinct values
    dims = {f"k{j}": [f"{j}-{(i * (j + 3)) % n}" for i in range(n)] for j in range(7)}
    columns: dict[str, Sequence[object]] = {"date": [D0] * n, **dims}
    t = MetricTable.from_columns(columns, {"reach": array("d", map(float, range(n)))})
    assert engine_module.numpy_group_ids(list(dims.values()), None, n) is None  # 701**7 > 2**62
    fast = rollup(t, ["reach"], by=list(dims), engine="numpy")
    _same(rollup(t, ["reach"], by=list(dims), engine="python"), fast)
    assert len(fast) == n


def test_periods_and_windows_are_coded_alike() -> None:
    dates = [D0 + timedelta(days=d) for d in (0, 9, 3, 40, 9)]
    lookup, _, labels = code_periods(dates, PeriodKind.ISO_WEEK, None)
    found = engine_module.numpy_group_ids([], (lookup, dates, labels), len(dates))
    assert found is not None
    gid, found_labels, present, space = found
    assert found_labels == [labels]
    assert gid.tolist() == [lookup[d] for d in dates]
    assert present == sorted(set(gid.tolist()))
    assert space == len(labels)


def test_bad_values_are_located_on_the_numpy_engine() -> None:
    rows = [(D0, "x", 1.0), (D0, "x", float("inf"))]
    t = MetricTable.from_wide(rows, columns=["date", "platform", "reach"])
    with pytest.raises(ValidationError) as caught:
        rollup(t, ["reach"], engine="numpy")
    assert caught.value.problems[0].path == "reach[1]"
    huge = MetricTable.from_wide(
        [(D0, "x", 1e308), (D0, "x", 1e308)], columns=["date", "platform", "reach"]
    )
    with pytest.raises(ValidationError, match="too large"):
        rollup(huge, ["reach"], engine="numpy")


def test_stock_metrics_and_gaps_stay_exact_on_the_numpy_engine() -> None:
    rows = [
        (D0, "x", 100.0, None),
        (D0 + timedelta(days=1), "x", 120.0, 5.0),
        (D0, "ig", 40.0, None),
    ]
    t = MetricTable.from_wide(rows, columns=["date", "platform", "followers", "clicks"])
    r = rollup(t, ["followers", "clicks"], by=["platform"], engine="numpy")
    assert r.aggregations["followers"] is Aggregation.LAST
    assert [r.get(k, "followers") for k in r.keys] == [40.0, 120.0]
    assert r.column("clicks") == [None, 5.0]  # no data, not zero


def test_empty_table_on_the_numpy_engine() -> None:
    t = MetricTable.from_wide([], columns=["date", "platform", "reach"])
    r = rollup(t, ["reach"], by=["platform"], engine="numpy")
    assert len(r) == 0


def test_unknown_engine_is_named() -> None:
    t = MetricTable.from_wide([(D0, "x", 1.0)], columns=["date", "platform", "reach"])
    with pytest.raises(ValidationError) as caught:
        rollup(t, ["reach"], engine="polars")  # type: ignore[arg-type]
    assert caught.value.problems[0].path == "engine"
    assert caught.value.problems[0].value == "polars"


def test_without_numpy_auto_runs_python_and_numpy_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    t = MetricTable.from_wide(
        [(D0, "x", 1.0), (D0, "x", 2.0)], columns=["date", "platform", "reach"]
    )
    monkeypatch.setattr(engine_module, "numpy_available", lambda: False)
    assert rollup(t, ["reach"], engine="auto").get((), "reach") == 3.0
    with pytest.raises(ValidationError, match=r"socialgoals\[numpy\]") as caught:
        rollup(t, ["reach"], engine="numpy")
    assert caught.value.problems[0].path == "engine"
    monkeypatch.undo()
    assert numpy_available() is True
