"""The rollup engine: metric sums and KPI values by dimensions and period.

The hot path is columnar: every key column is coded to small integers once,
the codes combine into one group id per row (``_grouping``), and each metric
column is then accumulated in one tight pass. Both passes run in pure Python,
or on numpy when it is installed (``_numpy``; same numbers, bit for bit). KPIs
are evaluated afterwards on the per-group sums, so a ratio is always a ratio
of sums.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

import attrs

from socialgoals.errors import UnknownMetricError, ValidationError
from socialgoals.kpi._catalogue import KPI, Catalogue
from socialgoals.kpi._formula import Column, Expr, Metric, Undefined, Value
from socialgoals.kpi._grouping import code_column, code_periods, decode, group_ids
from socialgoals.kpi._numpy import (
    Engine,
    numpy_column,
    numpy_group_ids,
    numpy_index,
    numpy_sums,
    wants_numpy,
)
from socialgoals.kpi._standard import STOCK_METRICS, standard_catalogue
from socialgoals.kpi._table import MetricTable, Window, gc_paused
from socialgoals.model import PeriodKind

if TYPE_CHECKING:
    from socialgoals.kpi._numpy import GroupIds

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
    _check_finite(name, column, out)
    if seen is not None:
        out = [v if seen[g] else None for g, v in zip(present, out, strict=True)]
    return out


def _check_finite(name: str, column: Sequence[float | None], sums: Column) -> None:
    if not all(map(math.isfinite, filter(None, sums))):
        raise _bad_value(name, column)


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
    engine: Engine = "auto",
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
        engine: ``"auto"`` runs the two hot passes (group ids, sums of
            float columns) on numpy when it is installed (the ``numpy``
            extra), else in pure Python; ``"numpy"`` or ``"python"`` picks
            one. Both give the same numbers, bit for bit.

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
                       aggregations=aggregations, engine=engine)  # fmt: skip


def _rollup(
    table: MetricTable,
    kpis: Iterable[str | KPI],
    *,
    by: Sequence[str],
    period: PeriodKind | Sequence[Window] | None,
    tz: tzinfo | None,
    catalogue: Catalogue | None,
    aggregations: Mapping[str, Aggregation] | None,
    engine: Engine,
) -> Rollup:
    fast = wants_numpy(engine)
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
    dimensions = tuple(by)
    periods = None
    if period is not None:
        periods = code_periods(table.dimensions["date"], period, tz)
        dimensions = (*dimensions, "period")
    keys_by = [table.dimensions[dim] for dim in by]
    groups = numpy_group_ids(keys_by, periods, rows) if fast and rows else None
    gid_array: GroupIds | None = None
    gid: list[int] | None = None
    if groups is None:
        codings = [code_column(column) for column in keys_by]
        if periods is not None:
            codings.append(periods)
        labels = [lab for _, _, lab in codings]
        gid, present, space = group_ids(codings, rows)
    else:
        gid_array, labels, present, space = groups
    if rows == 0:
        present = []
    sizes = [len(lab) for lab in labels]
    keys, kept = decode(present, sizes, labels, dense=space > 0)
    acc_size = space if space > 0 else -space
    slots = numpy_index(kept) if gid_array is not None else None
    sums: dict[str, Column] = {}
    for name in sorted(_needed_metrics(formulas, cat)):
        if name not in table.metrics:
            sums[name] = [None] * len(kept)
            continue
        aggregation = how.get(name, Aggregation.SUM)
        column = table.metrics[name]
        floats = None
        if gid_array is not None and aggregation is Aggregation.SUM:
            floats = numpy_column(column, rows)
        if gid_array is not None and slots is not None and floats is not None:
            sums[name] = numpy_sums(gid_array, floats, acc_size, slots)
            _check_finite(name, column, sums[name])
            continue
        if gid is None:
            assert gid_array is not None
            gid = gid_array.tolist()
        sums[name] = _aggregate(
            name, aggregation, gid=gid, table=table, size=acc_size, present=kept
        )
    used = {m: how.get(m, Aggregation.SUM) for m in sums}
    return _finish(
        dimensions, tuple(keys), sums, formulas=formulas, catalogue=cat, aggregations=used
    )
