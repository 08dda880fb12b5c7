"""``st.from_type`` draws valid objects for every attrs model ``socialgoals`` exports."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialgoals
from socialgoals.testing.strategies import register_type_strategies

EXCLUDED: dict[type, str] = {}
"""Exported attrs classes with no registered strategy, and why (none today)."""

MODELS = [
    cls
    for name in socialgoals.__all__
    if isinstance(cls := getattr(socialgoals, name), type) and attrs.has(cls)
]


@pytest.mark.parametrize("cls", [c for c in MODELS if c not in EXCLUDED], ids=lambda c: c.__name__)
def test_from_type_draws_valid_instances(cls: type) -> None:
    register_type_strategies()

    @settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.from_type(cls))
    def drawn(obj: Any) -> None:
        rebuilt = attrs.evolve(obj)  # rebuilding re-runs the validation
        assert type(obj) is cls
        assert type(rebuilt) is cls

    drawn()
