"""The KPI formula algebra: typed expressions, rendering and evaluation.

Formulas are trees, not strings: metric references, constants, references to
other KPIs, sums, differences, products and ratios. A ratio keeps its
numerator and denominator apart (and a scale such as x100), so that it is
always computed as a ratio of *sums* over a group and period.

Python operators build trees with the same normalisation as the formula
parser (``ratio * 100`` becomes a ratio with a scale of 100):

>>> er = (Metric("likes") + Metric("comments") + Metric("shares")) / Metric("impressions") * 100
>>> er
Ratio(numerator=Sum(terms=(Metric(name='likes'), ...)), ..., scale=100.0)
>>> str(er)
'(likes + comments + shares) / impressions x 100'
>>> er.evaluate({"likes": 30.0, "comments": 10.0, "shares": 10.0, "impressions": 1000.0})
5.0
>>> er.evaluate({"likes": 3.0, "comments": 1.0, "shares": 0.0, "impressions": 0.0})
Undefined(reason='denominator impressions is zero')
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import repeat
from typing import Final

import attrs

from socialgoals.errors import ValidationError

__all__ = [
    "Expr",
    "Metric",
    "Const",
    "KPIRef",
    "Sum",
    "Difference",
    "Product",
    "Ratio",
    "Undefined",
    "Value",
    "Resolver",
    "Column",
]

Column = list[float | None]
"""A column of values, one per group; ``None`` where the value is undefined."""


@attrs.frozen
class Undefined:
    """A value that cannot be computed, with the reason why.

    It is falsy, never equal to a number, and never turns into NaN or inf.

    >>> Undefined("denominator clicks is zero")
    Undefined(reason='denominator clicks is zero')
    >>> bool(Undefined("no data"))
    False
    """

    reason: str

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return f"undefined ({self.reason})"


Value = float | Undefined
"""What evaluating a formula gives: a finite float, or :class:`Undefined`."""

Resolver = Callable[[str], "Expr"]
"""Returns the formula of a KPI id (raises :class:`~socialgoals.errors.UnknownMetricError`)."""

_SUM_LEVEL: Final = 1
_PRODUCT_LEVEL: Final = 2
_ATOM_LEVEL: Final = 3


def _number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = repr(value)
    return f"({text})" if value < 0 else text


def _coerce(value: Expr | float) -> Expr:
    if isinstance(value, Expr):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"cannot use {value!r} in a formula")
    return Const(float(value))


class Expr:
    """Base class of formula nodes.

    Subclasses are frozen attrs classes; combine them with ``+ - * /``.
    """

    __slots__ = ()

    level: int = _ATOM_LEVEL

    # ------------------------------------------------------------------ building

    def __add__(self, other: Expr | float) -> Expr:
        right = _coerce(other)
        if isinstance(self, Sum):
            return Sum((*self.terms, right))
        return Sum((self, right))

    def __radd__(self, other: float) -> Expr:
        return _coerce(other) + self

    def __sub__(self, other: Expr | float) -> Expr:
        return Difference(self, _coerce(other))

    def __rsub__(self, other: float) -> Expr:
        return Difference(_coerce(other), self)

    def __mul__(self, other: Expr | float) -> Expr:
        right = _coerce(other)
        if isinstance(self, Ratio) and self.scale == 1.0 and isinstance(right, Const):
            return Ratio(self.numerator, self.denominator, right.value)
        if isinstance(self, Product):
            return Product((*self.factors, right))
        return Product((self, right))

    def __rmul__(self, other: float) -> Expr:
        return _coerce(other) * self

    def __truediv__(self, other: Expr | float) -> Expr:
        return Ratio(self, _coerce(other))

    def __rtruediv__(self, other: float) -> Expr:
        return Ratio(_coerce(other), self)

    # ------------------------------------------------------------------ inspecting

    def children(self) -> tuple[Expr, ...]:
        """The direct sub-expressions."""
        return ()

    def walk(self) -> Iterator[Expr]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.children():
            yield from child.walk()

    def metrics(self) -> frozenset[str]:
        """The metric names this formula reads directly (not through KPI refs)."""
        return frozenset(n.name for n in self.walk() if isinstance(n, Metric))

    def refs(self) -> frozenset[str]:
        """The KPI ids this formula refers to directly."""
        return frozenset(n.kpi for n in self.walk() if isinstance(n, KPIRef))

    def render(self) -> str:
        """The formula as text that :func:`~socialgoals.kpi.parse_formula` reads back."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render()

    # ------------------------------------------------------------------ evaluating

    def evaluate(self, values: Mapping[str, float], resolve: Resolver | None = None) -> Value:
        """Evaluate on one set of (already summed) metric values.

        Args:
            values: metric name -> value; an absent name means *no data*,
                which is not zero.
            resolve: gives the formula of a referenced KPI.

        Returns:
            A finite float, or :class:`Undefined` with the reason.
        """
        raise NotImplementedError

    def columns(self, cols: Mapping[str, Column], size: int, resolve: Resolver | None) -> Column:
        """Evaluate column-wise: one value per group, ``None`` where undefined.

        Call :meth:`evaluate` on a group's values to learn why one is undefined.
        """
        raise NotImplementedError


