"""cattrs hooks: KPIs in plan files, with formulas and units as strings.

>>> from socialgoals.converters import structure, unstructure
>>> from socialgoals.kpi import KPI
>>> kpi = structure({"id": "dm_to_order", "label": "DM -> order rate",
...                  "formula": "orders / dm_conversations x 100", "unit": "percent",
...                  "higher_is_better": True, "stage": "conversion",
...                  "indicator": "lagging"}, KPI)
>>> unstructure(kpi)["formula"]
'orders / dm_conversations x 100'
>>> structure({"id": "bad", "label": "Bad", "formula": "likes / / reach", "unit": "parsecs",
...            "higher_is_better": True, "stage": "conversion", "indicator": "lagging"}, KPI)
Traceback (most recent call last):
...
socialgoals.errors.ValidationError: 2 problems:
  formula: unexpected '/' at position 8 (got 'likes / / reach')
  unit: must be one of count, percent, duration, score, ratio or currency:<CODE> (got 'parsecs')
"""

from __future__ import annotations

from typing import Any

import cattrs

from socialgoals.converters import register_hooks
from socialgoals.errors import ValidationError
from socialgoals.kpi._formula import Expr
from socialgoals.kpi._parser import parse_formula
from socialgoals.kpi._units import Unit

__all__ = ["configure_converter"]


def _is_expr(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Expr)


def _structure_formula(value: Any, _: type) -> Expr:
    if isinstance(value, Expr):
        return value
    if not isinstance(value, str):
        raise TypeError("must be a formula string such as 'clicks / impressions x 100'")
    try:
        return parse_formula(value)
    except ValidationError as exc:
        raise ValueError(exc.problems[0].message) from None


def _structure_unit(value: Any, _: type) -> Unit:
    if isinstance(value, Unit):
        return value
    if not isinstance(value, str):
        raise TypeError("must be a unit string such as 'percent' or 'currency:EUR'")
    try:
        return Unit.parse(value)
    except ValidationError as exc:
        raise ValueError(exc.problems[0].message) from None


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` to read and write formulas and units as strings."""
    converter.register_structure_hook_func(_is_expr, _structure_formula)
    converter.register_unstructure_hook_func(_is_expr, lambda expr: expr.render())
    converter.register_structure_hook(Unit, _structure_unit)
    converter.register_unstructure_hook(Unit, str)


register_hooks(configure_converter)
