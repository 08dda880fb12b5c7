"""The rollup engine: metric sums and KPI values by dimensions and period.

The hot path is pure Python and columnar: every key column is coded to small
integers once, the codes combine into one group id per row, and each metric
column is then accumulated in one tight pass. KPIs are evaluated afterwards on
the per-group sums, so a ratio is always a ratio of sums.
"""

from __future__ import annotations

import enum
import math
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, tzinfo
from itertools import pairwise, repeat
from operator import add
from typing import Final

import attrs

from socialgoals.errors import UnknownMetricError, ValidationError
from socialgoals.kpi._catalogue import KPI, Catalogue
from socialgoals.kpi._formula import Column, Expr, Metric, Undefined, Value
from socialgoals.kpi._standard import STOCK_METRICS, standard_catalogue
from socialgoals.kpi._table import MetricTable, Window, gc_paused
from socialgoals.model import Period, PeriodKind

__all__ = ["Aggregation", "Rollup", "rollup"]


class Aggregation(enum.Enum):
    """How a metric's rows combine within a group."""

    SUM = "sum"
    """Flows (impressions, clicks, spend): add every row."""
    LAST = "last"
    """Levels (followers): the sum of the values on the group's latest date."""


@attrs.frozen(eq=False)
class Rollup:
    """The result of :func:`rollup`: one row per group, metric sums and KPI values.

    Undefined values are ``None`` in :attr:`values` columns (never NaN or inf);
    :meth:`get` returns an :class:`~socialgoals.kpi.Undefined` with the reason.

    Attributes:
        dimensions: the key dimension names (``period`` last when rolled up by period).
        keys: one tuple of dimension values per group, sorted.
        sums: metric name -> aggregated value per group (``None``: no data).
        values: requested name -> value per group (``None``: undefined).
        formulas: requested name -> its formula.
        catalogue: resolves ``kpi:`` references.
        aggregations: how each metric was aggregated.
    """

    dimensions: tuple[str, ...]
    keys: tuple[tuple[object, ...], ...]
    sums: Mapping[str, Column]
    values: Mapping[str, Column]
    formulas: Mapping[str, Expr]
    catalogue: Catalogue
    aggregations: Mapping[str, Aggregation]
    _positions: dict[tuple[object, ...], int] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        positions = dict(zip(self.keys, range(len(self.keys)), strict=True))
        object.__setattr__(self, "_positions", positions)

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def names(self) -> tuple[str, ...]:
        """The requested KPI and metric names, in request order."""
        return tuple(self.formulas)

    def column(self, name: str) -> Column:
        """The values of one requested name, one per group (``None``: undefined)."""
        if name not in self.values:
            raise UnknownMetricError(name, ("rollup",))
        return self.values[name]

    def position(self, key: Sequence[object]) -> int:
        """The index of a group key (raises ``KeyError`` for an unknown key)."""
        return self._positions[tuple(key)]

    def group_sums(self, index: int) -> dict[str, float]:
        """The metric values of one group, without the metrics that have no data."""
        found: dict[str, float] = {}
        for name, col in self.sums.items():
            value = col[index]
            if value is not None:
                found[name] = value
        return found

    def get(self, key: Sequence[object], name: str) -> Value:
        """The value of ``name`` for the group ``key``, or :class:`Undefined` with a reason."""
        index = self.position(key)
        value = self.column(name)[index]
        if value is not None:
            return value
        result = self.formulas[name].evaluate(self.group_sums(index), self.catalogue.formula_of)
        return result if isinstance(result, Undefined) else Undefined("undefined")

    def rows(self) -> list[dict[str, object]]:
        """One dict per group: the dimensions, then every requested value."""
        out: list[dict[str, object]] = []
        for key in self.keys:
            row: dict[str, object] = dict(zip(self.dimensions, key, strict=True))
            for name in self.formulas:
                row[name] = self.get(key, name)
            out.append(row)
        return out

    def take(self, positions: Iterable[int]) -> Rollup:
        """A rollup of only the groups at ``positions`` (in the order given)."""
        keep = list(positions)
        return Rollup(
            self.dimensions,
            tuple(self.keys[i] for i in keep),
            {m: [col[i] for i in keep] for m, col in self.sums.items()},
            {n: [col[i] for i in keep] for n, col in self.values.items()},
            self.formulas,
            self.catalogue,
            self.aggregations,
        )

    def with_sums(self, sums: Mapping[str, Column]) -> Rollup:
        """The same groups with other metric values; requested values are recomputed."""
        return _finish(
            self.dimensions,
            self.keys,
            dict(sums),
            formulas=self.formulas,
            catalogue=self.catalogue,
            aggregations=self.aggregations,
        )


