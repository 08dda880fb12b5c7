"""The objective model (its measures live in ``_measures``)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date

import attrs

from socialgoals.errors import Problem, check
from socialgoals.model import (
    Cadence,
    DataSource,
    Direction,
    FunnelStage,
    ObjectiveCategory,
    Owner,
    Platform,
)
from socialgoals.objectives import _checks
from socialgoals.objectives._measures import Baseline, Checkpoint, HistoryPoint, Target

__all__ = ["Priority", "HistoryPoint", "Baseline", "Target", "Checkpoint", "Objective"]


class Priority(enum.Enum):
    """Whether an objective is one of the plan's 1 to 3 primary ones."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


@attrs.frozen
class Objective:
    """A social-media objective, written so that it can be audited as SMART.

    Attributes:
        id: a slug, unique within the plan.
        statement: the objective in plain words.
        category: what kind of outcome it pursues.
        stage: its funnel stage (defaults to the category's usual stage).
        platforms: the channels it runs on.
        audience: who it targets, in words.
        persona: the id of the persona it targets.
        kpis: the 1 or 2 primary KPI ids; the first is the one the target,
            baseline and checkpoints are expressed in.
        direction: which way that KPI must move.
        baseline: where the KPI stands before the start.
        target: where it must be at the deadline.
        start: the first day.
        deadline: the last day (inclusive).
        checkpoints: intermediate milestones, in date order.
        owner: who is accountable.
        cadence: how often progress is reviewed.
        source: where the KPI's numbers come from.
        serves: the id of the business goal it serves.
        leading: KPI ids of leading indicators (move early: CTR...).
        lagging: KPI ids of lagging indicators (measure the outcome: conversions...).
        priority: primary (1 to 3 per plan) or secondary.
        campaign: the campaign it belongs to, if any.

    >>> o = Objective(
    ...     "ig-er", "Instagram engagement rate 2.0% -> 2.6%",
    ...     ObjectiveCategory.ENGAGEMENT, kpis=("engagement_rate",),
    ...     baseline=Baseline(2.0, window_days=90), target=Target(value=2.6),
    ...     start=date(2026, 3, 1), deadline=date(2026, 4, 30))
    >>> (o.kpi, o.funnel_stage.value, o.target_value, o.horizon_days)
    ('engagement_rate', 'engagement', 2.6, 60)
    >>> Objective("x", "Grow", ObjectiveCategory.AWARENESS,
    ...           start=date(2026, 3, 1), deadline=date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: deadline: must be after start 2026-03-01 (got ...)
    """

    id: str
    statement: str
    category: ObjectiveCategory
    stage: FunnelStage | None = None
    platforms: tuple[Platform, ...] = ()
    audience: str | None = None
    persona: str | None = None
    kpis: tuple[str, ...] = ()
    direction: Direction = Direction.INCREASE
    baseline: Baseline | None = None
    target: Target | None = None
    start: date | None = None
    deadline: date | None = None
    checkpoints: tuple[Checkpoint, ...] = ()
    owner: Owner | None = None
    cadence: Cadence | None = None
    source: DataSource | None = None
    serves: str | None = None
    leading: tuple[str, ...] = ()
    lagging: tuple[str, ...] = ()
    priority: Priority = Priority.SECONDARY
    campaign: str | None = None

    def __attrs_post_init__(self) -> None:
        check(self._problems())

    def _problems(self) -> Iterator[Problem]:
        yield from _checks.slug("id", self.id)
        yield from _checks.text("statement", self.statement)
        yield from _checks.instance("category", self.category, ObjectiveCategory)
        yield from _checks.instance("direction", self.direction, Direction)
        yield from _checks.instance("priority", self.priority, Priority)
        yield from _checks.instance("stage", self.stage, FunnelStage, optional=True)
        yield from _checks.instance("owner", self.owner, Owner, optional=True)
        yield from _checks.instance("cadence", self.cadence, Cadence, optional=True)
        yield from _checks.instance("source", self.source, DataSource, optional=True)
        yield from _checks.instance("baseline", self.baseline, Baseline, optional=True)
        yield from _checks.instance("target", self.target, Target, optional=True)
        yield from _checks.items("checkpoints", self.checkpoints, Checkpoint)
        shape = list(_checks.items("platforms", self.platforms, Platform))
        yield from shape
        for i, platform in enumerate(() if shape else self.platforms):
            if platform in self.platforms[:i]:
                yield Problem(f"platforms[{i}]", platform.id, "is listed twice", code="duplicate")
        yield from _checks.text("audience", self.audience, optional=True)
        yield from _checks.slug("persona", self.persona, optional=True)
        yield from _checks.slugs("kpis", self.kpis)
        yield from _checks.slugs("leading", self.leading)
        yield from _checks.slugs("lagging", self.lagging)
        yield from _checks.slug("serves", self.serves, optional=True)
        yield from _checks.slug("campaign", self.campaign, optional=True)
        yield from _checks.day("start", self.start, optional=True)
        yield from _checks.day("deadline", self.deadline, optional=True)
        yield from self._schedule_problems()
        yield from self._target_problems()

    def _schedule_problems(self) -> Iterator[Problem]:
        start, deadline = self.start, self.deadline
        dates_ok = not list(_checks.day("start", start, optional=True)) and not list(
            _checks.day("deadline", deadline, optional=True)
        )
        if not dates_ok:
            return
        if start is not None and deadline is not None and deadline <= start:
            yield Problem(
                "deadline", deadline, f"must be after start {start}", code="deadline_before_start"
            )
            return
        if list(_checks.items("checkpoints", self.checkpoints, Checkpoint)):
            return
        previous: date | None = None
        for i, cp in enumerate(self.checkpoints):
            if start is not None and cp.on <= start:
                yield Problem(
                    f"checkpoints[{i}].on", cp.on, f"must be after start {start}", code="outside"
                )
            if deadline is not None and cp.on > deadline:
                yield Problem(
                    f"checkpoints[{i}].on",
                    cp.on,
                    f"must be on or before deadline {deadline}",
                    code="outside",
                )
            if previous is not None and cp.on <= previous:
                yield Problem(
                    f"checkpoints[{i}].on",
                    cp.on,
                    f"must be after the previous checkpoint {previous}",
                    code="checkpoint_order",
                )
            previous = cp.on

    def _target_problems(self) -> Iterator[Problem]:
        target, baseline = self.target, self.baseline
        if (
            not isinstance(target, Target)
            or list(_checks.instance("direction", self.direction, Direction))
            or list(_checks.instance("baseline", baseline, Baseline, optional=True))
        ):
            return
        if self.direction is Direction.STAY_WITHIN:
            if not target.is_bound:
                yield Problem(
                    "target",
                    target.describe(),
                    "a stay_within objective needs lower and/or upper bounds",
                    code="target_form",
                )
            return
        if target.is_bound:
            yield Problem(
                "target",
                target.describe(),
                f"bounds only fit a stay_within objective, not {self.direction.value}",
                code="target_form",
            )
            return
        if target.change_percent is not None:
            if baseline is None:
                yield Problem(
                    "target.change_percent",
                    target.change_percent,
                    "a relative target needs a baseline",
                    code="needs_baseline",
                )
            elif baseline.value <= 0:
                yield Problem(
                    "target.change_percent",
                    target.change_percent,
                    f"a relative target needs a baseline above 0 (baseline is {baseline.value:g}); "
                    "give an absolute value",
                    code="needs_baseline",
                )
            sign_ok = (target.change_percent > 0) == (self.direction is Direction.INCREASE)
            if not sign_ok:
                yield Problem(
                    "target.change_percent",
                    target.change_percent,
                    f"goes the wrong way for a {self.direction.value} objective",
                    code="wrong_direction",
                )
        elif target.value is not None and baseline is not None:
            better = (
                target.value > baseline.value
                if self.direction is Direction.INCREASE
                else target.value < baseline.value
            )
            if not better:
                word = "above" if self.direction is Direction.INCREASE else "below"
                yield Problem(
                    "target.value",
                    target.value,
                    f"must be {word} the baseline {baseline.value:g} "
                    f"for a {self.direction.value} objective",
                    code="wrong_direction",
                )

    @property
    def kpi(self) -> str | None:
        """The KPI the target is expressed in (the first primary KPI)."""
        return self.kpis[0] if self.kpis else None

    @property
    def funnel_stage(self) -> FunnelStage:
        """The stage given, or the category's usual one."""
        return self.stage if self.stage is not None else self.category.default_stage

    @property
    def target_value(self) -> float | None:
        """The absolute value to reach (relative targets resolved on the baseline).

        ``None`` when there is no target, for bounds, or for a relative target
        without a baseline.
        """
        if self.target is None:
            return None
        return self.target.resolve(self.baseline.value if self.baseline is not None else None)

    @property
    def horizon_days(self) -> int | None:
        """Days from start to deadline, when both are known."""
        if self.start is None or self.deadline is None:
            return None
        return (self.deadline - self.start).days

    @property
    def higher_is_better(self) -> bool | None:
        """Whether progress means a higher value (``None`` for stay_within)."""
        if self.direction is Direction.STAY_WITHIN:
            return None
        return self.direction is Direction.INCREASE

    def within_bounds(self, value: float) -> bool | None:
        """For a bounded target, whether ``value`` respects the bounds; else ``None``."""
        target = self.target
        if target is None or not target.is_bound:
            return None
        if target.lower is not None and value < target.lower:
            return False
        return not (target.upper is not None and value > target.upper)
