"""``KPI`` and ``Catalogue``: named, documented formulas, validated as a whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from socialgoals.errors import (
    DuplicateIdError,
    KPICycleError,
    Problem,
    UnknownMetricError,
    check,
)
from socialgoals.kpi._formula import Expr, Metric
from socialgoals.kpi._parser import parse_formula
from socialgoals.kpi._units import Unit
from socialgoals.model import SLUG_RE, FunnelStage, Indicator

__all__ = ["KPI", "Catalogue"]


def _to_formula(value: Any) -> Any:
    return parse_formula(value) if isinstance(value, str) else value


def _to_unit(value: Any) -> Any:
    return Unit.parse(value) if isinstance(value, str) else value


@attrs.frozen
class KPI:
    """A key performance indicator: an id, a documented formula and its meaning.

    Attributes:
        id: a slug (``engagement_rate_by_impressions``).
        label: a display name.
        formula: the expression (formula text is parsed on construction).
        unit: what the values measure (a string such as ``"percent"`` is parsed).
        higher_is_better: the direction of improvement.
        stage: the funnel stage the KPI watches.
        indicator: leading (moves early) or lagging (measures the outcome).
        description: what it means and where the data comes from.

    >>> kpi = KPI(id="dm_to_order", label="DM -> order rate",
    ...           formula="orders / dm_conversations x 100", unit="percent",
    ...           higher_is_better=True, stage=FunnelStage.CONVERSION,
    ...           indicator=Indicator.LAGGING)
    >>> kpi.formula_text
    'orders / dm_conversations x 100'
    >>> kpi.evaluate({"orders": 3.0, "dm_conversations": 60.0})
    5.0
    """

    id: str
    label: str
    formula: Expr = attrs.field(converter=_to_formula)
    unit: Unit = attrs.field(converter=_to_unit)
    higher_is_better: bool
    stage: FunnelStage
    indicator: Indicator
    description: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        given: dict[str, object] = attrs.asdict(self, recurse=False)
        if not isinstance(given["id"], str) or not SLUG_RE.match(self.id):
            problems.append(Problem("id", self.id, "must be a lowercase slug", code="bad_slug"))
        if not isinstance(given["label"], str) or not self.label.strip():
            problems.append(Problem("label", self.label, "must be a non-empty string"))
        if not isinstance(given["formula"], Expr):
            problems.append(Problem("formula", self.formula, "must be a formula"))
        if not isinstance(given["unit"], Unit):
            problems.append(Problem("unit", self.unit, "must be a unit"))
        if not isinstance(given["higher_is_better"], bool):
            problems.append(Problem("higher_is_better", self.higher_is_better, "must be a bool"))
        if not isinstance(given["stage"], FunnelStage):
            problems.append(Problem("stage", self.stage, "must be a FunnelStage"))
        if not isinstance(given["indicator"], Indicator):
            problems.append(Problem("indicator", self.indicator, "must be an Indicator"))
        if isinstance(self.formula, Expr) and self.id in self.formula.refs():
            problems.append(
                Problem("formula", self.formula.render(), f"refers to itself (kpi:{self.id})")
            )
        check(problems)

    @property
    def formula_text(self) -> str:
        """The formula as text: ``(likes + comments + shares) / impressions x 100``."""
        return self.formula.render()

    def evaluate(self, values: Mapping[str, float], catalogue: Catalogue | None = None) -> Any:
        """Evaluate on summed metric values (see :meth:`Expr.evaluate`)."""
        resolve = catalogue.formula_of if catalogue is not None else None
        return self.formula.evaluate(values, resolve)


def _kpi_tuple(value: Iterable[KPI]) -> tuple[KPI, ...]:
    return tuple(value)


def _name_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen(repr=False)
class Catalogue:
    """An immutable, validated collection of KPIs and the metrics they may read.

    Validation on construction: ids are unique, every ``kpi:`` reference
    names a KPI of the catalogue, every metric is declared, and derived KPIs
    do not form a cycle. Errors name the chain of ids that leads to the problem.

    Attributes:
        kpis: the KPIs, in catalogue order.
        metrics: the metric names formulas may use.

    >>> from socialgoals.kpi import standard_catalogue
    >>> cat = standard_catalogue()
    >>> cat.get("ctr").formula_text
    'clicks / impressions x 100'
    >>> cat.get("nope")
    Traceback (most recent call last):
    ...
    socialgoals.errors.UnknownMetricError: unknown metric or KPI 'nope' (referenced by nope)
    """

    kpis: tuple[KPI, ...] = attrs.field(converter=_kpi_tuple)
    metrics: frozenset[str] = attrs.field(converter=_name_set)
    _index: dict[str, KPI] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, KPI] = {}
        duplicates: list[Problem] = []
        for i, kpi in enumerate(self.kpis):
            if kpi.id in index:
                duplicates.append(
                    Problem(f"kpis[{i}].id", kpi.id, "is used by another KPI", code="duplicate_id")
                )
            index[kpi.id] = kpi
        check(duplicates, DuplicateIdError)
        object.__setattr__(self, "_index", index)
        checked: set[str] = set()
        for kpi in self.kpis:
            self._check_chain(kpi.id, (), checked)

    def _check_chain(self, kpi_id: str, chain: tuple[str, ...], checked: set[str]) -> None:
        """Depth-first walk of the references; ``checked`` ids are known to be sound."""
        if kpi_id in checked:
            return
        if kpi_id in chain:
            start = chain.index(kpi_id)
            raise KPICycleError((*chain[start:], kpi_id))
        kpi = self._index.get(kpi_id)
        if kpi is None:
            raise UnknownMetricError(kpi_id, chain)
        path = (*chain, kpi_id)
        for metric in sorted(kpi.formula.metrics()):
            if metric not in self.metrics:
                raise UnknownMetricError(metric, path)
        for ref in sorted(kpi.formula.refs()):
            self._check_chain(ref, path, checked)
        checked.add(kpi_id)

    # ------------------------------------------------------------------ lookups

    def get(self, kpi_id: str) -> KPI:
        """The KPI with this id, or :class:`~socialgoals.errors.UnknownMetricError`."""
        try:
            return self._index[kpi_id]
        except KeyError:
            raise UnknownMetricError(kpi_id) from None

    def formula_of(self, kpi_id: str) -> Expr:
        """The formula of a KPI (the resolver formulas use for ``kpi:`` refs)."""
        return self.get(kpi_id).formula

    def __contains__(self, kpi_id: object) -> bool:
        return kpi_id in self._index

    def __iter__(self) -> Iterator[KPI]:
        return iter(self.kpis)

    def __len__(self) -> int:
        return len(self.kpis)

    def ids(self) -> tuple[str, ...]:
        """Every KPI id, in catalogue order."""
        return tuple(k.id for k in self.kpis)

    def metrics_of(self, kpi_id: str) -> frozenset[str]:
        """Every metric a KPI needs, following its ``kpi:`` references."""
        found: set[str] = set()
        todo, seen = [kpi_id], {kpi_id}
        while todo:
            formula = self.get(todo.pop()).formula
            found |= formula.metrics()
            fresh = formula.refs() - seen
            seen |= fresh
            todo.extend(fresh)
        return frozenset(found)

    def expr(self, name: str) -> Expr:
        """A KPI's formula, or a bare metric reference for a declared metric name.

        Rollups accept both KPI ids and metric names; KPI ids win.
        """
        if name in self._index:
            return self._index[name].formula
        if name in self.metrics:
            return Metric(name)
        raise UnknownMetricError(name, (name,))

    # ------------------------------------------------------------------ growing

    def extended(self, kpis: Iterable[KPI] = (), *, metrics: Iterable[str] = ()) -> Catalogue:
        """A new catalogue with more KPIs (and declared metrics), validated again.

        A KPI whose id is already taken replaces nothing: it is a
        :class:`~socialgoals.errors.DuplicateIdError`.
        """
        return Catalogue([*self.kpis, *kpis], self.metrics | _name_set(metrics))

    def __repr__(self) -> str:
        return f"<Catalogue of {len(self.kpis)} KPIs over {len(self.metrics)} metrics>"
