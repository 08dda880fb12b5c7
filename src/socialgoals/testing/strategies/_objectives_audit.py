"""Hypothesis strategies for the SMART audit thresholds and competitor samples.

Every strategy is valid by construction: audit configurations shrink towards
the smallest positive thresholds, competitor samples towards three zeros
with no names.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from socialgoals.objectives import AuditConfig, CompetitorSample

__all__ = ["audit_configs", "competitor_samples", "type_strategies"]


def audit_configs() -> st.SearchStrategy[AuditConfig]:
    """Audit thresholds, all positive, the baseline bounds in order.

    Shrinks towards every threshold at its smallest (a growth multiple of
    0.1, one day, one objective) with equal baseline bounds.
    """
    days = st.integers(min_value=1, max_value=400)
    return st.builds(
        lambda growth, horizon, low, extra, objectives, kpis, setup, most: AuditConfig(
            max_growth_multiple=growth,
            checkpoint_horizon_days=horizon,
            min_baseline_days=low,
            max_baseline_days=low + extra,
            max_primary_objectives=objectives,
            max_primary_kpis=kpis,
            setup_task_days=setup,
            setup_task_max=most,
        ),
        st.floats(min_value=0.1, max_value=100.0, allow_nan=False, allow_infinity=False),
        days,
        days,
        st.integers(min_value=0, max_value=400),
        st.integers(min_value=1, max_value=10),
        st.integers(min_value=1, max_value=10),
        days,
        st.integers(min_value=1, max_value=1000),
    )


def competitor_samples(*, max_competitors: int = 6) -> st.SearchStrategy[CompetitorSample]:
    """Samples of 3 to ``max_competitors`` finite values, named or not.

    Shrinks towards three zeros with no names.
    """
    value = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)
    drawn = st.lists(value, min_size=3, max_size=max(3, max_competitors))
    return st.builds(
        lambda values, named: CompetitorSample(
            tuple(values), tuple(f"competitor-{i}" for i in range(len(values))) if named else ()
        ),
        drawn,
        st.booleans(),
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each audit input type, for ``st.register_type_strategy``."""
    return {AuditConfig: audit_configs(), CompetitorSample: competitor_samples()}
