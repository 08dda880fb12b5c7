"""The quarterly strategy review: outcomes, KPI drivers, platform ranking, hypotheses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from socialgoals.kpi import KPI, Catalogue, MetricTable, Window, rollup
from socialgoals.model import Period, PeriodKind
from socialgoals.plan import Plan
from socialgoals.reporting._format import kpi_cell, kpi_text, status_cell
from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._measure import ObjectiveResult
from socialgoals.reporting._model import BulletList, Cell, Column, Section, Table, Tone
from socialgoals.reporting._monthly import kpi_ids, kpi_scopes, objective_results
from socialgoals.tracking import Status

__all__ = [
    "outcomes_section",
    "drivers_section",
    "platforms_section",
    "hypotheses_section",
    "quarterly_sections",
]

_WEAK = (Status.AT_RISK, Status.OFF_TRACK, Status.MISSED)


def outcomes_section(results: Sequence[ObjectiveResult], msgs: Messages) -> Section:
    """Each objective with its status at the end of the quarter (met, missed...)."""
    rows = []
    for r in results:
        p = r.progress
        rows.append(
            (
                Cell(r.objective.statement, r.objective.id),
                kpi_cell(r.kpi, p.current if p else None, msgs),
                kpi_cell(r.kpi, p.target if p else None, msgs),
                status_cell(p.status, msgs) if p else Cell(r.problem or msgs("undefined")),
            )
        )
    columns = (
        Column("objective", msgs("col_objective")),
        Column("current", msgs("col_current"), numeric=True),
        Column("target", msgs("col_target"), numeric=True),
        Column("outcome", msgs("col_outcome")),
    )
    block = Table("outcomes", msgs("outcomes"), columns, tuple(rows), msgs("no_objectives"))
    return Section("outcomes", msgs("outcomes"), (block,))


def _month_windows(period: Period, as_of: date) -> tuple[Window, Window]:
    first = Period.containing(period.start, PeriodKind.MONTH)
    last = Period.containing(min(as_of, period.end - timedelta(days=1)), PeriodKind.MONTH)
    return (
        Window(first.start, first.end),
        Window(last.start, min(last.end, as_of + timedelta(days=1))),
    )


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _change(before: float | None, after: float | None) -> float | None:
    if before is not None and after is not None and before:
        return 100 * (after - before) / abs(before)
    return None


def drivers_section(
    plan: Plan, table: MetricTable, msgs: Messages, *, as_of: date, period: Period
) -> Section:
    """Each KPI at the start and the end of the quarter, and the platform that moved it most."""
    catalogue = plan.catalogue
    first, last = _month_windows(period, as_of)
    rows = []
    scopes = kpi_scopes(plan, table)
    for kpi_id in kpi_ids(plan):
        kpi = catalogue.get(kpi_id)
        where = scopes.get(kpi_id)
        scoped = table.where(**where) if where else table
        total = rollup(scoped, [kpi], period=[first, last], catalogue=catalogue)
        before = _num(total.get((first,), kpi.id)) if (first,) in total.keys else None
        after = _num(total.get((last,), kpi.id)) if (last,) in total.keys else None
        change = _change(before, after)
        if change is None:
            continue
        tone = Tone.GOOD if (change > 0) == kpi.higher_is_better else Tone.BAD
        rows.append(
            (
                Cell(kpi.label, kpi.id),
                kpi_cell(kpi, before, msgs),
                kpi_cell(kpi, after, msgs),
                Cell(msgs.signed_percent(change), change, tone if change else Tone.NEUTRAL),
                Cell(_driver(scoped, kpi, catalogue, msgs, first=first, last=last)),
            )
        )
    columns = (
        Column("kpi", msgs("col_kpi")),
        Column("start", msgs("col_start"), numeric=True),
        Column("end", msgs("col_end"), numeric=True),
        Column("change", msgs("col_change"), numeric=True),
        Column("driver", msgs("col_driver")),
    )
    block = Table("drivers", msgs("drivers"), columns, tuple(rows), msgs("no_drivers"))
    return Section("drivers", msgs("drivers"), (block,))


def _driver(
    table: MetricTable,
    kpi: KPI,
    catalogue: Catalogue,
    msgs: Messages,
    *,
    first: Window,
    last: Window,
) -> str:
    """The platform whose own value of the KPI changed most in the KPI's good direction."""
    r = rollup(table, [kpi], by=["platform"], period=[first, last], catalogue=catalogue)
    best: tuple[float, str, float] | None = None
    for platform in sorted({str(k[0]) for k in r.keys}):
        before = r.get((platform, first), kpi.id) if (platform, first) in r.keys else None
        after = r.get((platform, last), kpi.id) if (platform, last) in r.keys else None
        if not (isinstance(before, int | float) and isinstance(after, int | float)):
            continue
        delta = after - before
        score = abs(delta)
        if best is None or score > best[0]:
            best = (score, platform, delta)
    if best is None:
        return msgs("undefined")
    _, platform, delta = best
    sign = "+" if delta > 0 else "-"
    return msgs("driver_platform", platform=platform, change=sign + kpi_text(kpi, abs(delta), msgs))


