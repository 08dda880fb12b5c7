"""Where an objective stands on a given day: progress, pace, checkpoints, forecast, status."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from socialgoals.errors import ValidationError
from socialgoals.kpi import Undefined, Value
from socialgoals.model import Direction
from socialgoals.objectives import Checkpoint, Objective
from socialgoals.tracking._forecast import Forecast, linear_forecast
from socialgoals.tracking._series import SeriesPoint, as_points

__all__ = ["Status", "Pace", "CheckpointResult", "Progress", "track"]

AT_RISK_SHARE = 0.8
"""Below pace but at least this share of the expected progress: at risk, not off track."""


class Status(enum.Enum):
    """Where an objective stands, best first among the tracked states."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    MISSED = "missed"
    NOT_STARTED = "not_started"
    NO_DATA = "no_data"

    @property
    def rank(self) -> int | None:
        """0 for achieved ... 4 for missed; ``None`` for not started and no data."""
        order = (Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.MISSED)
        return order.index(self) if self in order else None


class Pace(enum.Enum):
    """How the expected value moves from the baseline to the target."""

    LINEAR = "linear"
    """The same amount every day."""
    COMPOUND = "compound"
    """The same growth rate every day (for growth targets such as "+20%")."""


@attrs.frozen
class CheckpointResult:
    """A checkpoint, judged on the day of tracking.

    Attributes:
        checkpoint: the milestone.
        actual: the latest value on or before its day (undefined if not due or no data).
        met: whether it was met; ``None`` when not due yet or without data.
    """

    checkpoint: Checkpoint
    actual: Value
    met: bool | None


@attrs.frozen
class Progress:
    """An objective's standing on :attr:`as_of`.

    Attributes:
        objective: the objective's id.
        kpi: the KPI tracked.
        as_of: the day of tracking (time is a parameter, never the clock).
        status: achieved, on track, at risk, off track, missed, not started, no data.
        current: the latest value on or before ``as_of``.
        baseline: the starting value.
        target: the value to reach (undefined for stay-within objectives).
        progress: the share of the baseline -> target distance covered (1.0 = reached).
        expected: the value the pace expects by ``as_of``.
        gap_to_pace: how far ahead of the pace (positive) or behind (negative),
            in the KPI's unit, whichever way the objective wants it to move.
        pace: the pace used.
        checkpoints: every checkpoint, judged.
        forecast: the trend's forecast at the deadline, with its 80% interval.
        probability: the probability of meeting the target at the deadline.
        explanation: why this status, in one sentence.
    """

    objective: str
    kpi: str | None
    as_of: date
    status: Status
    current: Value
    baseline: Value
    target: Value
    progress: Value
    expected: Value
    gap_to_pace: Value
    pace: Pace
    checkpoints: tuple[CheckpointResult, ...]
    forecast: Forecast | None
    probability: Value
    explanation: str


def _meets(objective: Objective, value: float, target: float | None) -> bool:
    if objective.direction is Direction.STAY_WITHIN:
        return bool(objective.within_bounds(value))
    assert target is not None
    if objective.direction is Direction.INCREASE:
        return value >= target
    return value <= target


def _latest(points: list[SeriesPoint], day: date) -> SeriesPoint | None:
    found = None
    for point in points:
        if point.on <= day:
            found = point
    return found


def _expected(base: float, target: float, share: float, pace: Pace) -> float:
    if pace is Pace.COMPOUND and base > 0 and target > 0:
        return float(base * (target / base) ** share)
    return base + (target - base) * share


def _choose_pace(objective: Objective, base: float, pace: Pace | None) -> Pace:
    if pace is not None:
        return pace
    target = objective.target
    relative = target is not None and target.is_relative
    return Pace.COMPOUND if relative and base > 0 else Pace.LINEAR


