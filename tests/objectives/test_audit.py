"""The SMART audit: letters, reasons, plan-level checks, rendering."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from socialgoals.converters import structure, unstructure
from socialgoals.errors import ValidationError
from socialgoals.kpi import standard_catalogue
from socialgoals.model import (
    Cadence,
    DataSource,
    DataSourceKind,
    Direction,
    FunnelStage,
    Indicator,
    ObjectiveCategory,
    Owner,
    Platform,
)
from socialgoals.objectives import (
    AuditConfig,
    AuditReport,
    Baseline,
    BusinessGoal,
    Checkpoint,
    HistoryPoint,
    Letter,
    Objective,
    Priority,
    Reason,
    Target,
    Verdict,
    audit_objective,
    audit_objectives,
)
from socialgoals.planning import AgeBand, Persona, Segment
from socialgoals.testing.strategies import objectives

CATALOGUE = standard_catalogue()
GOALS = (BusinessGoal("leads", "More qualified leads"),)
B2B = Persona("cto", "CTO", segment=Segment.B2B, decision_maker=True, age_band=AgeBand.AGE_35_44)


@attrs.frozen
class FakeKPI:
    """A KPI-shaped object: the audit only needs the Protocol's attributes."""

    id: str
    label: str = "Fake"
    higher_is_better: bool = True
    stage: FunnelStage = FunnelStage.CONVERSION
    indicator: Indicator = Indicator.LAGGING
    formula_text: str = "a / b"
    unit: object = "count"


class FakeLookup:
    def __init__(self, *kpis: FakeKPI) -> None:
        self._kpis = {k.id: k for k in kpis}

    def __contains__(self, kpi_id: str) -> bool:
        return kpi_id in self._kpis

    def get(self, kpi_id: str) -> FakeKPI:
        return self._kpis[kpi_id]


def good(**changes: object) -> Objective:
    """A SMART objective, to break one piece at a time."""
    fields: dict[str, object] = {
        "id": "li-leads",
        "statement": "120 qualified leads from LinkedIn next quarter",
        "category": ObjectiveCategory.LEAD_GENERATION,
        "platforms": (Platform.LINKEDIN,),
        "persona": "cto",
        "kpis": ("leads",),
        "baseline": Baseline(
            100.0,
            window_days=90,
            history=(HistoryPoint(date(2026, 1, 1), 80.0), HistoryPoint(date(2026, 4, 1), 92.0)),
        ),
        "target": Target(value=110.0),
        "start": date(2026, 7, 1),
        "deadline": date(2026, 9, 29),
        "checkpoints": (Checkpoint(date(2026, 8, 1), 104.0),),
        "owner": Owner("growth lead"),
        "cadence": Cadence.WEEKLY,
        "source": DataSource(DataSourceKind.UTM_FORMS),
        "serves": "leads",
        "leading": ("ctr",),
        "lagging": ("leads",),
        "priority": Priority.PRIMARY,
    }
    fields.update(changes)
    return Objective(**fields)  # type: ignore[arg-type]


def audit(objective: Objective, **kwargs: object):  # type: ignore[no-untyped-def]
    options: dict[str, object] = {"kpis": CATALOGUE, "business_goals": GOALS, "personas": (B2B,)}
    options.update(kwargs)
    return audit_objective(objective, **options)  # type: ignore[arg-type]


def test_a_smart_objective_passes_every_letter() -> None:
    result = audit(good())
    assert [lv.verdict for lv in result.letters] == [Verdict.PASS] * 5
    assert result.is_smart
    assert result.codes == frozenset()
    assert result.badge == "S+ M+ A+ R+ T+"
    assert Reason.WITHIN_HISTORY in {f.code for f in result.findings}


