"""Objectives: business goals, SMART objectives, the SMART audit, target setting.

>>> from datetime import date
>>> from socialgoals.model import ObjectiveCategory
>>> o = Objective("reach", "Monthly reach 20k -> 50k", ObjectiveCategory.AWARENESS,
...               kpis=("reach",), baseline=Baseline(20_000), target=Target(value=50_000))
>>> o.target_value
50000.0
"""

from __future__ import annotations

from socialgoals.objectives._goal import BusinessGoal, GoalKind
from socialgoals.objectives._objective import (
    Baseline,
    Checkpoint,
    HistoryPoint,
    Objective,
    Priority,
    Target,
)

__all__ = [
    "BusinessGoal",
    "GoalKind",
    "Baseline",
    "Checkpoint",
    "HistoryPoint",
    "Objective",
    "Priority",
    "Target",
]
