"""The replies strategies: registered for st.from_type, valid, round-tripping."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgoals.converters import structure, unstructure
from socialgoals.testing.strategies import register_type_strategies
from socialgoals.testing.strategies._community_replies import type_strategies

TYPES = list(type_strategies())


@pytest.mark.parametrize("model", TYPES, ids=lambda m: m.__name__)
def test_from_type_builds_valid_models_that_round_trip(model: type) -> None:
    register_type_strategies()

    @settings(max_examples=10)
    @given(st.from_type(model))
    def check(obj: object) -> None:
        assert isinstance(obj, model)
        assert structure(unstructure(obj), model) == obj

    check()
