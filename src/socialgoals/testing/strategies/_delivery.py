"""Hypothesis strategies for delivery retry policies.

Every strategy is valid by construction and shrinks towards the most eager
policy: no delay, no growth, no jitter, a single attempt.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from socialgoals.delivery import RetryPolicy

__all__ = ["retry_policies", "type_strategies"]


def _seconds(most: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=0.0, max_value=most, allow_nan=False, allow_infinity=False)


def retry_policies(*, max_attempts: int = 20) -> st.SearchStrategy[RetryPolicy]:
    """Retry policies: delays and ages in seconds >= 0, multiplier >= 1, jitter in [0, 1].

    Shrinks towards zero delays, a multiplier of 1, no jitter and one attempt.
    """
    return st.builds(
        RetryPolicy,
        base_delay=_seconds(60.0),
        multiplier=st.floats(min_value=1.0, max_value=10.0, allow_nan=False),
        max_delay=_seconds(3600.0),
        jitter=st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
        max_attempts=st.integers(min_value=1, max_value=max(1, max_attempts)),
        max_age=_seconds(7 * 86400.0),
        max_retry_after=_seconds(86400.0),
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of the delivery policy type, for ``st.register_type_strategy``."""
    return {RetryPolicy: retry_policies()}