# ---------------------------------------------------------------------------- keys

_OUTSIDE: Final = object()
"""The label of rows that fall outside every custom window (dropped)."""


def _sort_labels(values: Iterable[object]) -> list[object]:
    unique = list(values)
    try:
        return sorted(unique)  # type: ignore[type-var]
    except TypeError:
        return sorted(unique, key=lambda v: (type(v).__name__, repr(v)))


Coding = tuple[dict[object, int], Sequence[object], list[object]]
"""A key column coded: value -> code, the column itself, and the label of each code."""


def _code_column(column: Sequence[object]) -> Coding:
    lookup: dict[object, int] = dict.fromkeys(column, 0)
    labels = _sort_labels(lookup)
    lookup.update((label, code) for code, label in enumerate(labels))
    return lookup, column, labels


def _local_day(value: object, tz: tzinfo | None) -> date:
    if isinstance(value, datetime):
        if tz is None:
            raise ValidationError(
                "is needed: the date column holds instants (give an IANA zone)",
                path="tz",
                value=None,
            )
        return value.astimezone(tz).date()
    assert isinstance(value, date)
    return value


def _check_windows(windows: Sequence[Window]) -> list[Window]:
    ordered = sorted(windows)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise ValidationError(
                f"overlaps window {before}", path="period", value=str(after), code="overlap"
            )
    return ordered


def _code_periods(
    dates: Sequence[object], period: PeriodKind | Sequence[Window], tz: tzinfo | None
) -> Coding:
    lookup: dict[object, int] = dict.fromkeys(dates, 0)
    label_of: dict[object, object] = {}
    if isinstance(period, PeriodKind):
        for value in lookup:
            label_of[value] = Period.containing(_local_day(value, tz), period)
    else:
        windows = _check_windows(period)
        for value in lookup:
            day = _local_day(value, tz)
            label_of[value] = next((w for w in windows if w.contains(day)), _OUTSIDE)
    labels = _sort_labels(v for v in set(label_of.values()) if v is not _OUTSIDE)
    code_of: dict[object, int] = {label: code for code, label in enumerate(labels)}
    outside = len(labels)
    for value in lookup:
        lookup[value] = code_of.get(label_of[value], outside)
    if any(v is _OUTSIDE for v in label_of.values()):
        labels.append(_OUTSIDE)
    return lookup, dates, labels


def _group_ids(codings: list[Coding], rows: int) -> tuple[list[int], list[int], int]:
    """Combine the key columns: (group id per row, combined code per group, groups).

    Each column's codes are pre-multiplied by its stride, so the combined code
    of a row is one lazy chain of C-level lookups and additions.
    """
    if not codings:
        return [0] * rows, [0], 1
    sizes = [len(labels) for _, _, labels in codings]
    stride = 1
    chain: Iterator[int] | None = None
    for (lookup, column, _), size in zip(reversed(codings), reversed(sizes), strict=True):
        scaled = {value: code * stride for value, code in lookup.items()}
        codes = map(scaled.__getitem__, column)
        chain = codes if chain is None else map(add, chain, codes)
        stride *= size
    combined = list(chain or ())
    space = stride
    if space <= max(1 << 16, rows):
        present = sorted(set(combined))
        return combined, present, space
    group_of: dict[int, int] = dict.fromkeys(combined, 0)
    present = sorted(group_of)
    group_of.update(zip(present, range(len(present)), strict=True))
    return list(map(group_of.__getitem__, combined)), present, -len(present)