@pytest.mark.parametrize(
    ("changes", "letter", "verdict", "reason"),
    [
        ({"persona": None}, Letter.S, Verdict.FAIL, Reason.NO_AUDIENCE),
        ({"platforms": ()}, Letter.S, Verdict.FAIL, Reason.NO_CHANNEL),
        ({"kpis": ()}, Letter.M, Verdict.FAIL, Reason.NO_KPI),
        ({"kpis": ("nope",)}, Letter.M, Verdict.FAIL, Reason.UNKNOWN_KPI),
        ({"baseline": None, "checkpoints": ()}, Letter.M, Verdict.FAIL, Reason.NO_BASELINE),
        ({"target": None}, Letter.M, Verdict.FAIL, Reason.NO_TARGET),
        ({"source": None}, Letter.M, Verdict.WARN, Reason.NO_DATA_SOURCE),
        ({"owner": None}, Letter.M, Verdict.WARN, Reason.NO_OWNER),
        ({"cadence": None}, Letter.M, Verdict.WARN, Reason.NO_CADENCE),
        ({"baseline": Baseline(100.0)}, Letter.M, Verdict.WARN, Reason.BASELINE_WINDOW_UNKNOWN),
        (
            {"baseline": Baseline(100.0, window_days=7)},
            Letter.M,
            Verdict.WARN,
            Reason.BASELINE_WINDOW_SHORT,
        ),
        (
            {"baseline": Baseline(100.0, window_days=365)},
            Letter.M,
            Verdict.WARN,
            Reason.BASELINE_WINDOW_LONG,
        ),
        ({"target": Target(value=200.0)}, Letter.A, Verdict.FAIL, Reason.EXCEEDS_HISTORY),
        ({"target": Target(value=120.0)}, Letter.A, Verdict.WARN, Reason.ABOVE_HISTORY),
        (
            {"baseline": Baseline(100.0, window_days=90), "checkpoints": ()},
            Letter.A,
            Verdict.WARN,
            Reason.NO_REFERENCE,
        ),
        (
            {"baseline": Baseline(100.0, window_days=90, benchmark=105.0), "checkpoints": ()},
            Letter.A,
            Verdict.WARN,
            Reason.BEYOND_BENCHMARK,
        ),
        ({"serves": None}, Letter.R, Verdict.FAIL, Reason.NO_BUSINESS_GOAL),
        ({"serves": "fame"}, Letter.R, Verdict.FAIL, Reason.UNKNOWN_BUSINESS_GOAL),
        ({"persona": "ghost"}, Letter.R, Verdict.FAIL, Reason.UNKNOWN_PERSONA),
        ({"kpis": ("followers",)}, Letter.R, Verdict.FAIL, Reason.KPI_STAGE_MISMATCH),
        ({"stage": FunnelStage.RETENTION}, Letter.R, Verdict.WARN, Reason.STAGE_CATEGORY_MISMATCH),
        (
            {"platforms": (Platform.TIKTOK,)},
            Letter.R,
            Verdict.FAIL,
            Reason.PLATFORM_AUDIENCE_MISMATCH,
        ),
        (
            {"platforms": (Platform.PINTEREST,), "persona": None, "audience": "IT buyers"},
            Letter.R,
            Verdict.WARN,
            Reason.PLATFORM_NOT_SUITED,
        ),
        ({"deadline": None, "checkpoints": ()}, Letter.T, Verdict.FAIL, Reason.NO_DEADLINE),
        ({"start": None}, Letter.T, Verdict.WARN, Reason.NO_START),
        ({"checkpoints": ()}, Letter.T, Verdict.WARN, Reason.NO_CHECKPOINTS),
        (
            {"checkpoints": (Checkpoint(date(2026, 8, 1), 50.0),)},
            Letter.T,
            Verdict.WARN,
            Reason.CHECKPOINT_OFF_PATH,
        ),
    ],
)
def test_each_reason(
    changes: dict[str, object], letter: Letter, verdict: Verdict, reason: Reason
) -> None:
    result = audit(good(**changes))
    assert result.letter(letter).verdict is verdict
    assert reason in {f.code for f in result.findings_for(letter)}
    assert reason.letter is letter


def test_platform_with_weak_reach_warns() -> None:
    persona = Persona("cto", "CTO", segment=Segment.B2B, platforms=(Platform.X,))
    result = audit(good(), personas=(persona,))
    assert result.letter(Letter.R).verdict is Verdict.WARN
    assert result.codes == {Reason.PLATFORM_AUDIENCE_WEAK}


def test_history_that_never_improved() -> None:
    baseline = Baseline(
        100.0,
        window_days=90,
        history=(HistoryPoint(date(2026, 1, 1), 120.0), HistoryPoint(date(2026, 4, 1), 110.0)),
    )
    result = audit(good(baseline=baseline))
    assert result.codes == {Reason.HISTORY_NEVER_IMPROVED}


def test_growth_multiple_is_configurable() -> None:
    objective = good(target=Target(value=200.0))
    assert audit(objective).letter(Letter.A).verdict is Verdict.FAIL
    lenient = audit(objective, config=AuditConfig(max_growth_multiple=50))
    assert lenient.letter(Letter.A).verdict is Verdict.WARN


def test_stay_within_targets() -> None:
    objective = good(
        kpis=("cpa",),
        direction=Direction.STAY_WITHIN,
        target=Target(upper=8.0),
        baseline=Baseline(9.0, window_days=30),
        checkpoints=(Checkpoint(date(2026, 8, 1), 7.5),),
    )
    result = audit(objective)
    assert result.codes == {Reason.OUTSIDE_BOUNDS}
    inside = audit(attrs.evolve(objective, baseline=Baseline(7.0, window_days=30)))
    assert inside.letter(Letter.A).verdict is Verdict.PASS


def test_direction_against_the_kpi() -> None:
    objective = good(
        kpis=("cpa",),
        baseline=Baseline(5.0, window_days=30),
        target=Target(value=6.0),
        checkpoints=(),
    )
    assert Reason.DIRECTION_AGAINST_KPI in audit(objective).codes


