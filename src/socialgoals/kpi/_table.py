"""The columnar metric table: long-form observations and wide exports, one shape.

A :class:`MetricTable` holds one column per dimension (``date``, ``platform``,
``account``, ``campaign``, ``post``...) and one column per metric. A metric
value of ``None`` means *no data* for that row, which is not zero.
"""

from __future__ import annotations

import contextlib
import gc
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Final

import attrs

from socialgoals.errors import NaiveDatetimeError, Problem, ValidationError, check
from socialgoals.model import Observation, Platform

__all__ = ["DIMENSIONS", "MetricTable", "Window", "ObservationRow", "gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector around a columnar pass.

    The passes allocate many short-lived, acyclic containers; each collection
    they trigger would traverse every row object of the caller's data, which
    costs more than the pass itself on millions of rows. Reference counting
    still frees everything; the collector is re-enabled on exit (if it was on).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


DIMENSIONS: Final[tuple[str, ...]] = ("date", "platform", "account", "campaign", "post")
"""The standard dimensions; ``date`` holds dates or timezone-aware datetimes."""

ObservationRow = tuple[date, str | Platform, str, float] | tuple[object, ...]
"""A long-form tuple ``(date, platform, metric, value[, account[, campaign[, post]]])``."""


@attrs.frozen(order=True)
class Window:
    """A custom rollup window of whole days, ``start`` included, ``end`` excluded.

    >>> w = Window(date(2026, 9, 1), date(2026, 10, 1), "September push")
    >>> (w.days, w.contains(date(2026, 9, 30)), str(w))
    (30, True, 'September push')
    """

    start: date
    end: date
    label: str = attrs.field(default="", order=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("start", "end"):
            value: object = getattr(self, name)
            if isinstance(value, datetime) or not isinstance(value, date):
                problems.append(Problem(name, value, "must be a date (no time part)"))
        check(problems)
        if self.end <= self.start:
            raise ValidationError(f"must be after start {self.start}", path="end", value=self.end)

    @property
    def days(self) -> int:
        """How many days the window has."""
        return (self.end - self.start).days

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the window."""
        return self.start <= day < self.end

    def __str__(self) -> str:
        return self.label or f"{self.start.isoformat()}..{self.end.isoformat()}"


def _platform_id(value: object) -> object:
    if isinstance(value, Platform):
        return value.id
    if isinstance(value, str):
        return Platform.parse(value).id
    return value


def _platform_ids(column: Sequence[object]) -> Sequence[object]:
    """Platform ids for labels and aliases ("Instagram", "Twitter"), parsed once per value."""
    unique = set(column)
    ids = {p: _platform_id(p) for p in unique}
    if all(k == v for k, v in ids.items()):
        return column
    return list(map(ids.__getitem__, column))


@attrs.frozen(eq=False)
class MetricTable:
    """Metrics in columns: one column per dimension, one per metric, same length.

    Build it with :meth:`from_observations` (long form) or :meth:`from_wide`
    (platform exports); roll it up with :func:`~socialgoals.kpi.rollup`.

    Attributes:
        dimensions: dimension name -> column of values (``date`` is required).
        metrics: metric name -> column of floats, ``None`` where there is no data.

    >>> t = MetricTable.from_wide(
    ...     [("2026-03-01", "instagram", 1000, 30), ("2026-03-02", "instagram", 800, None)],
    ...     columns=["Date", "Network", "Impressions", "Likes"],
    ...     mapping={"Date": "date", "Network": "platform", "Impressions": "impressions",
    ...              "Likes": "likes"},
    ...     parse_dates=True)
    >>> len(t), sorted(t.metrics)
    (2, ['impressions', 'likes'])
    >>> t.metrics["likes"]
    (30, None)
    """

    dimensions: Mapping[str, Sequence[object]]
    metrics: Mapping[str, Sequence[float | None]]

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if "date" not in self.dimensions:
            problems.append(Problem("dimensions", sorted(self.dimensions), "needs a date column"))
        sizes = {len(c) for c in (*self.dimensions.values(), *self.metrics.values())}
        if len(sizes) > 1:
            problems.append(
                Problem("metrics", sorted(sizes), "columns must all have the same length")
            )
        both = set(self.dimensions) & set(self.metrics)
        if both:
            problems.append(
                Problem("metrics", sorted(both), "names are used as dimensions and metrics")
            )
        check(problems)
        if "date" in self.dimensions:
            _check_dates(self.dimensions["date"])

    def __len__(self) -> int:
        return len(self.dimensions["date"])

    def where(self, **equals: object) -> MetricTable:
        """The rows whose dimensions equal the given values (``platform="x"``).

        >>> t = MetricTable.from_wide([(date(2026, 3, 1), "x", 1.0), (date(2026, 3, 1), "ig", 2.0)],
        ...                           columns=["date", "platform", "reach"])
        >>> t.where(platform="ig").metrics["reach"]
        [2.0]
        """
        for name in equals:
            if name not in self.dimensions:
                raise ValidationError(
                    f"is not a dimension of the table ({sorted(self.dimensions)})",
                    path="where",
                    value=name,
                )
        wanted = {k: _platform_id(v) if k == "platform" else v for k, v in equals.items()}
        keep = (
            [
                i
                for i, values in enumerate(zip(*(self.dimensions[k] for k in wanted), strict=True))
                if values == tuple(wanted.values())
            ]
            if wanted
            else list(range(len(self)))
        )
        return MetricTable(
            {k: [col[i] for i in keep] for k, col in self.dimensions.items()},
            {k: [col[i] for i in keep] for k, col in self.metrics.items()},
        )

    @classmethod
    def from_columns(
        cls,
        dimensions: Mapping[str, Sequence[object]],
        metrics: Mapping[str, Sequence[float | None]],
    ) -> MetricTable:
        """Build from columns you already have (no copy is made)."""
        return cls(dict(dimensions), dict(metrics))

    @classmethod
    def from_observations(cls, observations: Iterable[Observation | ObservationRow]) -> MetricTable:
        """Pivot long-form observations into a table (one row per dimension tuple).

        Accepts :class:`~socialgoals.model.Observation` objects or tuples
        ``(date, platform, metric, value[, account[, campaign[, post]]])``.
        Two values for the same metric and dimensions are an error: sources
        deliver one value per natural key.

        >>> t = MetricTable.from_observations([
        ...     (date(2026, 3, 1), "x", "impressions", 500.0),
        ...     (date(2026, 3, 1), "x", "clicks", 5.0),
        ...     (date(2026, 3, 2), "x", "impressions", 400.0)])
        >>> t.metrics["clicks"]
        [5.0, None]
        """
        index: dict[tuple[object, ...], int] = {}
        values: dict[str, dict[int, float]] = {}
        problems: list[Problem] = []
        for i, obs in enumerate(observations):
            if isinstance(obs, Observation):
                key: tuple[object, ...] = (
                    obs.date, obs.platform.id, obs.account, obs.campaign, obs.post,
                )  # fmt: skip
                metric, value = obs.metric, obs.value
            else:
                if not 4 <= len(obs) <= 7:
                    problems.append(
                        Problem(f"[{i}]", obs, "must be (date, platform, metric, value, ...)")
                    )
                    continue
                day, platform, metric_obj, value_obj, *rest = obs
                rest += [""] * (3 - len(rest))
                key = (day, _platform_id(platform), *rest)
                metric = str(metric_obj)
                if isinstance(value_obj, bool) or not isinstance(value_obj, int | float):
                    problems.append(Problem(f"[{i}].value", value_obj, "must be a number"))
                    continue
                value = float(value_obj)
            row = index.setdefault(key, len(index))
            column = values.setdefault(metric, {})
            if row in column:
                problems.append(Problem(f"[{i}]", key, f"gives a second value for metric {metric}"))
            column[row] = value
        check(problems)
        keys = list(index)
        size = len(keys)
        platforms = _platform_ids([k[1] for k in keys])
        keys = [(k[0], p, *k[2:]) for k, p in zip(keys, platforms, strict=True)]
        dims: dict[str, Sequence[object]] = {
            name: [k[pos] for k in keys] for pos, name in enumerate(DIMENSIONS)
        }
        metrics: dict[str, Sequence[float | None]] = {
            name: [col.get(r) for r in range(size)] for name, col in values.items()
        }
        return cls(dims, metrics)

    @classmethod
    def from_wide(
        cls,
        rows: Iterable[Sequence[object]],
        *,
        columns: Sequence[str],
        mapping: Mapping[str, str | None] | None = None,
        dimensions: Iterable[str] = DIMENSIONS,
        parse_dates: bool = False,
    ) -> MetricTable:
        """Build from wide rows (one row per post or day, one column per metric).

        Args:
            rows: sequences of values in the order of ``columns``.
            columns: the column names of the export.
            mapping: export column -> dimension or metric name; columns it
                leaves out (or maps to ``None``) are dropped. Without it,
                column names are used as they are.
            dimensions: which names are dimensions; every other name is a metric.
            parse_dates: parse ``date`` strings as ISO dates.

        Metric values must be numbers or ``None`` (no data); a bad value is
        reported with its row and column when the table is rolled up.
        """
        with gc_paused():
            return cls._from_wide(rows, columns, mapping, dimensions, parse_dates=parse_dates)

    @classmethod
    def _from_wide(
        cls,
        rows: Iterable[Sequence[object]],
        columns: Sequence[str],
        mapping: Mapping[str, str | None] | None,
        dimensions: Iterable[str],
        *,
        parse_dates: bool,
    ) -> MetricTable:
        names: list[str | None]
        if mapping is None:
            names = list(columns)
        else:
            unknown = [m for m in mapping if m not in columns]
            if unknown:
                raise ValidationError(
                    f"maps columns that the export does not have (columns: {list(columns)})",
                    path="mapping",
                    value=unknown,
                )
            names = [mapping.get(c) for c in columns]
        data = rows if isinstance(rows, Sequence) else list(rows)
        widths = set(map(len, data))
        if widths - {len(columns)}:
            raise ValidationError(
                f"rows have {sorted(widths)} values but {len(columns)} columns are named",
                path="columns",
                value=list(columns),
            )
        dims_wanted = set(dimensions)
        dims: dict[str, Sequence[object]] = {}
        metrics: dict[str, Sequence[float | None]] = {}
        for position, name in enumerate(names):
            if name is None:
                continue
            if name in dims or name in metrics:
                raise ValidationError("is mapped from two columns", path="mapping", value=name)
            if name in dims_wanted:
                dims[name] = tuple(map(itemgetter(position), data))
            else:
                metrics[name] = _metric_column(data, position)
        if parse_dates and "date" in dims:
            dims["date"] = _parse_dates(dims["date"])
        if "platform" in dims:
            dims["platform"] = _platform_ids(dims["platform"])
        return cls(dims, metrics)


def _metric_column(rows: Sequence[Sequence[object]], position: int) -> Sequence[float | None]:
    """One metric column of the rows: a compact ``array("d")`` when every value is a number.

    An array holds plain doubles, so the garbage collector never has to walk
    it (a tuple of millions of floats costs one cache miss per value at each
    young collection) and a rollup reads it sequentially. Other numbers (ints,
    fractions) become the nearest float, which is what summing them from
    ``0.0`` does anyway; a column with gaps (``None``) or values that are not
    numbers stays a tuple, so the gaps stay distinguishable from zero and bad
    values are reported with their row when the table is rolled up.
    """
    try:
        return array("d", map(itemgetter(position), rows))
    except (TypeError, OverflowError):  # None, not a number, or an int beyond any float
        return tuple(map(itemgetter(position), rows))


def _parse_dates(column: Sequence[object]) -> list[object]:
    cache: dict[object, object] = {}
    for value in dict.fromkeys(column):
        if isinstance(value, str):
            try:
                cache[value] = date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(
                    "is not an ISO date (YYYY-MM-DD)", path="date", value=value
                ) from None
        else:
            cache[value] = value
    return list(map(cache.__getitem__, column))


def _check_dates(column: Sequence[object]) -> None:
    kinds = set(map(type, column))
    if kinds <= {date}:
        return
    for i, value in enumerate(column):
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                raise NaiveDatetimeError(
                    "must be timezone-aware (add an offset such as +00:00)",
                    path=f"date[{i}]",
                    value=value,
                )
        elif not isinstance(value, date):
            raise ValidationError(
                "must be a date or an aware datetime", path=f"date[{i}]", value=value
            )
