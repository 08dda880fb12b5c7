"""Hypothesis strategies for socialgoals models, for your own property tests.

Every strategy takes keyword-only arguments, returns a ``SearchStrategy`` of
objects valid by construction, and says in its docstring what it shrinks to.
Hypothesis is imported only by this package (``pip install
'socialgoals[testing]'``); nothing else in socialgoals imports it.

:func:`register_type_strategies` registers a strategy per public model so
``st.from_type(Objective)`` works; the socialgoals pytest plugin calls it for
you. Each area of the library adds a private ``_<area>.py`` module here with a
``type_strategies()`` function; this package finds them all.

>>> from hypothesis import given
>>> @given(objectives())
... def test_objective_has_an_id(objective):
...     assert objective.id
>>> test_objective_has_an_id()
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from socialgoals.testing.strategies._model import (
    aware_datetimes,
    data_sources,
    observations,
    owners,
    periods,
    platforms,
    slugs,
)
from socialgoals.testing.strategies._objectives import (
    baselines,
    business_goals,
    checkpoints,
    history_points,
    objectives,
    personas,
    plans,
    targets,
)

__all__ = [
    "register_type_strategies",
    "area_modules",
    # shared vocabulary
    "aware_datetimes",
    "data_sources",
    "observations",
    "owners",
    "periods",
    "platforms",
    "slugs",
    # objectives and plans
    "baselines",
    "business_goals",
    "checkpoints",
    "history_points",
    "objectives",
    "personas",
    "plans",
    "targets",
]


def area_modules() -> list[ModuleType]:
    """Every ``_<area>.py`` strategies module of this package, imported, by name."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if info.name.startswith("_") and not info.name.startswith("__")
    ]


def _type_strategies(module: ModuleType) -> Mapping[type, st.SearchStrategy[Any]]:
    found: object = getattr(module, "type_strategies", None) or getattr(
        module, "TYPE_STRATEGIES", None
    )
    if callable(found):
        found = found()
    if isinstance(found, Mapping):
        return found
    return {}


def register_type_strategies() -> None:
    """Register a strategy per public model so ``st.from_type(Model)`` works.

    Imports every ``_<area>.py`` module of this package and registers the
    ``{type: strategy}`` mapping its ``type_strategies()`` returns. Calling it
    again re-registers the same strategies (harmless).
    """
    for module in area_modules():
        for cls, strategy in _type_strategies(module).items():
            st.register_type_strategy(cls, strategy)


def __getattr__(name: str) -> Callable[..., Any]:
    """Strategies of area modules not listed above (``kpis``...), found by name."""
    for module in area_modules():
        if name in getattr(module, "__all__", ()):
            found: Callable[..., Any] = getattr(module, name)
            return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