def platforms_section(
    plan: Plan, table: MetricTable, msgs: Messages, *, as_of: date, period: Period
) -> Section:
    """Platforms ranked by interactions over the quarter, with engagement rate and leads."""
    window = Window(period.start, min(period.end, as_of + timedelta(days=1)))
    catalogue = plan.catalogue
    rows = []
    if len(table):
        names = ["interactions", "engagement_rate", "leads"]
        r = rollup(table, names, by=["platform"], period=[window], catalogue=catalogue)
        scored = []
        for key in r.keys:
            value = r.get(key, "interactions")
            scored.append((float(value) if isinstance(value, int | float) else 0.0, key))
        total = sum(v for v, _ in scored)
        ranked = sorted(scored, key=lambda item: (-item[0], str(item[1][0])))
        for rank, (value, key) in enumerate(ranked, start=1):
            share = 100 * value / total if total else None
            rows.append(
                (
                    Cell(str(rank), float(rank)),
                    Cell(str(key[0])),
                    Cell(msgs.number(value), value),
                    kpi_cell(catalogue.get("engagement_rate"), r.get(key, "engagement_rate"), msgs),
                    kpi_cell(catalogue.get("leads"), r.get(key, "leads"), msgs),
                    Cell(msgs.percent(share), share),
                )
            )
    columns = (
        Column("rank", msgs("col_rank"), numeric=True),
        Column("platform", msgs("col_platform")),
        Column("engagements", msgs("col_engagements"), numeric=True),
        Column("rate", msgs("col_rate"), numeric=True),
        Column("leads", msgs("fig_leads"), numeric=True),
        Column("share", msgs("col_share"), numeric=True),
    )
    block = Table("platforms", msgs("platforms"), columns, tuple(rows), msgs("no_platforms"))
    return Section("platforms", msgs("platforms"), (block,))


def hypotheses_section(
    results: Sequence[ObjectiveResult], catalogue: Catalogue, msgs: Messages
) -> Section:
    """One hypothesis to test per objective at risk, off track or missed."""
    items = []
    for r in results:
        p = r.progress
        if p is None or p.status not in _WEAK or r.kpi is None:
            continue
        leading = [k for k in r.objective.leading if k in catalogue]
        lever = (
            msgs("lever_leading", kpi=catalogue.get(leading[0]).label)
            if leading
            else msgs("lever_generic")
        )
        progress = msgs.percent(100 * p.progress, 0) if isinstance(p.progress, float) else "?"
        items.append(
            msgs(
                "hypothesis",
                objective=r.objective.statement,
                status=msgs.status(p.status.value),
                progress=progress,
                pace=kpi_text(r.kpi, p.expected, msgs),
                lever=lever,
                kpi=r.kpi.label,
            )
        )
    block = BulletList("hypotheses", msgs("hypotheses"), tuple(items), msgs("no_hypotheses"))
    return Section("hypotheses", msgs("hypotheses"), (block,))


def quarterly_sections(
    plan: Plan, table: MetricTable, msgs: Messages, *, as_of: date, period: Period
) -> tuple[Section, ...]:
    """Every section of the quarterly strategy review."""
    results = objective_results(plan, table, as_of=as_of)
    return (
        outcomes_section(results, msgs),
        drivers_section(plan, table, msgs, as_of=as_of, period=period),
        platforms_section(plan, table, msgs, as_of=as_of, period=period),
        hypotheses_section(results, plan.catalogue, msgs),
    )
