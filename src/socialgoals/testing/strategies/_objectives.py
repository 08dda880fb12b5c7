"""Hypothesis strategies for objectives, personas and plans."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from socialgoals.kpi import standard_catalogue
from socialgoals.model import (
    Cadence,
    Direction,
    FunnelStage,
    ObjectiveCategory,
)
from socialgoals.objectives import (
    Baseline,
    BusinessGoal,
    Checkpoint,
    GoalKind,
    HistoryPoint,
    Objective,
    Priority,
    Target,
)
from socialgoals.plan import Plan
from socialgoals.planning.personas import AgeBand, Persona, Segment
from socialgoals.testing.strategies._model import (
    data_sources,
    days,
    owners,
    platforms,
    slugs,
    words,
)

__all__ = [
    "business_goals",
    "personas",
    "history_points",
    "baselines",
    "targets",
    "checkpoints",
    "objectives",
    "plans",
    "type_strategies",
]

_STANDARD_KPIS: tuple[str, ...] = ("reach", "engagement_rate", "leads", "ctr", "cpa", "csat")


def _values(max_value: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=max_value, allow_nan=False, allow_infinity=False)


def business_goals(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[BusinessGoal]:
    """Business or personal goals (shrinks to a business goal with id ``"a"``)."""
    return st.builds(
        BusinessGoal,
        id=ids or slugs(),
        statement=words(),
        kind=st.sampled_from(GoalKind),
        owner=st.none() | owners(),
        description=st.none() | words(),
    )


def personas(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Persona]:
    """Personas of any segment and age band (shrinks to a B2C persona, no platforms)."""
    return st.builds(
        Persona,
        id=ids or slugs(),
        name=words(),
        segment=st.sampled_from(Segment),
        decision_maker=st.booleans(),
        age_band=st.none() | st.sampled_from(AgeBand),
        platforms=st.lists(platforms(), unique=True, max_size=3).map(tuple),
        description=st.none() | words(),
    )


def history_points(*, max_value: float = 100.0) -> st.SearchStrategy[HistoryPoint]:
    """One past value (shrinks to 0 on the first day of 2020)."""
    return st.builds(HistoryPoint, on=days(), value=_values(max_value))


@st.composite
def _history(draw: st.DrawFn, max_value: float, end: date) -> tuple[HistoryPoint, ...]:
    offsets = draw(st.lists(st.integers(1, 720), unique=True, max_size=6))
    return tuple(
        HistoryPoint(end - timedelta(days=o), draw(_values(max_value)))
        for o in sorted(offsets, reverse=True)
    )


@st.composite
def _baseline(draw: st.DrawFn, min_value: float, max_value: float) -> Baseline:
    value = draw(st.floats(min_value, max_value, allow_nan=False, allow_infinity=False))
    window = draw(st.sampled_from(["none", "days", "dated"]))
    end = draw(days(min_value=date(2022, 1, 1)))
    start = end - timedelta(days=draw(st.integers(1, 180)))
    return Baseline(
        value,
        window_start=start if window == "dated" else None,
        window_end=end if window == "dated" else None,
        window_days=draw(st.integers(1, 180)) if window == "days" else None,
        source=draw(st.none() | data_sources()),
        history=draw(_history(max_value, start)),
        benchmark=draw(st.none() | _values(max_value)),
    )


def baselines(*, min_value: float = 0.0, max_value: float = 100.0) -> st.SearchStrategy[Baseline]:
    """Baselines with values in a range, maybe a window, history and benchmark.

    Shrinks to ``Baseline(min_value)`` with no window and no history.
    """
    return _baseline(min_value, max_value)


@st.composite
def _target(
    draw: st.DrawFn, direction: Direction, baseline: Baseline | None, max_value: float
) -> Target:
    if direction is Direction.STAY_WITHIN:
        low, high = sorted(draw(st.lists(_values(max_value), min_size=2, max_size=2, unique=True)))
        which = draw(st.sampled_from(["lower", "upper", "both"]))
        return Target(
            lower=low if which != "upper" else None, upper=high if which != "lower" else None
        )
    up = direction is Direction.INCREASE
    base = baseline.value if baseline is not None else None
    relative_ok = base is not None and (up or base > 0)
    if relative_ok and draw(st.booleans()):
        if up:
            pct = draw(st.floats(0.5, 300, allow_nan=False))
        else:
            pct = -draw(st.floats(0.5, 100, allow_nan=False))
        return Target(change_percent=pct)
    if base is None:
        return Target(value=draw(_values(max_value)))
    if up:
        return Target(value=draw(st.floats(base, max_value + base + 1, exclude_min=True)))
    return Target(value=draw(st.floats(0, base, exclude_max=True)))


def targets(
    *, direction: Direction, baseline: Baseline | None = None, max_value: float = 100.0
) -> st.SearchStrategy[Target]:
    """Targets that fit ``direction`` and ``baseline`` (shrinks to the smallest change)."""
    return _target(direction, baseline, max_value)


def checkpoints(*, max_value: float = 100.0) -> st.SearchStrategy[Checkpoint]:
    """A checkpoint on any day (shrinks to 0 on the first day of 2020)."""
    return st.builds(Checkpoint, on=days(), expected=_values(max_value), note=st.none() | words())


@st.composite
def _objective(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str],
    kpi_ids: Sequence[str],
    goal_ids: Sequence[str] | None,
    persona_ids: Sequence[str] | None,
    max_value: float,
) -> Objective:
    direction = draw(st.sampled_from(Direction))
    min_base = 1.0 if direction is Direction.DECREASE else 0.0
    baseline = draw(st.none() | baselines(min_value=min_base, max_value=max_value))
    target = draw(st.none() | targets(direction=direction, baseline=baseline, max_value=max_value))
    start = draw(st.none() | days(min_value=date(2023, 1, 1)))
    deadline = draw(
        st.none()
        | st.integers(1, 400).map(lambda n: (start or date(2030, 1, 1)) + timedelta(days=n))
    )
    marks: tuple[Checkpoint, ...] = ()
    if start is not None and deadline is not None:
        span = (deadline - start).days
        offsets = draw(st.lists(st.integers(1, span), unique=True, max_size=4))
        marks = tuple(
            Checkpoint(start + timedelta(days=o), draw(_values(max_value))) for o in sorted(offsets)
        )
    goal = st.none() | st.sampled_from(goal_ids) if goal_ids else st.none() | slugs()
    if persona_ids is None:
        persona = st.none() | slugs()
    else:
        persona = st.none() | st.sampled_from(persona_ids) if persona_ids else st.none()
    some_kpis = st.lists(st.sampled_from(tuple(kpi_ids)), unique=True, max_size=3).map(tuple)
    return Objective(
        id=draw(ids),
        statement=draw(words()),
        category=draw(st.sampled_from(ObjectiveCategory)),
        stage=draw(st.none() | st.sampled_from(FunnelStage)),
        platforms=tuple(draw(st.lists(platforms(), unique=True, max_size=3))),
        audience=draw(st.none() | words()),
        persona=draw(persona),
        kpis=draw(some_kpis),
        direction=direction,
        baseline=baseline,
        target=target,
        start=start,
        deadline=deadline,
        checkpoints=marks,
        owner=draw(st.none() | owners()),
        cadence=draw(st.none() | st.sampled_from(Cadence)),
        source=draw(st.none() | data_sources()),
        serves=draw(goal),
        leading=draw(some_kpis),
        lagging=draw(some_kpis),
        priority=draw(st.sampled_from(Priority)),
        campaign=draw(st.none() | st.sampled_from(["launch", "webinar", "summer"])),
    )


def objectives(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kpi_ids: Sequence[str] = _STANDARD_KPIS,
    goal_ids: Sequence[str] | None = None,
    persona_ids: Sequence[str] | None = None,
    max_value: float = 100.0,
) -> st.SearchStrategy[Objective]:
    """Valid objectives of any shape: with or without baseline, target, dates...

    Args:
        ids: strategy for the objective id (default: slugs).
        kpi_ids: KPI ids to draw ``kpis``, ``leading`` and ``lagging`` from.
        goal_ids: business goal ids ``serves`` may take (default: any slug).
        persona_ids: persona ids ``persona`` may take (default: any slug; an
            empty sequence means no persona).
        max_value: upper bound of baseline, target and checkpoint values
            (100 keeps every value valid for percent KPIs).

    Shrinks to an increasing objective with no baseline, target or dates.
    """
    return _objective(
        ids=ids or slugs(),
        kpi_ids=kpi_ids,
        goal_ids=goal_ids,
        persona_ids=persona_ids,
        max_value=max_value,
    )


@st.composite
def _plan(draw: st.DrawFn, max_objectives: int, custom_kpis: bool) -> Plan:
    goals = draw(st.lists(business_goals(), max_size=3, unique_by=lambda g: g.id))
    people = draw(st.lists(personas(), max_size=3, unique_by=lambda p: p.id))
    kpi_ids = list(_STANDARD_KPIS)
    extra: list[Any] = []
    if custom_kpis:
        from socialgoals.testing.strategies._kpi import kpis  # noqa: PLC0415 - optional area

        standard = standard_catalogue()
        extra = draw(
            st.lists(
                kpis().filter(lambda k: k.id not in standard), max_size=2, unique_by=lambda k: k.id
            )
        )
        kpi_ids.extend(k.id for k in extra)
    objs = draw(
        st.lists(
            objectives(
                kpi_ids=kpi_ids,
                goal_ids=[g.id for g in goals],
                persona_ids=[p.id for p in people],
            ),
            max_size=max_objectives,
            unique_by=lambda o: o.id,
        )
    )
    return Plan(
        name=draw(st.none() | words()),
        description=draw(st.none() | words()),
        business_goals=tuple(goals),
        personas=tuple(people),
        kpis=tuple(extra),
        objectives=tuple(objs),
    )


def plans(*, max_objectives: int = 4, custom_kpis: bool = True) -> st.SearchStrategy[Plan]:
    """Valid plans whose references all resolve (shrinks to the empty plan).

    Objectives draw their KPIs from a few standard KPIs and, with
    ``custom_kpis``, from up to two custom KPIs of the plan.
    """
    return _plan(max_objectives, custom_kpis)


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each objectives, planning and plan model, for registration."""
    return {
        BusinessGoal: business_goals(),
        Persona: personas(),
        HistoryPoint: history_points(),
        Baseline: baselines(),
        Target: st.sampled_from(Direction).flatmap(lambda d: targets(direction=d)),
        Checkpoint: checkpoints(),
        Objective: objectives(),
        Plan: plans(),
    }
