"""The pytest plugin socialgoals registers (entry point ``pytest11``).

It registers the hypothesis strategies for socialgoals types, so that
``st.from_type(Objective)`` works in any test session, when hypothesis is
installed. It also asks pytest to rewrite the asserts of the conformance
kit, so a failing standard check shows the values it compared.
"""

from __future__ import annotations

import importlib.util

import pytest

pytest.register_assert_rewrite("socialgoals.testing.conformance")


def pytest_configure() -> None:
    """Register the socialgoals strategies with hypothesis, if it is installed."""
    if importlib.util.find_spec("hypothesis") is None:
        return
    from socialgoals.testing import strategies  # noqa: PLC0415 - lazy on purpose

    strategies.register_type_strategies()