def _wrap(expr: Expr, below: int) -> str:
    text = expr.render()
    return f"({text})" if expr.level <= below else text


def _finite(value: float) -> Value:
    return value if math.isfinite(value) else Undefined("result is not a finite number")


def _finite_column(col: Column) -> Column:
    if all(map(math.isfinite, filter(None, col))):  # C-level scan; None and 0.0 skipped
        return col
    return [v if v is None or math.isfinite(v) else None for v in col]


def _positions(col: Column, value: float | None) -> list[int]:
    """The indices where ``col`` equals ``value`` (C-level scans; Python work only per hit)."""
    found: list[int] = []
    index = col.index
    at = 0
    try:
        while True:
            at = index(value, at)
            found.append(at)
            at += 1
    except ValueError:
        return found


def _pairwise(op: Callable[[float, float], float], left: Column, right: Column) -> Column:
    """``op`` element-wise, ``None`` where either side is ``None`` (C-level when none is)."""
    if None not in left and None not in right:
        return list(map(op, left, right))  # type: ignore[arg-type]
    return [None if a is None or b is None else op(a, b) for a, b in zip(left, right, strict=True)]


@attrs.frozen
class Metric(Expr):
    """A reference to a metric (``impressions``), summed over the group and period."""

    name: str

    def render(self) -> str:
        return self.name

    def evaluate(self, values: Mapping[str, float], resolve: Resolver | None = None) -> Value:
        value = values.get(self.name)
        if value is None:
            return Undefined(f"no data for metric {self.name}")
        return float(value)

    def columns(self, cols: Mapping[str, Column], size: int, resolve: Resolver | None) -> Column:
        col = cols.get(self.name)
        return list(col) if col is not None else [None] * size


@attrs.frozen
class Const(Expr):
    """A constant number."""

    value: float = attrs.field(converter=float)

    def __attrs_post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ValidationError("must be a finite number", path="formula", value=self.value)

    def render(self) -> str:
        return _number_text(self.value)

    def evaluate(self, values: Mapping[str, float], resolve: Resolver | None = None) -> Value:
        return self.value

    def columns(self, cols: Mapping[str, Column], size: int, resolve: Resolver | None) -> Column:
        return [self.value] * size


@attrs.frozen
class KPIRef(Expr):
    """A reference to another KPI, evaluated on the same group and period.

    Written ``kpi:<id>`` in formula text.
    """

    kpi: str

    def render(self) -> str:
        return f"kpi:{self.kpi}"

    def _target(self, resolve: Resolver | None) -> Expr:
        if resolve is None:
            raise ValidationError(
                "refers to a KPI but no catalogue was given to resolve it",
                path="formula",
                value=self.render(),
            )
        return resolve(self.kpi)

    def evaluate(self, values: Mapping[str, float], resolve: Resolver | None = None) -> Value:
        return self._target(resolve).evaluate(values, resolve)

    def columns(self, cols: Mapping[str, Column], size: int, resolve: Resolver | None) -> Column:
        """Evaluate the referenced KPI; a ``dict`` of columns memoises it under ``kpi:<id>``."""
        key = self.render()  # never a metric name: metric names have no ':'
        cached = cols.get(key)
        if cached is not None:
            return cached
        result = self._target(resolve).columns(cols, size, resolve)
        if isinstance(cols, dict):
            cols[key] = result
        return result


def _expr_tuple(value: Iterable[Expr]) -> tuple[Expr, ...]:
    return tuple(value)


def _at_least_two(
    _: object, attribute: attrs.Attribute[tuple[Expr, ...]], value: tuple[Expr, ...]
) -> None:
    if len(value) < 2:
        raise ValidationError("needs at least two operands", path=attribute.name, value=value)


