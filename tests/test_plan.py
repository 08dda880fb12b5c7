"""The Plan aggregate: references, duplicates, units, custom KPIs, audit."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from socialgoals.errors import ValidationError
from socialgoals.kpi import KPI
from socialgoals.model import Direction, FunnelStage, Indicator, ObjectiveCategory
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
from socialgoals.testing.strategies import plans

GOAL = BusinessGoal("leads", "More leads")
PERSONA = Persona("cto", "CTO")


def objective(**kwargs: object) -> Objective:
    fields: dict[str, object] = {
        "id": "o",
        "statement": "Grow",
        "category": ObjectiveCategory.LEAD_GENERATION,
        "kpis": ("leads",),
        "serves": "leads",
    }
    fields.update(kwargs)
    return Objective(**fields)  # type: ignore[arg-type]


def custom_kpi(kpi_id: str = "signups", formula: str = "signups") -> KPI:
    return KPI(
        id=kpi_id,
        label="Sign-ups",
        formula=formula,
        unit="count",
        higher_is_better=True,
        stage=FunnelStage.CONVERSION,
        indicator=Indicator.LAGGING,
    )


def test_lookups() -> None:
    plan = Plan(business_goals=(GOAL,), personas=(PERSONA,), objectives=(objective(),))
    assert plan.objective("o").id == "o"
    assert plan.business_goal("leads") is GOAL
    assert plan.persona("cto") is PERSONA
    with pytest.raises(KeyError):
        plan.objective("nope")


def test_duplicate_ids_are_located() -> None:
    with pytest.raises(ValidationError) as exc:
        Plan(
            business_goals=(GOAL, GOAL),
            personas=(PERSONA, PERSONA),
            objectives=(objective(), objective()),
        )
    assert exc.value.paths == ["business_goals[1].id", "personas[1].id", "objectives[1].id"]
    assert "is already the id of objectives[0]" in str(exc.value)


def test_unknown_references_are_all_reported() -> None:
    with pytest.raises(ValidationError) as exc:
        Plan(
            business_goals=(GOAL,),
            objectives=(
                objective(),
                objective(
                    id="b", serves="fame", persona="ghost", kpis=("nope",), leading=("ctr", "x")
                ),
            ),
        )
    assert exc.value.paths == [
        "objectives[1].serves",
        "objectives[1].persona",
        "objectives[1].kpis[0]",
        "objectives[1].leading[1]",
    ]
    assert "known: leads" in str(exc.value)


def test_custom_kpis_extend_the_standard_catalogue() -> None:
    plan = Plan(
        business_goals=(GOAL,),
        metrics=("signups",),
        kpis=(custom_kpi(),),
        objectives=(objective(kpis=("signups",)),),
    )
    assert plan.catalogue.get("signups").label == "Sign-ups"
    assert "leads" in plan.catalogue


def test_custom_kpi_problems_are_located() -> None:
    with pytest.raises(ValidationError) as exc:
        Plan(kpis=(custom_kpi("leads"),))
    assert exc.value.paths == ["kpis[0].id"]
    with pytest.raises(ValidationError) as exc:
        Plan(kpis=(custom_kpi(formula="signupz"),), metrics=("signups",))
    assert exc.value.paths == ["kpis[0].formula"]
    assert "signupz" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        Plan(metrics=("Bad Metric",))
    assert exc.value.paths == ["metrics[0]"]


def test_negative_counts_and_percentages_out_of_range() -> None:
    with pytest.raises(ValidationError) as exc:
        Plan(
            business_goals=(GOAL,),
            objectives=(
                objective(
                    baseline=Baseline(-1.0, history=(HistoryPoint(date(2026, 1, 1), -3.0),)),
                    target=Target(value=5.0),
                ),
                objective(
                    id="er",
                    kpis=("engagement_rate",),
                    category=ObjectiveCategory.ENGAGEMENT,
                    baseline=Baseline(2.0),
                    target=Target(value=120.0),
                    start=date(2026, 1, 1),
                    deadline=date(2026, 3, 1),
                    checkpoints=(Checkpoint(date(2026, 2, 1), 101.0),),
                ),
                objective(
                    id="csat",
                    kpis=("csat",),
                    direction=Direction.STAY_WITHIN,
                    target=Target(lower=90.0, upper=101.0),
                ),
            ),
        )
    assert exc.value.paths == [
        "objectives[0].baseline.value",
        "objectives[0].baseline.history[0].value",
        "objectives[1].target.value",
        "objectives[1].checkpoints[0].expected",
        "objectives[2].target.upper",
    ]
    assert {p.code for p in exc.value.problems} == {"negative", "out_of_range"}


def test_scores_may_be_negative() -> None:
    plan = Plan(
        business_goals=(GOAL,),
        objectives=(objective(kpis=("nps",), baseline=Baseline(-10.0), target=Target(value=5.0)),),
    )
    assert plan.objectives[0].baseline is not None


def test_bad_currency() -> None:
    with pytest.raises(ValidationError) as exc:
        Plan(currency="euro")
    assert exc.value.paths[0].startswith("currency")


def test_wrong_item_types() -> None:
    with pytest.raises(ValidationError) as exc:
        Plan(business_goals=("leads",))  # type: ignore[arg-type]
    assert exc.value.paths == ["business_goals[0]"]


def test_audit_uses_the_plan_catalogue_goals_and_personas() -> None:
    plan = Plan(
        business_goals=(GOAL,),
        personas=(PERSONA,),
        metrics=("signups",),
        kpis=(custom_kpi(),),
        objectives=(objective(kpis=("signups",), persona="cto"),),
    )
    report = plan.audit()
    codes = report.for_objective("o").codes
    assert "unknown_kpi" not in {c.value for c in codes}
    assert "unknown_persona" not in {c.value for c in codes}


@given(plans())
def test_generated_plans_resolve_every_reference(plan: Plan) -> None:
    for o in plan.objectives:
        assert all(k in plan.catalogue for k in (*o.kpis, *o.leading, *o.lagging))
        assert o.serves is None or plan.business_goal(o.serves)
        assert o.persona is None or plan.persona(o.persona)