def _checkpoint_results(
    objective: Objective, points: list[SeriesPoint], as_of: date
) -> tuple[CheckpointResult, ...]:
    results: list[CheckpointResult] = []
    for cp in objective.checkpoints:
        if cp.on > as_of:
            results.append(CheckpointResult(cp, Undefined("not due yet"), None))
            continue
        point = _latest(
            [p for p in points if objective.start is None or p.on >= objective.start], cp.on
        )
        if point is None:
            results.append(CheckpointResult(cp, Undefined("no data by the checkpoint"), None))
            continue
        if objective.direction is Direction.STAY_WITHIN:
            met = _meets(objective, point.value, None)
        elif objective.direction is Direction.INCREASE:
            met = point.value >= cp.expected
        else:
            met = point.value <= cp.expected
        results.append(CheckpointResult(cp, point.value, met))
    return tuple(results)


def _fit(
    points: list[SeriesPoint], start: date, anchor: float | None, deadline: date
) -> Forecast | None:
    """The trend since the start; a given baseline anchors it on the first day."""
    xs = [float((p.on - start).days) for p in points if p.on >= start]
    ys = [p.value for p in points if p.on >= start]
    if anchor is not None and 0.0 not in xs:
        xs.insert(0, 0.0)
        ys.insert(0, anchor)
    return linear_forecast(xs, ys, float((deadline - start).days))


def track(
    objective: Objective,
    observations: Iterable[SeriesPoint | tuple[date, float | Undefined | None]],
    *,
    as_of: date,
    pace: Pace | None = None,
) -> Progress:
    """Track ``objective`` on ``as_of`` from its KPI's values over time.

    Args:
        objective: the objective (start, deadline, baseline and target are needed).
        observations: ``(day, value)`` points of the objective's KPI, e.g. from
            :func:`~socialgoals.tracking.kpi_series`; undefined values are skipped
            and points after ``as_of`` (or after the deadline) are ignored.
        as_of: the day of tracking.
        pace: linear or compound; by default compound for relative ("+20%")
            targets and linear otherwise.

    Without a baseline, the first value on or after the start is the baseline.

    >>> from datetime import date, timedelta
    >>> from socialgoals.model import ObjectiveCategory
    >>> from socialgoals.objectives import Baseline, Target
    >>> o = Objective("x-followers", "X followers 5,000 -> 6,000", ObjectiveCategory.AWARENESS,
    ...               kpis=("followers",), baseline=Baseline(5000), target=Target(value=6000),
    ...               start=date(2026, 1, 1), deadline=date(2026, 4, 1))
    >>> p = track(o, [(date(2026, 2, 15), 5400.0)], as_of=date(2026, 2, 15))
    >>> (p.expected, p.gap_to_pace, p.progress, p.status.value)
    (5500.0, -100.0, 0.4, 'at_risk')
    """
    problems = [name for name in ("start", "deadline") if getattr(objective, name) is None]
    if objective.target is None:
        problems.append("target")
    if problems:
        raise ValidationError(
            f"needs {', '.join(problems)} to be tracked", path="objective", value=objective.id
        )
    start, deadline = objective.start, objective.deadline
    assert start is not None
    assert deadline is not None
    points = sorted(as_points(observations), key=lambda p: p.on)
    horizon = min(as_of, deadline)  # after the deadline, judge the value at the deadline
    points = [p for p in points if p.on <= horizon]
    latest = _latest(points, horizon)
    current: Value = latest.value if latest is not None else Undefined("no data by this day")
    if objective.baseline is not None:
        base: Value = objective.baseline.value
    else:
        first = next((p for p in points if p.on >= start), None)
        base = first.value if first is not None else Undefined("no baseline and no data")
    target_value = objective.target_value
    target: Value = (
        target_value
        if target_value is not None
        else Undefined("a stay-within objective has bounds, not a value")
    )
    checkpoints = _checkpoint_results(objective, points, as_of)
    chosen = _choose_pace(objective, base if isinstance(base, float | int) else 0.0, pace)
    empty = Undefined("no data by this day")
    verdict = _Verdict(Status.NO_DATA, "", empty, empty, empty, empty)
    forecast: Forecast | None = None
    if as_of < start:
        verdict = attrs.evolve(verdict, status=Status.NOT_STARTED, why=f"starts on {start}")
    elif isinstance(current, Undefined) or isinstance(base, Undefined):
        verdict = attrs.evolve(verdict, why=f"no value of {objective.kpi or 'the KPI'} by {as_of}")
    else:
        anchor = objective.baseline.value if objective.baseline is not None else None
        forecast = _fit(points, start, anchor, deadline)
        share = min(max((as_of - start).days / (deadline - start).days, 0.0), 1.0)
        if objective.direction is Direction.STAY_WITHIN:
            verdict = _judge_bounds(objective, current, forecast, final=as_of >= deadline)
        else:
            assert target_value is not None
            verdict = _judge_target(
                objective,
                _Position(float(base), target_value, current, share, chosen),
                forecast,
                final=as_of >= deadline,
            )
    return Progress(
        objective.id, objective.kpi, as_of, verdict.status, current, base, target,
        verdict.progress, verdict.expected, verdict.gap, chosen, checkpoints, forecast,
        verdict.probability, verdict.why,
    )  # fmt: skip


