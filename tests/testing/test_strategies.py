"""The strategies package: valid objects, round trips, type registration."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.converters import structure, unstructure
from socialgoals.model import (
    DataSource,
    Direction,
    ObjectiveCategory,
    Observation,
    Owner,
    Period,
    Platform,
)
from socialgoals.objectives import (
    Baseline,
    BusinessGoal,
    Checkpoint,
    HistoryPoint,
    Objective,
    Target,
)
from socialgoals.plan import Plan
from socialgoals.planning import Persona
from socialgoals.testing import strategies
from socialgoals.testing.strategies import objectives, plans, targets

MODELS = [
    Platform,
    Owner,
    DataSource,
    Period,
    Observation,
    BusinessGoal,
    Persona,
    HistoryPoint,
    Baseline,
    Target,
    Checkpoint,
    Objective,
    Plan,
]


def test_area_modules_include_model_and_objectives() -> None:
    names = {m.__name__.rsplit(".", 1)[1] for m in strategies.area_modules()}
    assert {"_model", "_objectives"} <= names


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_strategy"):
        _ = strategies.no_such_strategy


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_from_type_works_and_round_trips(model: type) -> None:
    @given(st.from_type(model))
    def check(value: object) -> None:
        assert isinstance(value, model)
        assert structure(unstructure(value), model) == value

    strategies.register_type_strategies()
    check()


@given(objectives(goal_ids=["g"], persona_ids=[]))
def test_objectives_respect_the_references_given(objective: Objective) -> None:
    assert objective.serves in {None, "g"}
    assert objective.persona is None


@given(st.sampled_from(Direction), st.data())
def test_targets_fit_their_direction(direction: Direction, data: st.DataObject) -> None:
    baseline = Baseline(50.0)
    target = data.draw(targets(direction=direction, baseline=baseline))
    objective = Objective(
        "o",
        "o",
        ObjectiveCategory.OTHER,
        direction=direction,
        baseline=baseline,
        target=target,
    )
    assert objective.target is target


@given(plans())
def test_plans_are_valid_and_audit(plan: Plan) -> None:
    report = plan.audit()
    assert len(report.objectives) == len(plan.objectives)


@given(st.sampled_from(Direction), st.floats(-50, 150), st.data())
def test_targets_fit_any_baseline(direction: Direction, value: float, data: st.DataObject) -> None:
    baseline = Baseline(value)
    target = data.draw(targets(direction=direction, baseline=baseline))
    objective = Objective("o", "o", ObjectiveCategory.OTHER, direction=direction,
                          baseline=baseline, target=target)  # fmt: skip
    assert objective.target is target


def test_other_areas_strategies_are_reachable_by_name() -> None:
    for module in strategies.area_modules():
        for name in getattr(module, "__all__", ()):
            assert getattr(strategies, name) is not None
