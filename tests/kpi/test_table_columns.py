"""Wide rows into columns: compact metric columns, gaps kept, sums as the simple loop."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import ValidationError
from socialgoals.kpi import MetricTable, rollup

COLUMNS = ["date", "platform", "campaign", "impressions", "clicks", "spend"]
METRICS = COLUMNS[3:]
D0 = date(2026, 3, 2)

number = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
)
rows_strategy = st.lists(
    st.tuples(
        st.integers(0, 3).map(lambda d: D0 + timedelta(days=d)),
        st.sampled_from(["instagram", "x"]),
        st.sampled_from(["a", "b"]),
        number,
        st.one_of(st.none(), number),
        st.one_of(st.none(), number),
    ),
    max_size=60,
)  # few keys, many rows: groups get duplicates and gaps


def _reference(rows: list[tuple[object, ...]]) -> dict[tuple[object, ...], list[float | None]]:
    """The simple loop: per group and metric, add the values left to right from 0.0."""
    out: dict[tuple[object, ...], list[float | None]] = {}
    for row in rows:
        sums = out.setdefault(row[:3], [None] * len(METRICS))
        for i, value in enumerate(row[3:]):
            if value is not None:
                previous = sums[i]
                sums[i] = (0.0 if previous is None else previous) + value  # type: ignore[operator]
    return out


@given(rows_strategy)
def test_columns_hold_the_row_values_with_gaps_kept(rows: list[tuple[object, ...]]) -> None:
    table = MetricTable.from_wide(rows, columns=COLUMNS)
    assert len(table) == len(rows)
    for position, name in enumerate(COLUMNS):
        column = table.dimensions.get(name, table.metrics.get(name))
        assert column is not None
        expected = [row[position] for row in rows]
        assert list(column) == expected
        assert [v is None for v in column] == [v is None for v in expected]


@given(rows_strategy)
def test_rollup_sums_equal_the_simple_loop_exactly(rows: list[tuple[object, ...]]) -> None:
    result = rollup(MetricTable.from_wide(rows, columns=COLUMNS), METRICS, by=COLUMNS[:3])
    expected = _reference(rows)
    assert set(result.keys) == set(expected)
    for index, key in enumerate(result.keys):
        got = [result.column(m)[index] for m in METRICS]
        assert got == expected[key], key


@given(rows_strategy)
def test_rows_from_an_iterator_give_the_same_table(rows: list[tuple[object, ...]]) -> None:
    from_list = MetricTable.from_wide(rows, columns=COLUMNS)
    from_iter = MetricTable.from_wide(iter(rows), columns=COLUMNS)
    for name in METRICS:
        assert list(from_iter.metrics[name]) == list(from_list.metrics[name])
    for name in COLUMNS[:3]:
        assert list(from_iter.dimensions[name]) == list(from_list.dimensions[name])


def test_whole_number_columns_become_floats_of_the_same_value() -> None:
    table = MetricTable.from_wide([(D0, "x", 1000), (D0, "x", 3)], columns=[*COLUMNS[:2], "reach"])
    assert list(table.metrics["reach"]) == [1000.0, 3.0]
    assert all(type(v) is float for v in table.metrics["reach"])


def test_rows_of_the_wrong_width_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"columns: rows have \[2, 3\] values but 3"):
        MetricTable.from_wide([(D0, "x", 1.0), (D0, "x")], columns=[*COLUMNS[:2], "reach"])


def test_a_bad_value_keeps_its_row_for_the_error() -> None:
    table = MetricTable.from_wide(
        [(D0, "x", 1.0), (D0, "x", "many")], columns=["date", "platform", "reach"]
    )
    values: list[object] = list(table.metrics["reach"])
    assert values == [1.0, "many"]
    huge = MetricTable.from_wide([(D0, "x", 10**400)], columns=["date", "platform", "reach"])
    assert list(huge.metrics["reach"]) == [10**400]  # kept as given, not rounded to inf
    with pytest.raises(ValidationError, match=r"reach\[1\]: must be a number"):
        rollup(table, ["reach"])