def _decode(
    present: list[int], sizes: list[int], labels: list[list[object]], *, dense: bool
) -> tuple[list[tuple[object, ...]], list[int]]:
    """Group keys from combined codes, and where each group's sums live."""
    label_columns: list[list[object]] = []
    rest: list[int] = present
    for size, lab in zip(reversed(sizes), reversed(labels), strict=True):
        label_columns.append(list(map(lab.__getitem__, map(operator.mod, rest, repeat(size)))))
        rest = list(map(operator.floordiv, rest, repeat(size)))
    label_columns.reverse()
    keys: list[tuple[object, ...]] = list(zip(*label_columns, strict=True)) or [()] * len(present)
    slots = present if dense else list(range(len(present)))
    if not any(_OUTSIDE in lab for lab in labels):
        return keys, slots
    inside = [i for i, key in enumerate(keys) if _OUTSIDE not in key]
    return [keys[i] for i in inside], [slots[i] for i in inside]


# ---------------------------------------------------------------------------- sums


def _bad_value(name: str, column: Sequence[object]) -> ValidationError:
    for i, value in enumerate(column):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ValidationError("must be a number or None", path=f"{name}[{i}]", value=value)
        if not math.isfinite(value):
            return ValidationError("must be a finite number", path=f"{name}[{i}]", value=value)
    return ValidationError("sums to a number too large to represent", path=name)


def _sum(
    gid: list[int], column: Sequence[float | None], size: int
) -> tuple[Column, list[bool] | None]:
    """Per-group sums in one pass; ``seen`` marks groups with data when the column has gaps."""
    acc: list[float] = [0.0] * size
    try:
        for g, v in zip(gid, column):  # noqa: B905 - same length by construction; hot loop
            acc[g] += v  # type: ignore[operator]
    except TypeError:  # a None (no data) or a bad value: take the careful path
        pass
    else:
        return acc, None  # type: ignore[return-value]
    acc = [0.0] * size
    seen = [False] * size
    for g, v in zip(gid, column):  # noqa: B905 - same length by construction
        if v is not None:
            acc[g] += v
            seen[g] = True
    return acc, seen  # type: ignore[return-value]


def _last(
    gid: list[int], dates: Sequence[object], column: Sequence[float | None], size: int
) -> tuple[Column, list[bool] | None]:
    acc: list[float] = [0.0] * size
    latest: list[object] = [None] * size
    for g, day, v in zip(gid, dates, column):  # noqa: B905 - same length by construction
        if v is None:
            continue
        best = latest[g]
        if best is None or day > best:  # type: ignore[operator]
            latest[g] = day
            acc[g] = v
        elif day == best:
            acc[g] += v
    return acc, [d is not None for d in latest]  # type: ignore[return-value]


def _aggregate(
    name: str,
    how: Aggregation,
    *,
    gid: list[int],
    table: MetricTable,
    size: int,
    present: list[int],
) -> Column:
    column = table.metrics[name]
    try:
        if how is Aggregation.SUM:
            acc, seen = _sum(gid, column, size)
        else:
            acc, seen = _last(gid, table.dimensions["date"], column, size)
    except TypeError:
        raise _bad_value(name, column) from None
    out: Column = list(map(acc.__getitem__, present))
    if not all(map(math.isfinite, filter(None, out))):
        raise _bad_value(name, column)
    if seen is not None:
        out = [v if seen[g] else None for g, v in zip(present, out, strict=True)]
    return out


# ---------------------------------------------------------------------------- rollup


def _requested(
    names: Iterable[str | KPI], catalogue: Catalogue, table: MetricTable
) -> dict[str, Expr]:
    formulas: dict[str, Expr] = {}
    for item in names:
        if isinstance(item, KPI):
            formulas[item.id] = item.formula
        elif item in catalogue:
            formulas[item] = catalogue.formula_of(item)
        elif item in table.metrics or item in catalogue.metrics:
            formulas[item] = Metric(item)
        else:
            raise UnknownMetricError(item, ("rollup",))
    return formulas


def _needed_metrics(formulas: Mapping[str, Expr], catalogue: Catalogue) -> set[str]:
    needed: set[str] = set()
    for expr in formulas.values():
        needed |= expr.metrics()
        for ref in expr.refs():
            needed |= catalogue.metrics_of(ref)
    return needed


