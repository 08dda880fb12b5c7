"""socialgoals: turn a social-media strategy into code.

SMART objectives aligned to business goals, KPI formulas, progress and
forecasts, community triage with escalation and SLAs, lead capture,
attribution and reports, in a typed, pure-Python core with pluggy plugins.

>>> import socialgoals
>>> socialgoals.Platform.parse("Twitter").label
'X (Twitter)'
"""

from __future__ import annotations

from socialgoals._version import __version__
from socialgoals.errors import SocialGoalsError, ValidationError
from socialgoals.model import (
    Cadence,
    DataSource,
    DataSourceKind,
    Direction,
    FunnelStage,
    Indicator,
    ObjectiveCategory,
    Observation,
    Owner,
    Period,
    PeriodKind,
    Platform,
)

__all__ = [
    "__version__",
    # errors
    "SocialGoalsError",
    "ValidationError",
    # shared vocabulary
    "Cadence",
    "DataSource",
    "DataSourceKind",
    "Direction",
    "FunnelStage",
    "Indicator",
    "Observation",
    "ObjectiveCategory",
    "Owner",
    "Period",
    "PeriodKind",
    "Platform",
]
