"""Every worked example of DOMAIN.md section 2, audited as a marketer would."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from socialgoals.objectives import AuditReport, Letter, Reason, Verdict
from socialgoals.plan import Plan
from socialgoals.planfile import dumps_plan, load_plan, loads_plan

PLAN = Path(__file__).resolve().parents[2] / "examples" / "worked-examples" / "plan.toml"

P, W, F = Verdict.PASS, Verdict.WARN, Verdict.FAIL


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def report(plan: Plan) -> AuditReport:
    return plan.audit()


# objective id -> (S, M, A, R, T) verdicts and the reasons a marketer would raise
EXPECTED: dict[str, tuple[tuple[Verdict, ...], set[Reason]]] = {
    "ig-reach-reels": ((P, P, P, P, P), set()),
    "fb-engagement-rate": ((P, P, W, P, P), {Reason.ABOVE_HISTORY}),
    "li-webinar-signups": ((P, P, W, P, P), {Reason.NO_REFERENCE}),
    "li-webinar-cpa": ((P, P, P, P, P), set()),
    "x-referral-traffic": ((P, P, W, P, P), {Reason.ABOVE_HISTORY}),
    "messenger-csat": ((P, P, P, P, P), set()),
    "ig-followers": (
        (F, W, F, F, W),
        {
            Reason.NO_AUDIENCE,
            Reason.NO_OWNER,
            Reason.EXCEEDS_HISTORY,
            Reason.NO_BUSINESS_GOAL,
            Reason.NO_CHECKPOINTS,
        },
    ),
    "fb-ad-leads": ((P, P, W, P, P), {Reason.ABOVE_HISTORY}),
    "engagement-quarter-end": (
        (F, W, W, P, W),
        {
            Reason.NO_AUDIENCE,
            Reason.NO_CHANNEL,
            Reason.NO_DATA_SOURCE,
            Reason.NO_OWNER,
            Reason.NO_CADENCE,
            Reason.NO_REFERENCE,
            Reason.NO_CHECKPOINTS,
        },
    ),
    "conversation-to-lead": ((P, P, W, P, P), {Reason.NO_REFERENCE}),
    "monthly-reach": ((P, P, F, P, P), {Reason.EXCEEDS_HISTORY}),
    "response-time": ((P, P, P, P, P), set()),
    "x-expert-followers": ((P, P, P, P, P), set()),
    "ig-engagement-rate": ((P, P, W, P, P), {Reason.ABOVE_HISTORY}),
    "li-qualified-leads": ((P, P, W, P, P), {Reason.ABOVE_HISTORY}),
    "blog-referrals": ((P, P, P, P, P), set()),
    "create-accounts": ((P, P, P, W, P), {Reason.TASK_NOT_OUTCOME}),
    "roaster-dm-orders": (
        (P, P, W, P, F),
        {Reason.NO_REFERENCE, Reason.NO_DEADLINE, Reason.NO_START},
    ),
    "tiktok-b2b-awareness": (
        (P, P, W, F, P),
        {Reason.NO_REFERENCE, Reason.PLATFORM_AUDIENCE_MISMATCH},
    ),
}


def test_every_objective_is_covered(plan: Plan) -> None:
    assert [o.id for o in plan.objectives] == list(EXPECTED)


@pytest.mark.parametrize("objective_id", list(EXPECTED))
def test_audit_matches_the_marketers_verdict(report: AuditReport, objective_id: str) -> None:
    verdicts, reasons = EXPECTED[objective_id]
    audit = report.for_objective(objective_id)
    assert tuple(lv.verdict for lv in audit.letters) == verdicts
    assert audit.codes == reasons


def test_tiktok_for_b2b_decision_makers_is_not_relevant(report: AuditReport) -> None:
    relevant = report.for_objective("tiktok-b2b-awareness").letter(Letter.R)
    assert relevant.verdict is Verdict.FAIL
    assert "decision makers are not on TikTok" in relevant.summary


def test_task_like_goal_is_achievable_but_not_an_outcome(report: AuditReport) -> None:
    audit = report.for_objective("create-accounts")
    assert audit.is_smart
    assert Reason.SETUP_TASK in {f.code for f in audit.findings_for(Letter.A)}
    plan_codes = {f.code for f in report.plan if f.objective == "create-accounts"}
    assert not plan_codes, "a setup task needs no leading/lagging indicators"


def test_plan_level_findings(report: AuditReport) -> None:
    assert {(f.code, f.objective) for f in report.plan} == {
        (Reason.NO_LEADING_INDICATOR, "ig-followers"),
        (Reason.NO_LAGGING_INDICATOR, "engagement-quarter-end"),
    }


def test_webinar_campaign_has_one_primary_outcome(plan: Plan) -> None:
    in_campaign = [o for o in plan.objectives if o.campaign == "webinar-september"]
    assert [o.priority.value for o in in_campaign] == ["primary", "secondary"]


def test_every_kpi_resolves_in_the_plan_catalogue(plan: Plan) -> None:
    for objective in plan.objectives:
        for kpi_id in (*objective.kpis, *objective.leading, *objective.lagging):
            assert kpi_id in plan.catalogue


def test_text_report_lists_each_objective(report: AuditReport) -> None:
    text = report.to_text()
    assert text.startswith("SMART audit: 19 objectives")
    for objective_id in EXPECTED:
        assert f"] {objective_id}: " in text


def test_demo_prints_the_audit_of_every_example_plan(capsys: pytest.CaptureFixture[str]) -> None:
    demo = runpy.run_path(str(PLAN.parents[1] / "demo.py"))
    assert demo["main"]() == 0
    out = capsys.readouterr().out
    assert "== examples/worked-examples/plan.toml" in out
    assert "R fail platform_audience_mismatch" in out


def test_toml_dump_keeps_native_dates(plan: Plan) -> None:
    text = dumps_plan(plan, "toml")
    assert "start = 2026-07-01\n" in text
    assert loads_plan(text) == plan
