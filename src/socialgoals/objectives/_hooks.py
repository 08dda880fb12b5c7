"""cattrs hooks: objectives in plan files may date themselves with periods.

``start = "2026-Q3"`` means the first day of the quarter and
``deadline = "2026-Q3"`` its last day; months (``"2026-09"``) and ISO weeks
(``"2026-W36"``) work the same way. Dumping writes plain dates back.

>>> from socialgoals.converters import structure
>>> o = structure({"id": "q3", "statement": "Reach +15% in Q3", "category": "awareness",
...                "start": "2026-Q3", "deadline": "2026-Q3"}, Objective)
>>> o.start, o.deadline
(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn

from socialgoals.converters import register_hooks
from socialgoals.errors import ValidationError
from socialgoals.model import Period, PeriodKind
from socialgoals.objectives._objective import Objective

__all__ = ["configure_converter"]


def _period_day(value: Any, *, last: bool) -> Any:
    """The first (or last) day of a period label; anything else unchanged."""
    if not isinstance(value, str):
        return value
    try:
        period = Period.parse(value)
    except ValidationError:
        return value
    if period.kind is PeriodKind.DAY:
        return value
    return period.end - timedelta(days=1) if last else period.start


def configure_converter(converter: cattrs.Converter) -> None:
    """Let objectives take period labels for ``start`` and ``deadline``."""
    default: Callable[[Mapping[str, Any], Any], Objective] = make_dict_structure_fn(
        Objective, converter, _cattrs_forbid_extra_keys=True
    )

    def structure(value: Any, cls: Any) -> Objective:
        if isinstance(value, Mapping) and ("start" in value or "deadline" in value):
            value = dict(value)
            if "start" in value:
                value["start"] = _period_day(value["start"], last=False)
            if "deadline" in value:
                value["deadline"] = _period_day(value["deadline"], last=True)
        return default(value, cls)

    converter.register_structure_hook(Objective, structure)


register_hooks(configure_converter)
