"""The thresholds of the SMART audit (re-exported by ``objectives.audit``)."""

from __future__ import annotations

import attrs

from socialgoals.errors import Problem, check

__all__ = ["AuditConfig"]


@attrs.frozen
class AuditConfig:
    """The thresholds of the SMART audit.

    Attributes:
        max_growth_multiple: a target that needs more than this many times
            the best growth the KPI has shown fails Achievable (N).
        checkpoint_horizon_days: objectives longer than this need checkpoints.
        min_baseline_days: a shorter baseline window is flagged.
        max_baseline_days: a longer baseline window is flagged (92: a
            quarter, "the last 3 months").
        max_primary_objectives: more primary objectives than this is flagged.
        max_primary_kpis: more primary KPIs per objective than this is flagged.
        setup_task_days: a count of at most ``setup_task_max`` actions from
            zero within this many days is read as a setup task.
        setup_task_max: see ``setup_task_days``.

    >>> AuditConfig(max_growth_multiple=0)
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: max_growth_multiple: must be > 0 (got 0)
    """

    max_growth_multiple: float = 2.0
    checkpoint_horizon_days: int = 60
    min_baseline_days: int = 30
    max_baseline_days: int = 92
    max_primary_objectives: int = 3
    max_primary_kpis: int = 2
    setup_task_days: int = 14
    setup_task_max: int = 10

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem(name, value, "must be > 0", code="not_positive")
            for name, value in attrs.asdict(self).items()
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ]
        if not problems and self.min_baseline_days > self.max_baseline_days:
            problems.append(
                Problem(
                    "max_baseline_days",
                    self.max_baseline_days,
                    f"must be >= min_baseline_days {self.min_baseline_days}",
                    code="bounds_order",
                )
            )
        check(problems)
