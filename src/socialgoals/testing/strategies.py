"""Hypothesis strategies for socialgoals models.

Every strategy takes keyword-only arguments and returns a
``SearchStrategy`` of valid objects by construction.
"""

from __future__ import annotations

__all__ = ["register_type_strategies"]


def register_type_strategies() -> None:
    """Register a strategy per public model so ``st.from_type(Model)`` works."""
