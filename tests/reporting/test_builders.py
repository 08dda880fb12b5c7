"""Builders show what the domain computed (tracking, rollups), labelled and laid out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from socialgoals.kpi import MetricTable
from socialgoals.model import ObjectiveCategory, Platform
from socialgoals.objectives import Baseline, Objective, Target
from socialgoals.plan import Plan
from socialgoals.reporting import (
    Figures,
    ObjectiveChart,
    ReportKind,
    Table,
    build_monthly,
    build_quarterly,
    build_report,
    build_weekly,
    measure_objective,
    measurement_for,
    report_period,
)
from socialgoals.tracking import track

START = date(2026, 1, 1)


def _followers_plan(**extra: object) -> Plan:
    objective = Objective(
        "x-followers", "X followers 5,000 -> 6,000", ObjectiveCategory.AWARENESS,
        platforms=(Platform.X,), kpis=("followers",), baseline=Baseline(5000),
        target=Target(value=6000), start=START, deadline=START + timedelta(days=90),
        **extra,  # type: ignore[arg-type]
    )  # fmt: skip
    return Plan(name="Demo", objectives=(objective,))


def _followers_table(days: int = 46) -> MetricTable:
    rows = [
        (START + timedelta(days=d), "x", "followers", 5000.0 + 400 * d / 45) for d in range(days)
    ]
    rows.append((START + timedelta(days=3), "instagram", "followers", 99999.0))  # other platform
    return MetricTable.from_observations(rows)


def _table(report: object, section: str) -> Table:
    block = report.section(section).blocks[0]  # type: ignore[attr-defined]
    assert isinstance(block, Table)
    return block


def test_monthly_objective_row_is_what_tracking_says() -> None:
    plan, table = _followers_plan(), _followers_table()
    as_of = START + timedelta(days=45)
    report = build_monthly(plan, table, as_of=as_of)
    row = _table(report, "objectives").rows[0]
    expected = track(
        plan.objectives[0],
        [(START + timedelta(days=d), 5000.0 + 400 * d / 45) for d in range(46)],
        as_of=as_of,
    )
    assert row[0].text == "x-followers"
    assert row[2].value == pytest.approx(expected.current)
    assert row[5].value == pytest.approx(expected.expected)
    assert row[-1].value == expected.status.value
    (chart,) = report.section("objectives").charts()
    assert isinstance(chart, ObjectiveChart)
    assert chart.target.y == 6000.0
    assert chart.pace[0].y == 5000.0
    assert chart.actual[-1].y == pytest.approx(5400.0)


def test_measurement_follows_the_kpi() -> None:
    plan = _followers_plan()
    dims = ("date", "platform", "campaign")
    followers = measurement_for(plan.objectives[0], plan.catalogue.get("followers"), dims)
    assert (followers.cumulative, followers.window_days) == (False, None)
    assert followers.where == (("platform", "x"),)
    leads = Objective("l", "100 leads", ObjectiveCategory.LEAD_GENERATION, kpis=("leads",),
                      baseline=Baseline(0.0), campaign="spring")  # fmt: skip
    how = measurement_for(leads, plan.catalogue.get("leads"), dims)
    assert how.cumulative
    assert how.where == (("campaign", "spring"),)
    ctr = Objective("c", "CTR", ObjectiveCategory.TRAFFIC, kpis=("ctr",), baseline=Baseline(1.0))
    assert measurement_for(ctr, plan.catalogue.get("ctr"), dims).window_days == 30


def test_an_objective_without_data_says_so() -> None:
    plan = _followers_plan()
    result = measure_objective(plan.objectives[0], MetricTable.from_observations([]),
                               plan.catalogue, as_of=START + timedelta(days=10))  # fmt: skip
    assert result.series == ()
    assert result.progress is None or result.progress.status.value == "no_data"


def test_monthly_report_on_an_empty_table_renders_empty_sections() -> None:
    report = build_monthly(_followers_plan(), MetricTable.from_observations([]), as_of=START)
    assert _table(report, "kpis").rows == ()
    assert _table(report, "cac").rows == ()
    assert all(c.actual == () for c in report.charts() if isinstance(c, ObjectiveChart))


def test_cac_per_campaign_is_a_ratio_of_sums() -> None:
    rows = []
    for d in range(10):
        day = START + timedelta(days=d)
        rows += [(day, "facebook", "spend", 20.0, "", "spring"),
                 (day, "facebook", "creator_fees", 5.0 if d == 0 else 0.0, "", "spring"),
                 (day, "facebook", "attributed_customers", float(d % 3), "", "spring")]  # fmt: skip
    report = build_monthly(_followers_plan(), MetricTable.from_observations(rows),
                           as_of=START + timedelta(days=9))  # fmt: skip
    (row,) = _table(report, "cac").rows
    customers = sum(d % 3 for d in range(10))
    assert row[0].text == "spring"
    assert row[2].value == customers
    assert row[3].value == pytest.approx((200.0 + 5.0) / customers)


def test_leads_fall_back_to_the_inbox_leads() -> None:
    rows = [(START + timedelta(days=d), "instagram", "conversation_leads", 2.0) for d in range(5)]
    rows += [(START + timedelta(days=d), "instagram", "conversations", 10.0) for d in range(5)]
    report = build_monthly(_followers_plan(), MetricTable.from_observations(rows),
                           as_of=START + timedelta(days=4))  # fmt: skip
    figures = report.section("leads").blocks[0]
    assert isinstance(figures, Figures)
    assert [f.value for f in figures.figures[:3]] == [10.0, 50.0, 20.0]


def test_weekly_top_posts_without_conversations() -> None:
    day = date(2026, 3, 17)
    rows = []
    for i, likes in enumerate([5, 50, 20, 80, 10, 30, 1]):
        post = f"p{i}"
        rows += [(day, "instagram", "likes", float(likes), "", "", post),
                 (day, "instagram", "impressions", 1000.0, "", "", post)]  # fmt: skip
        rows += [(day, "instagram", m, 0.0, "", "", post) for m in ("comments", "shares", "saves")]
    report = build_weekly(_followers_plan(), MetricTable.from_observations(rows), as_of=day)
    assert report.period_label == "2026-W12"
    posts = _table(report, "top_posts").rows
    assert [r[0].text for r in posts] == ["p3", "p1", "p5", "p2", "p4"]
    assert _table(report, "escalations").rows == ()
    assert _table(report, "sla").empty_text == "No conversation log was given for this report."


def test_quarterly_hypotheses_name_the_leading_kpi() -> None:
    plan = _followers_plan(leading=("ctr",))
    slow = [(START + timedelta(days=d), "x", "followers", 5000.0 + d) for d in range(80)]
    report = build_quarterly(plan, MetricTable.from_observations(slow),
                             as_of=START + timedelta(days=79), lang="fr")  # fmt: skip
    assert report.title == "Revue stratégique trimestrielle"
    (hypothesis,) = report.section("hypotheses").blocks[0].items  # type: ignore[union-attr]
    assert "Taux de clics" in hypothesis or "CTR" in hypothesis or "clic" in hypothesis.lower()


def test_build_report_dispatches_and_periods() -> None:
    plan, table = _followers_plan(), _followers_table()
    for kind in ReportKind:
        report = build_report(kind, plan, table, as_of=date(2026, 2, 10))
        assert report.kind is kind
        assert report.period_start == report_period(kind, date(2026, 2, 10)).start