def _finish(
    dimensions: tuple[str, ...],
    keys: tuple[tuple[object, ...], ...],
    sums: dict[str, Column],
    *,
    formulas: Mapping[str, Expr],
    catalogue: Catalogue,
    aggregations: Mapping[str, Aggregation],
) -> Rollup:
    size = len(keys)
    resolve = catalogue.formula_of
    memo: dict[str, Column] = dict(sums)  # KPI references are computed once per rollup
    values = {name: expr.columns(memo, size, resolve) for name, expr in formulas.items()}
    return Rollup(dimensions, keys, sums, values, dict(formulas), catalogue, dict(aggregations))


def rollup(
    table: MetricTable,
    kpis: Iterable[str | KPI] = (),
    *,
    by: Sequence[str] = (),
    period: PeriodKind | Sequence[Window] | None = None,
    tz: tzinfo | None = None,
    catalogue: Catalogue | None = None,
    aggregations: Mapping[str, Aggregation] | None = None,
) -> Rollup:
    """Roll ``table`` up by dimensions and period, and evaluate KPIs on the sums.

    Args:
        table: the metrics.
        kpis: KPI ids, :class:`KPI` objects or metric names to compute.
        by: dimension names to group by (``platform``, ``campaign``...).
        period: a calendar granularity, or custom non-overlapping
            :class:`Window` objects (rows outside every window are left out);
            adds a ``period`` dimension, last.
        tz: the timezone that turns instants of the ``date`` column into days.
        catalogue: resolves KPI ids (default: :func:`standard_catalogue`).
        aggregations: per-metric :class:`Aggregation` (default: sum, and
            latest value for the stock metrics such as ``followers``).

    >>> from datetime import date
    >>> t = MetricTable.from_wide(
    ...     [(date(2026, 3, 2), "x", 1000.0, 10.0), (date(2026, 3, 3), "x", 3000.0, 50.0),
    ...      (date(2026, 3, 9), "x", 0.0, 0.0)],
    ...     columns=["date", "platform", "impressions", "clicks"])
    >>> r = rollup(t, ["ctr", "clicks"], by=["platform"], period=PeriodKind.ISO_WEEK)
    >>> [(k[1].label, r.get(k, "ctr")) for k in r.keys]
    [('2026-W10', 1.5), ('2026-W11', Undefined(reason='denominator impressions is zero'))]
    """
    with gc_paused():
        return _rollup(table, kpis, by=by, period=period, tz=tz, catalogue=catalogue,
                       aggregations=aggregations)  # fmt: skip


def _rollup(
    table: MetricTable,
    kpis: Iterable[str | KPI],
    *,
    by: Sequence[str],
    period: PeriodKind | Sequence[Window] | None,
    tz: tzinfo | None,
    catalogue: Catalogue | None,
    aggregations: Mapping[str, Aggregation] | None,
) -> Rollup:
    cat = catalogue if catalogue is not None else standard_catalogue()
    formulas = _requested(kpis, cat, table)
    for dim in by:
        if dim not in table.dimensions:
            raise ValidationError(
                f"is not a dimension of the table ({sorted(table.dimensions)})",
                path="by",
                value=dim,
            )
    how = dict.fromkeys(STOCK_METRICS, Aggregation.LAST)
    how.update(aggregations or {})
    rows = len(table)
    codings = [_code_column(table.dimensions[dim]) for dim in by]
    dimensions = tuple(by)
    if period is not None:
        codings.append(_code_periods(table.dimensions["date"], period, tz))
        dimensions = (*dimensions, "period")
    labels = [lab for _, _, lab in codings]
    sizes = [len(lab) for lab in labels]
    gid, present, space = _group_ids(codings, rows)
    if rows == 0:
        present = []
    keys, kept = _decode(present, sizes, labels, dense=space > 0)
    acc_size = space if space > 0 else -space
    sums: dict[str, Column] = {}
    for name in sorted(_needed_metrics(formulas, cat)):
        if name in table.metrics:
            aggregation = how.get(name, Aggregation.SUM)
            sums[name] = _aggregate(
                name, aggregation, gid=gid, table=table, size=acc_size, present=kept
            )
        else:
            sums[name] = [None] * len(kept)
    used = {m: how.get(m, Aggregation.SUM) for m in sums}
    return _finish(
        dimensions, tuple(keys), sums, formulas=formulas, catalogue=cat, aggregations=used
    )
