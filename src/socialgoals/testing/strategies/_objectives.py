"""Hypothesis strategies for objectives, personas and plans."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from socialgoals.kpi import KPI
from socialgoals.model import (
    Cadence,
    Direction,
    FunnelStage,
    Indicator,
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


@functools.cache
def _values(max_value: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=max_value, allow_nan=False, allow_infinity=False)


@functools.cache
def business_goals(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[BusinessGoal]:
    """Business or personal goals (shrinks to a business goal with id ``"a"``)."""
    return st.builds(
        BusinessGoal,
        id=slugs() if ids is None else ids,
        statement=words(),
        kind=st.sampled_from(GoalKind),
        owner=st.none() | owners(),
        description=st.none() | words(),
    )


@functools.cache
def personas(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Persona]:
    """Personas of any segment and age band (shrinks to a B2C persona, no platforms)."""
    return st.builds(
        Persona,
        id=slugs() if ids is None else ids,
        name=words(),
        segment=st.sampled_from(Segment),
        decision_maker=st.booleans(),
        age_band=st.none() | st.sampled_from(AgeBand),
        platforms=st.lists(platforms(), unique=True, max_size=3).map(tuple),
        description=st.none() | words(),
    )


@functools.cache
def history_points(*, max_value: float = 100.0) -> st.SearchStrategy[HistoryPoint]:
    """One past value (shrinks to 0 on the first day of 2020)."""
    return st.builds(HistoryPoint, on=days(), value=_values(max_value))


_OFFSETS_720: st.SearchStrategy[list[int]] = st.lists(st.integers(1, 720), unique=True, max_size=3)
_WINDOWS = st.sampled_from(["none", "days", "dated"])
_WINDOW_DAYS = st.integers(1, 180)
_OPEN_FRACTION = st.floats(0.0, 1.0, exclude_min=True)
_RAISE_PERCENT = st.floats(0.5, 300.0)
_CUT_PERCENT = st.floats(0.5, 100.0)
_BOUND_KIND = st.sampled_from(["lower", "upper", "both"])


@st.composite
def _history(draw: st.DrawFn, max_value: float, end: date) -> tuple[HistoryPoint, ...]:
    offsets = draw(_OFFSETS_720)
    return tuple(
        HistoryPoint(end - timedelta(days=o), draw(_values(max_value)))
        for o in sorted(offsets, reverse=True)
    )


@st.composite
def _baseline(draw: st.DrawFn, min_value: float, max_value: float) -> Baseline:
    value = draw(_range(min_value, max_value))
    window = draw(_WINDOWS)
    end = draw(days(min_value=date(2022, 1, 1)))
    start = end - timedelta(days=draw(_WINDOW_DAYS))
    return Baseline(
        value,
        window_start=start if window == "dated" else None,
        window_end=end if window == "dated" else None,
        window_days=draw(_WINDOW_DAYS) if window == "days" else None,
        source=draw(_optional(data_sources())),
        history=draw(_history(max_value, start)),
        benchmark=draw(_optional(_values(max_value))),
    )


@functools.cache
def _range(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@functools.cache
def baselines(*, min_value: float = 0.0, max_value: float = 100.0) -> st.SearchStrategy[Baseline]:
    """Baselines with values in a range, maybe a window, history and benchmark.

    Shrinks to ``Baseline(min_value)`` with no window and no history.
    """
    return _baseline(min_value, max_value)


def _draw_target(
    draw: st.DrawFn, direction: Direction, baseline: Baseline | None, max_value: float
) -> Target:
    if direction is Direction.STAY_WITHIN:
        low, high = sorted((draw(_values(max_value)), draw(_values(max_value))))
        if low == high:
            return Target(lower=low)
        which = draw(_BOUND_KIND)
        return Target(
            lower=low if which != "upper" else None, upper=high if which != "lower" else None
        )
    up = direction is Direction.INCREASE
    base = baseline.value if baseline is not None else None
    if base is None:
        return Target(value=draw(_values(max_value)))
    if base > 0 and ((up and base >= max_value) or draw(st.booleans())):
        return Target(change_percent=draw(_RAISE_PERCENT) if up else -draw(_CUT_PERCENT))
    fraction = draw(_OPEN_FRACTION)
    if up:
        value = base + (max_value - base) * fraction
        return Target(value=value if value > base else max_value)
    if base <= 0:
        return Target(value=base - 1 - fraction)
    value = base * (1 - fraction)
    return Target(value=value if value < base else 0.0)


@st.composite
def _target(
    draw: st.DrawFn, direction: Direction, baseline: Baseline | None, max_value: float
) -> Target:
    return _draw_target(draw, direction, baseline, max_value)


def targets(
    *, direction: Direction, baseline: Baseline | None = None, max_value: float = 100.0
) -> st.SearchStrategy[Target]:
    """Targets that fit ``direction`` and ``baseline`` (shrinks to the smallest change)."""
    return _target(direction, baseline, max_value)


@functools.cache
def checkpoints(*, max_value: float = 100.0) -> st.SearchStrategy[Checkpoint]:
    """A checkpoint on any day (shrinks to 0 on the first day of 2020)."""
    return st.builds(Checkpoint, on=days(), expected=_values(max_value), note=st.none() | words())


_OFFSETS: st.SearchStrategy[list[int]] = st.lists(st.integers(1, 400), unique=True, max_size=3)


@st.composite
def _measure(draw: st.DrawFn, max_value: float) -> dict[str, Any]:
    direction = draw(st.sampled_from(Direction))
    min_base = 1.0 if direction is Direction.DECREASE else 0.0
    baseline = draw(_optional(baselines(min_value=min_base, max_value=max_value)))
    target = None
    if draw(st.booleans()):
        target = _draw_target(draw, direction, baseline, max_value)
    return {"direction": direction, "baseline": baseline, "target": target}


@st.composite
def _schedule(draw: st.DrawFn, max_value: float) -> dict[str, Any]:
    start = draw(_optional(days(min_value=date(2023, 1, 1))))
    deadline = None
    if draw(st.booleans()):
        deadline = (start or date(2030, 1, 1)) + timedelta(days=draw(st.integers(1, 400)))
    marks: tuple[Checkpoint, ...] = ()
    if start is not None and deadline is not None:
        span = (deadline - start).days
        offsets = sorted({min(o, span) for o in draw(_OFFSETS)})
        marks = tuple(
            Checkpoint(start + timedelta(days=o), draw(_values(max_value))) for o in offsets
        )
    return {"start": start, "deadline": deadline, "checkpoints": marks}


@functools.lru_cache(maxsize=256)
def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _references(ids: tuple[str, ...] | None) -> st.SearchStrategy[str | None]:
    if ids is None:
        return _optional(slugs())
    return _optional(st.sampled_from(ids)) if ids else st.none()


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
    return _objectives(
        slugs() if ids is None else ids,
        tuple(kpi_ids),
        None if goal_ids is None else tuple(goal_ids),
        None if persona_ids is None else tuple(persona_ids),
        max_value,
    )


@functools.lru_cache(maxsize=512)
def _objectives(
    ids: st.SearchStrategy[str],
    kpi_ids: tuple[str, ...],
    goal_ids: tuple[str, ...] | None,
    persona_ids: tuple[str, ...] | None,
    max_value: float,
) -> st.SearchStrategy[Objective]:
    some_kpis = (
        st.lists(st.sampled_from(kpi_ids), unique=True, max_size=3).map(tuple)
        if kpi_ids
        else st.just(())
    )
    described = st.fixed_dictionaries(
        {
            "id": ids,
            "statement": words(),
            "category": st.sampled_from(ObjectiveCategory),
            "stage": _optional(st.sampled_from(FunnelStage)),
            "platforms": st.lists(platforms(), unique=True, max_size=3).map(tuple),
            "audience": _optional(words()),
            "persona": _references(persona_ids),
            "kpis": some_kpis,
            "owner": _optional(owners()),
            "cadence": _optional(st.sampled_from(Cadence)),
            "source": _optional(data_sources()),
            "serves": _references(goal_ids),
            "leading": some_kpis,
            "lagging": some_kpis,
            "priority": st.sampled_from(Priority),
            "campaign": _optional(st.sampled_from(["launch", "webinar", "summer"])),
        }
    )
    return st.builds(
        lambda d, m, s: Objective(**d, **m, **s),
        described,
        _measure(max_value),
        _schedule(max_value),
    )


_GOAL_IDS = ("sales", "leads", "brand")
_PERSONA_IDS = ("buyer", "fan", "cto")
_CUSTOM_IDS = ("custom_a", "custom_b")
_CUSTOM_FORMULAS = ("likes / impressions x 100", "clicks", "spend / clicks", "saves + shares")


def _keep(objective: Objective, goals: set[str], people: set[str], kpis: set[str]) -> Objective:
    """The objective with references to absent goals, personas and KPIs dropped."""
    return attrs.evolve(
        objective,
        serves=objective.serves if objective.serves in goals else None,
        persona=objective.persona if objective.persona in people else None,
        kpis=tuple(k for k in objective.kpis if k in kpis),
        leading=tuple(k for k in objective.leading if k in kpis),
        lagging=tuple(k for k in objective.lagging if k in kpis),
    )


@st.composite
def _plan(draw: st.DrawFn, max_objectives: int, custom_kpis: bool) -> Plan:
    goals = draw(st.lists(business_goals(ids=_pool(_GOAL_IDS)), max_size=2, unique_by=_id))
    people = draw(st.lists(personas(ids=_pool(_PERSONA_IDS)), max_size=2, unique_by=_id))
    extra = draw(_custom_kpis()) if custom_kpis else []
    drawn = draw(st.lists(_plan_objectives(), max_size=max_objectives, unique_by=_id))
    known_kpis = {*_STANDARD_KPIS, *(k.id for k in extra)}
    objs = [_keep(o, {g.id for g in goals}, {p.id for p in people}, known_kpis) for o in drawn]
    return Plan(
        name=draw(_optional(words())),
        description=draw(_optional(words())),
        business_goals=tuple(goals),
        personas=tuple(people),
        kpis=tuple(extra),
        objectives=tuple(objs),
    )


def _id(item: Any) -> str:
    found: str = item.id
    return found


@functools.cache
def _pool(ids: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(ids)


@functools.cache
def _plan_objectives() -> st.SearchStrategy[Objective]:
    return objectives(
        kpi_ids=(*_STANDARD_KPIS, *_CUSTOM_IDS), goal_ids=_GOAL_IDS, persona_ids=_PERSONA_IDS
    )


@functools.cache
def _custom_kpis() -> st.SearchStrategy[list[KPI]]:
    kpi = st.builds(
        KPI,
        id=_pool(_CUSTOM_IDS),
        label=words(),
        formula=st.sampled_from(_CUSTOM_FORMULAS),
        unit=st.sampled_from(["count", "percent", "currency:EUR", "ratio"]),
        higher_is_better=st.booleans(),
        stage=st.sampled_from(FunnelStage),
        indicator=st.sampled_from(Indicator),
    )
    return st.lists(kpi, max_size=2, unique_by=_id)


@functools.cache
def plans(*, max_objectives: int = 2, custom_kpis: bool = True) -> st.SearchStrategy[Plan]:
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