@attrs.frozen
class _Verdict:
    status: Status
    why: str
    progress: Value
    expected: Value
    gap: Value
    probability: Value


@attrs.frozen
class _Position:
    base: float
    target: float
    current: float
    share: float
    pace: Pace


def _judge_bounds(
    objective: Objective, current: float, forecast: Forecast | None, *, final: bool
) -> _Verdict:
    bounds = objective.target
    assert bounds is not None
    probability: Value = (
        forecast.probability_within(bounds.lower, bounds.upper)
        if forecast is not None
        else Undefined("too few points for a forecast")
    )
    none = Undefined("a stay-within objective has bounds, not a distance")
    inside = _meets(objective, current, None)
    if final:
        word = "within" if inside else "outside"
        status = Status.ACHIEVED if inside else Status.MISSED
        why = f"{current:g} is {word} {bounds.describe()} at the deadline"
    elif not inside:
        status, why = Status.OFF_TRACK, f"{current:g} is outside {bounds.describe()}"
    elif forecast is not None and not _meets(objective, forecast.value, None):
        status, why = Status.AT_RISK, "within bounds now, but the trend leaves them"
    else:
        status, why = Status.ON_TRACK, f"{current:g} is within {bounds.describe()}"
    return _Verdict(status, why, none, none, none, probability)


def _judge_target(
    objective: Objective, at: _Position, forecast: Forecast | None, *, final: bool
) -> _Verdict:
    distance = at.target - at.base
    sign = 1.0 if objective.direction is Direction.INCREASE else -1.0
    progress: Value = (
        (at.current - at.base) / distance if distance else Undefined("target equals baseline")
    )
    expected = _expected(at.base, at.target, at.share, at.pace)
    gap = sign * (at.current - expected)
    probability: Value = Undefined("too few points for a forecast")
    if forecast is not None:
        probability = (
            forecast.probability_at_least(at.target)
            if sign > 0
            else forecast.probability_at_most(at.target)
        )

    def verdict(status: Status, why: str) -> _Verdict:
        return _Verdict(status, why, progress, expected, gap, probability)

    if _meets(objective, at.current, at.target):
        return verdict(Status.ACHIEVED, f"{at.current:g} reaches the target {at.target:g}")
    if final:
        return verdict(
            Status.MISSED, f"{at.current:g} short of the target {at.target:g} at the deadline"
        )
    if forecast is not None and distance:
        outlook = (forecast.value - at.base) / distance
        basis = f"the trend forecasts {forecast.value:.4g} at the deadline"
    else:
        expected_share = (expected - at.base) / distance if distance else 1.0
        covered = (at.current - at.base) / distance if distance else 1.0
        outlook = covered / expected_share if expected_share > 0 else 1.0
        basis = f"{at.current:g} against {expected:.4g} expected by now"
    if outlook >= 1.0:
        return verdict(Status.ON_TRACK, basis)
    if outlook >= AT_RISK_SHARE:
        return verdict(Status.AT_RISK, basis)
    return verdict(Status.OFF_TRACK, basis)