def test_audit_works_with_any_kpi_lookup() -> None:
    lookup = FakeLookup(FakeKPI("leads"), FakeKPI("ctr", indicator=Indicator.LEADING))
    assert audit(good(), kpis=lookup).is_smart
    no_formula = FakeLookup(FakeKPI("leads", formula_text=" "))
    assert Reason.NO_FORMULA in audit(good(), kpis=no_formula).codes


def test_without_a_catalogue_kpis_are_unchecked() -> None:
    result = audit(good(), kpis=None)
    assert result.letter(Letter.M).verdict is Verdict.WARN
    assert result.codes == {Reason.UNKNOWN_KPI}


def test_plan_level_checks() -> None:
    primaries = [good(id=f"p{i}", campaign="launch") for i in range(4)]
    crowded = good(id="many", kpis=("leads", "ctr", "cpl"), priority=Priority.SECONDARY)
    bare = good(id="bare", leading=(), lagging=(), kpis=("reach",), priority=Priority.SECONDARY)
    report = audit_objectives([*primaries, crowded, bare], kpis=CATALOGUE, business_goals=GOALS)
    codes = {(f.code, f.objective) for f in report.plan}
    assert (Reason.TOO_MANY_PRIMARY_OBJECTIVES, None) in codes
    assert (Reason.COMPETING_PRIMARY_OUTCOMES, None) in codes
    assert (Reason.TOO_MANY_PRIMARY_KPIS, "many") in codes
    assert (Reason.NO_LAGGING_INDICATOR, "bare") in codes  # reach is a leading KPI
    assert (Reason.NO_LEADING_INDICATOR, "bare") not in codes
    none_primary = audit_objectives([crowded], kpis=CATALOGUE)
    assert {f.code for f in none_primary.plan} >= {Reason.NO_PRIMARY_OBJECTIVE}


def test_report_text_counts_and_lookup() -> None:
    report = audit_objectives(
        [good(), good(id="vague", platforms=())],
        kpis=CATALOGUE,
        business_goals=GOALS,
        personas=(B2B,),
    )
    assert report.counts() == {Verdict.PASS: 1, Verdict.WARN: 0, Verdict.FAIL: 1}
    assert report.verdict is Verdict.FAIL
    text = report.to_text()
    assert text.splitlines()[0] == "SMART audit: 2 objectives, 1 pass, 0 warn, 1 fail"
    assert "S fail no_channel: names no platform" in text
    assert report.for_objective("vague").letter(Letter.S).summary.startswith("Specific: names no")
    with pytest.raises(KeyError):
        report.for_objective("missing")


def test_results_unstructure_to_json() -> None:
    report = audit_objectives([good()], kpis=CATALOGUE, business_goals=GOALS, personas=(B2B,))
    data = json.loads(json.dumps(unstructure(report)))
    letters = data["objectives"][0]["letters"]
    assert [lv["letter"] for lv in letters] == ["S", "M", "A", "R", "T"]
    assert letters[2]["findings"][0]["code"] == "within_history"


def test_every_reason_has_a_meaning() -> None:
    for reason in Reason:
        assert reason.meaning.endswith((".", "?", ")"))


def test_audit_config_validation() -> None:
    with pytest.raises(ValidationError) as exc:
        AuditConfig(checkpoint_horizon_days=0, min_baseline_days=100)
    assert exc.value.paths == ["checkpoint_horizon_days"]
    with pytest.raises(ValidationError, match="must be >= min_baseline_days"):
        AuditConfig(min_baseline_days=100)


@given(objectives())
def test_audit_never_raises_on_a_valid_objective(objective: Objective) -> None:
    result = audit_objective(objective, kpis=CATALOGUE, business_goals=GOALS, personas=(B2B,))
    assert [lv.letter for lv in result.letters] == list(Letter)
    for lv in result.letters:
        assert lv.verdict is Verdict.worst(f.verdict for f in lv.findings)
        assert all(f.code.letter is lv.letter for f in lv.findings)


def test_the_guide_documents_every_reason() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "guide" / "smart-audit.md").read_text()
    for reason in Reason:
        assert f"| `{reason.value}` |" in guide, reason
        assert reason.meaning in guide, reason


@given(objectives())
def test_audit_results_round_trip_through_the_converter(objective: Objective) -> None:
    report = audit_objectives([objective], kpis=CATALOGUE, business_goals=GOALS)
    assert structure(unstructure(report), AuditReport) == report


def test_audit_config_round_trips() -> None:
    config = AuditConfig(max_growth_multiple=3.0, setup_task_max=5)
    assert structure(unstructure(config), AuditConfig) == config


def test_without_personas_the_persona_reference_is_not_checked() -> None:
    result = audit(good(persona="ghost"), personas=None)
    assert result.letter(Letter.R).verdict is Verdict.PASS
    assert audit(good(persona="ghost")).letter(Letter.R).verdict is Verdict.FAIL