@attrs.frozen
class Sum(Expr):
    """``a + b + ...``: undefined as soon as one term is."""

    terms: tuple[Expr, ...] = attrs.field(converter=_expr_tuple, validator=_at_least_two)
    level = _SUM_LEVEL

    def children(self) -> tuple[Expr, ...]:
        return self.terms

    def render(self) -> str:
        first, *rest = self.terms
        parts = [first.render(), *(_wrap(t, _SUM_LEVEL) for t in rest)]
        return " + ".join(parts)

    def evaluate(self, values: Mapping[str, float], resolve: Resolver | None = None) -> Value:
        total: float | None = None
        for term in self.terms:
            value = term.evaluate(values, resolve)
            if isinstance(value, Undefined):
                return value
            total = value if total is None else total + value
        assert total is not None
        return _finite(total)

    def columns(self, cols: Mapping[str, Column], size: int, resolve: Resolver | None) -> Column:
        out = self.terms[0].columns(cols, size, resolve)
        for term in self.terms[1:]:
            out = _pairwise(operator.add, out, term.columns(cols, size, resolve))
        return _finite_column(out)


@attrs.frozen
class Difference(Expr):
    """``a - b``."""

    left: Expr
    right: Expr
    level = _SUM_LEVEL

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def render(self) -> str:
        return f"{self.left.render()} - {_wrap(self.right, _SUM_LEVEL)}"

    def evaluate(self, values: Mapping[str, float], resolve: Resolver | None = None) -> Value:
        left = self.left.evaluate(values, resolve)
        if isinstance(left, Undefined):
            return left
        right = self.right.evaluate(values, resolve)
        if isinstance(right, Undefined):
            return right
        return _finite(left - right)

    def columns(self, cols: Mapping[str, Column], size: int, resolve: Resolver | None) -> Column:
        left = self.left.columns(cols, size, resolve)
        right = self.right.columns(cols, size, resolve)
        return _finite_column(_pairwise(operator.sub, left, right))


@attrs.frozen
class Product(Expr):
    """``a * b * ...``."""

    factors: tuple[Expr, ...] = attrs.field(converter=_expr_tuple, validator=_at_least_two)
    level = _PRODUCT_LEVEL

    def children(self) -> tuple[Expr, ...]:
        return self.factors

    def render(self) -> str:
        first, *rest = self.factors
        head = _wrap(first, _SUM_LEVEL) if not isinstance(first, Ratio) else f"({first.render()})"
        return " * ".join([head, *(_wrap(f, _PRODUCT_LEVEL) for f in rest)])

    def evaluate(self, values: Mapping[str, float], resolve: Resolver | None = None) -> Value:
        result = 1.0
        for factor in self.factors:
            value = factor.evaluate(values, resolve)
            if isinstance(value, Undefined):
                return value
            result *= value
        return _finite(result)

    def columns(self, cols: Mapping[str, Column], size: int, resolve: Resolver | None) -> Column:
        out = self.factors[0].columns(cols, size, resolve)
        for factor in self.factors[1:]:
            out = _pairwise(operator.mul, out, factor.columns(cols, size, resolve))
        return _finite_column(out)


@attrs.frozen
class Ratio(Expr):
    """``numerator / denominator x scale``: a ratio of sums, never a mean of ratios.

    A zero or undefined denominator makes the ratio :class:`Undefined`.
    """

    numerator: Expr
    denominator: Expr
    scale: float = attrs.field(default=1.0, converter=float)
    level = _PRODUCT_LEVEL

    def __attrs_post_init__(self) -> None:
        if not math.isfinite(self.scale) or self.scale == 0:
            raise ValidationError(
                "must be a finite non-zero number", path="scale", value=self.scale
            )

    def children(self) -> tuple[Expr, ...]:
        return (self.numerator, self.denominator)

    def render(self) -> str:
        num = self.numerator
        head = f"({num.render()})" if isinstance(num, Ratio) else _wrap(num, _SUM_LEVEL)
        text = f"{head} / {_wrap(self.denominator, _PRODUCT_LEVEL)}"
        if self.scale != 1.0:
            text += f" x {_number_text(self.scale)}"
        return text

    def evaluate(self, values: Mapping[str, float], resolve: Resolver | None = None) -> Value:
        num = self.numerator.evaluate(values, resolve)
        if isinstance(num, Undefined):
            return num
        den = self.denominator.evaluate(values, resolve)
        if isinstance(den, Undefined):
            return den
        if den == 0:
            return Undefined(f"denominator {self.denominator.render()} is zero")
        return _finite(num * self.scale / den)

    def columns(self, cols: Mapping[str, Column], size: int, resolve: Resolver | None) -> Column:
        num = self.numerator.columns(cols, size, resolve)
        den = self.denominator.columns(cols, size, resolve)
        scale = self.scale
        undefined = sorted({*_positions(num, None), *_positions(den, None), *_positions(den, 0.0)})
        if undefined:  # stand-ins keep the division at C level; those groups are blanked after
            num, den = list(num), list(den)
            for i in undefined:
                num[i], den[i] = 0.0, 1.0
        scaled = map(operator.mul, num, repeat(scale))
        out: Column = list(map(operator.truediv, scaled, den))
        for i in undefined:
            out[i] = None
        return _finite_column(out)
