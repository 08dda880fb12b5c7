"""Hypothesis strategies for KPI formulas, KPIs and metric values.

Every strategy is valid by construction and shrinks towards small, simple
values: single metric references, the constant 1, short sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from socialgoals.kpi import KPI, Const, Expr, Metric, Unit, UnitKind
from socialgoals.model import FunnelStage, Indicator

__all__ = [
    "metric_names",
    "formulas",
    "units",
    "kpis",
    "metric_values",
    "type_strategies",
]

_DEFAULT_METRICS: tuple[str, ...] = ("impressions", "reach", "likes", "comments", "clicks", "spend")


def metric_names(*, names: Sequence[str] = _DEFAULT_METRICS) -> st.SearchStrategy[str]:
    """Metric names drawn from ``names`` (shrinks to the first one)."""
    return st.sampled_from(tuple(names))


def _combine(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: p[0] + p[1]),
        pair.map(lambda p: p[0] - p[1]),
        pair.map(lambda p: p[0] * p[1]),
        pair.map(lambda p: p[0] / p[1]),
        st.tuples(children, children, st.sampled_from([100.0, 1000.0])).map(
            lambda p: p[0] / p[1] * p[2]
        ),
    )


def formulas(
    *, names: Sequence[str] = _DEFAULT_METRICS, max_leaves: int = 8
) -> st.SearchStrategy[Expr]:
    """Formula trees built with ``+ - * /`` (as the parser builds them).

    Leaves are metric references to ``names`` and small constants; shrinks to
    a single metric reference.
    """
    leaves: st.SearchStrategy[Expr] = st.one_of(
        metric_names(names=names).map(Metric),
        st.sampled_from([1.0, 2.0, 0.5, 100.0, 7.25]).map(Const),
    )
    return st.recursive(leaves, _combine, max_leaves=max_leaves)


def units() -> st.SearchStrategy[Unit]:
    """Any unit; currencies use EUR or USD (shrinks to ``count``)."""
    plain = st.sampled_from([k for k in UnitKind if k is not UnitKind.CURRENCY]).map(Unit)
    money = st.sampled_from(["EUR", "USD"]).map(lambda c: Unit(UnitKind.CURRENCY, c))
    return st.one_of(plain, money)


def kpis(*, names: Sequence[str] = _DEFAULT_METRICS) -> st.SearchStrategy[KPI]:
    """KPIs over the metrics ``names`` (no ``kpi:`` references, so always valid alone)."""
    return st.builds(
        KPI,
        id=st.from_regex(r"\A[a-z][a-z0-9_]{0,15}\Z"),
        label=st.text(st.characters(min_codepoint=65, max_codepoint=90), min_size=1, max_size=12),
        formula=formulas(names=names),
        unit=units(),
        higher_is_better=st.booleans(),
        stage=st.sampled_from(FunnelStage),
        indicator=st.sampled_from(Indicator),
        description=st.just(""),
    )


def metric_values(
    *, names: Sequence[str] = _DEFAULT_METRICS, allow_zero: bool = True, allow_missing: bool = True
) -> st.SearchStrategy[dict[str, float]]:
    """Metric name -> non-negative value, some names possibly absent (= no data).

    Shrinks to every metric at 0 (or 1 with ``allow_zero=False``).
    """
    low = 0.0 if allow_zero else 1.0
    value = st.floats(min_value=low, max_value=1e9, allow_nan=False, allow_infinity=False)
    if allow_missing:
        return st.dictionaries(st.sampled_from(tuple(names)), value)
    return st.fixed_dictionaries(dict.fromkeys(names, value))


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each public KPI type, for ``st.register_type_strategy``."""
    return {KPI: kpis(), Unit: units(), Expr: formulas()}
