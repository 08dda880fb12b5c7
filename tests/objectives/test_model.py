"""The objective model: validation with located problems, helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given

from socialgoals.converters import structure
from socialgoals.errors import ValidationError
from socialgoals.model import Direction, FunnelStage, ObjectiveCategory, Platform
from socialgoals.objectives import (
    Baseline,
    BusinessGoal,
    Checkpoint,
    HistoryPoint,
    Objective,
    Target,
)
from socialgoals.testing.strategies import objectives

ENG = ObjectiveCategory.ENGAGEMENT


def make(**kwargs: object) -> Objective:
    fields: dict[str, object] = {"id": "o", "statement": "Grow", "category": ENG}
    fields.update(kwargs)
    return Objective(**fields)  # type: ignore[arg-type]


def paths(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return exc.value.paths


def test_target_value_resolves_relative_targets() -> None:
    o = make(baseline=Baseline(20_000), target=Target(change_percent=15))
    assert o.target_value == pytest.approx(23_000)
    assert make(target=Target(value=3)).target_value == 3.0
    assert make(direction=Direction.STAY_WITHIN, target=Target(upper=8)).target_value is None
    assert make().target_value is None


def test_funnel_stage_defaults_to_the_category() -> None:
    assert make().funnel_stage is FunnelStage.ENGAGEMENT
    assert make(stage=FunnelStage.RETENTION).funnel_stage is FunnelStage.RETENTION


def test_horizon_and_direction_helpers() -> None:
    o = make(start=date(2026, 7, 1), deadline=date(2026, 9, 29))
    assert o.horizon_days == 90
    assert make().horizon_days is None
    assert make(direction=Direction.DECREASE).higher_is_better is False
    assert make(direction=Direction.STAY_WITHIN).higher_is_better is None


def test_within_bounds() -> None:
    o = make(direction=Direction.STAY_WITHIN, target=Target(lower=90, upper=99))
    assert o.within_bounds(95) is True
    assert o.within_bounds(89) is False
    assert o.within_bounds(100) is False
    assert make(target=Target(value=3)).within_bounds(1) is None


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as exc:
        make(
            id="Bad Id",
            statement=" ",
            kpis=("ok", "ok"),
            start=date(2026, 3, 1),
            deadline=date(2026, 1, 1),
        )
    assert paths(exc) == ["id", "statement", "kpis[1]", "deadline"]
    assert "must be after start 2026-03-01" in str(exc.value)


def test_naive_datetime_is_a_clear_error() -> None:
    with pytest.raises(ValidationError) as exc:
        make(start=datetime(2026, 1, 1))
    assert exc.value.problems[0].code == "naive_datetime"
    assert "timezone" in str(exc.value)
    with pytest.raises(ValidationError, match="not a datetime"):
        make(deadline=datetime(2026, 1, 1, tzinfo=UTC))


def test_checkpoints_must_lie_in_the_window_and_in_order() -> None:
    with pytest.raises(ValidationError) as exc:
        make(
            start=date(2026, 1, 1),
            deadline=date(2026, 3, 1),
            checkpoints=(
                Checkpoint(date(2026, 2, 1), 1),
                Checkpoint(date(2026, 1, 15), 1),
                Checkpoint(date(2026, 4, 1), 1),
            ),
        )
    assert paths(exc) == ["checkpoints[1].on", "checkpoints[2].on"]


def test_target_must_fit_the_direction() -> None:
    with pytest.raises(ValidationError, match="must be above the baseline 5"):
        make(baseline=Baseline(5), target=Target(value=4))
    with pytest.raises(ValidationError, match="must be below the baseline 5"):
        make(direction=Direction.DECREASE, baseline=Baseline(5), target=Target(value=6))
    with pytest.raises(ValidationError, match="wrong way"):
        make(direction=Direction.DECREASE, baseline=Baseline(5), target=Target(change_percent=10))
    with pytest.raises(ValidationError, match="needs lower and/or upper"):
        make(direction=Direction.STAY_WITHIN, target=Target(value=3))
    with pytest.raises(ValidationError, match="bounds only fit"):
        make(target=Target(upper=3))
    with pytest.raises(ValidationError, match="needs a baseline"):
        make(target=Target(change_percent=10))


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({}, ""),
        ({"value": 1, "lower": 0}, ""),
        ({"change_percent": 0}, "change_percent"),
        ({"change_percent": -150}, "change_percent"),
        ({"lower": 5, "upper": 5}, "upper"),
        ({"value": float("nan")}, "value"),
    ],
)
def test_bad_targets(kwargs: dict[str, float], path: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Target(**kwargs)
    assert exc.value.paths == [path]


def test_target_describe() -> None:
    assert Target(value=3).describe() == "3"
    assert Target(change_percent=15).describe() == "+15%"
    assert Target(upper=8).describe() == "<= 8"
    assert Target(lower=1, upper=2).describe() == "between 1 and 2"


def test_baseline_window_rules() -> None:
    assert (
        Baseline(1, window_start=date(2026, 1, 1), window_end=date(2026, 4, 1)).window_length == 90
    )
    assert Baseline(1).window_length is None
    with pytest.raises(ValidationError) as exc:
        Baseline(1, window_start=date(2026, 1, 1), window_days=30)
    assert exc.value.paths == ["window_end", "window_days"]
    with pytest.raises(ValidationError, match="must be > 0"):
        Baseline(1, window_days=0)


def test_history_must_be_in_date_order() -> None:
    with pytest.raises(ValidationError) as exc:
        Baseline(1, history=(HistoryPoint(date(2026, 2, 1), 1), HistoryPoint(date(2026, 1, 1), 1)))
    assert exc.value.paths == ["history[1].on"]


def test_duplicate_platforms_are_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        make(platforms=(Platform.X, Platform.X))
    assert exc.value.paths == ["platforms[1]"]


def test_business_goal_validation() -> None:
    with pytest.raises(ValidationError) as exc:
        BusinessGoal("ok", "Goal", description="")
    assert exc.value.paths == ["description"]


def test_structuring_reports_unknown_enum_values_with_their_path() -> None:
    with pytest.raises(ValidationError) as exc:
        structure(
            {"id": "o", "statement": "s", "category": "fame", "direction": "sideways"}, Objective
        )
    assert exc.value.paths == ["category", "direction"]
    assert "(got 'fame')" in str(exc.value)


@given(objectives())
def test_generated_objectives_are_consistent(objective: Objective) -> None:
    if objective.start and objective.deadline:
        assert objective.deadline > objective.start
    value = objective.target_value
    if value is not None and objective.baseline is not None and objective.higher_is_better:
        assert value >= objective.baseline.value


def test_relative_target_needs_a_positive_baseline() -> None:
    with pytest.raises(ValidationError, match="baseline above 0"):
        make(baseline=Baseline(0.0), target=Target(change_percent=20))
    with pytest.raises(ValidationError, match="baseline above 0"):
        make(baseline=Baseline(-10.0), target=Target(change_percent=20))


@pytest.mark.parametrize(
    ("start", "deadline", "expected"),
    [
        ("2026-Q3", "2026-Q3", (date(2026, 7, 1), date(2026, 9, 30))),
        ("2026-09", "2026-09", (date(2026, 9, 1), date(2026, 9, 30))),
        ("2026-W36", "2026-Q4", (date(2026, 8, 31), date(2026, 12, 31))),
        ("2026-07-01", date(2026, 8, 1), (date(2026, 7, 1), date(2026, 8, 1))),
    ],
)
def test_plan_files_may_use_periods_for_start_and_deadline(
    start: object, deadline: object, expected: tuple[date, date]
) -> None:
    data = {"id": "o", "statement": "s", "category": "awareness", "start": start}
    o = structure({**data, "deadline": deadline}, Objective)
    assert (o.start, o.deadline) == expected


def test_a_bad_period_label_is_located() -> None:
    with pytest.raises(ValidationError) as exc:
        structure(
            {"id": "o", "statement": "s", "category": "awareness", "deadline": "2026-Q5"},
            Objective,
        )
    assert exc.value.paths == ["deadline"]
