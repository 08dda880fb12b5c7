"""Hypothesis strategies for KPI catalogues, metric tables and rollup windows.

Every strategy is valid by construction. Catalogues shrink towards the
standard catalogue, tables towards a single observation, windows towards one
day starting 2026-01-01.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from socialgoals.kpi import Catalogue, MetricTable, Window, standard_catalogue
from socialgoals.model import Observation
from socialgoals.testing.strategies._kpi import kpis
from socialgoals.testing.strategies._model import observations

__all__ = ["catalogues", "metric_tables", "windows", "type_strategies"]

_DIMENSIONS = frozenset({"date", "platform", "account", "campaign", "post", "source"})


def catalogues(*, max_extra: int = 3) -> st.SearchStrategy[Catalogue]:
    """The standard catalogue extended with up to ``max_extra`` generated KPIs.

    The generated KPIs read only metrics the standard catalogue declares and
    take ids it does not use. Shrinks towards the standard catalogue itself.
    """
    base = standard_catalogue()
    names = sorted(base.metrics)
    taken = set(base.ids())
    extra = st.lists(
        kpis(names=names).filter(lambda k: k.id not in taken),
        max_size=max_extra,
        unique_by=lambda k: k.id,
    )
    return extra.map(lambda more: Catalogue((*base.kpis, *more), base.metrics))


def _key(obs: Observation) -> tuple[object, ...]:
    return (obs.date, obs.platform.id, obs.account, obs.campaign, obs.post, obs.metric)


def metric_tables(*, max_observations: int = 8) -> st.SearchStrategy[MetricTable]:
    """Tables pivoted from 1 to ``max_observations`` generated observations.

    Metric names never clash with dimension names and each natural key holds
    one value. Shrinks towards a one-row table of a single metric at 0.
    """
    drawn = st.lists(
        observations().filter(lambda o: o.metric not in _DIMENSIONS),
        min_size=1,
        max_size=max_observations,
        unique_by=_key,
    )
    return drawn.map(MetricTable.from_observations)


def windows(
    *, min_day: date = date(2026, 1, 1), max_day: date = date(2030, 12, 31), max_days: int = 400
) -> st.SearchStrategy[Window]:
    """Windows starting between ``min_day`` and ``max_day``, 1 to ``max_days`` days long.

    Shrinks towards the one-day window ``min_day`` with no label.
    """
    return st.builds(
        lambda start, length, label: Window(start, start + timedelta(days=length), label),
        st.dates(min_value=min_day, max_value=max_day),
        st.integers(min_value=1, max_value=max_days),
        st.just("") | st.text(st.characters(min_codepoint=65, max_codepoint=90), max_size=12),
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each catalogue and table type, for ``st.register_type_strategy``."""
    return {Catalogue: catalogues(), MetricTable: metric_tables(), Window: windows()}
