"""The monthly performance report: objectives, KPIs, leads and CAC per campaign.

Everything is computed by the domain: objectives by
:func:`socialgoals.tracking.track` (through :mod:`._measure`), KPI values by
:func:`socialgoals.kpi.rollup` (ratios of sums). This module only chooses
what to show and how to label it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from socialgoals.kpi import KPI, Catalogue, MetricTable, Undefined, Window, rollup
from socialgoals.model import Period
from socialgoals.plan import Plan
from socialgoals.reporting._format import (
    axis_unit,
    chart_scale,
    kpi_cell,
    kpi_text,
    scaled,
    scaled_forecast,
    status_cell,
    weekly_points,
)
from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._measure import ObjectiveResult, measure_objective, measurement_for
from socialgoals.reporting._model import (
    Cell,
    Column,
    Figure,
    Figures,
    Forecast,
    ObjectiveChart,
    Point,
    Section,
    Series,
    Table,
    TrendChart,
)
from socialgoals.reporting._summary import sparkline

__all__ = [
    "objective_results",
    "objectives_section",
    "kpi_ids",
    "kpi_scopes",
    "kpis_section",
    "leads_section",
    "cac_section",
    "monthly_sections",
]

TREND_WEEKS = 8


def objective_results(
    plan: Plan, table: MetricTable, *, as_of: date
) -> tuple[ObjectiveResult, ...]:
    """Every objective of the plan, measured and tracked on ``as_of``."""
    return tuple(measure_objective(o, table, plan.catalogue, as_of=as_of) for o in plan.objectives)


def _pct(value: object, msgs: Messages) -> Cell:
    if isinstance(value, int | float):
        return Cell(msgs.percent(100 * value, 0), float(value))
    return Cell(msgs("undefined"))


def _objective_row(result: ObjectiveResult, msgs: Messages) -> tuple[Cell, ...]:
    o, kpi, p = result.objective, result.kpi, result.progress
    name = Cell(o.id, o.id)
    kpi_name = Cell(kpi.label if kpi else msgs("undefined"), kpi.id if kpi else None)
    if p is None:
        blank = Cell(msgs("undefined"))
        return (name, kpi_name, blank, blank, blank, blank, blank, Cell(result.problem or "-"))
    forecast = Cell(msgs("undefined"))
    if p.forecast is not None:
        f = p.forecast
        forecast = Cell(
            f"{kpi_text(kpi, f.value, msgs)} [{kpi_text(kpi, f.low, msgs)}; "
            f"{kpi_text(kpi, f.high, msgs)}]",
            f.value,
        )
    target = kpi_cell(kpi, p.target, msgs)
    if target.value is None and o.target is not None:
        target = Cell(_bounds(o.target.lower, o.target.upper, kpi, msgs))
    return (
        name,
        kpi_name,
        kpi_cell(kpi, p.current, msgs),
        target,
        _pct(p.progress, msgs),
        kpi_cell(kpi, p.expected, msgs),
        forecast,
        status_cell(p.status, msgs),
    )


def _bounds(lower: float | None, upper: float | None, kpi: KPI | None, msgs: Messages) -> str:
    """A stay-within target in words: "<= 8.00 EUR", ">= 90%", "2 - 4"."""
    if lower is not None and upper is not None:
        return f"{kpi_text(kpi, lower, msgs)} - {kpi_text(kpi, upper, msgs)}"
    if upper is not None:
        return f"<= {kpi_text(kpi, upper, msgs)}"
    if lower is not None:
        return f">= {kpi_text(kpi, lower, msgs)}"
    return msgs("undefined")


def _chart(result: ObjectiveResult, msgs: Messages, as_of: date) -> ObjectiveChart | None:
    o, p = result.objective, result.progress
    if p is None or o.deadline is None or not isinstance(p.target, int | float):
        return None
    start = o.start or (result.series[0][0] if result.series else as_of)
    pace: tuple[Point, ...] = ()
    if isinstance(p.baseline, int | float) and o.deadline > start:
        pace = (Point(start, float(p.baseline)), Point(o.deadline, float(p.target)))
    forecast = None
    if p.forecast is not None:
        f = p.forecast
        low, high = min(f.low, f.value), max(f.high, f.value)
        forecast = Forecast(o.deadline, f.value, low, high)
    scale = chart_scale(result.kpi)
    return ObjectiveChart(
        id=o.id,
        title=o.statement,
        unit=axis_unit(result.kpi),
        actual=tuple(scaled(pt, scale) for pt in weekly_points(result.series, until=as_of)),
        pace=tuple(scaled(pt, scale) for pt in pace),
        target=scaled(Point(o.deadline, float(p.target)), scale),
        forecast=scaled_forecast(forecast, scale) if forecast is not None else None,
        labels=(
            msgs("legend_actual"),
            msgs("legend_pace"),
            msgs("legend_target"),
            msgs("legend_forecast"),
        ),
    )


def objectives_section(
    results: Sequence[ObjectiveResult], msgs: Messages, *, as_of: date
) -> Section:
    """A table of every objective and a chart per tracked objective."""
    columns = (
        Column("objective", msgs("col_objective")),
        Column("kpi", msgs("col_kpi")),
        Column("current", msgs("col_current"), numeric=True),
        Column("target", msgs("col_target"), numeric=True),
        Column("progress", msgs("col_progress"), numeric=True),
        Column("expected", msgs("col_pace"), numeric=True),
        Column("forecast", msgs("col_forecast"), numeric=True),
        Column("status", msgs("col_status")),
    )
    table = Table(
        "objectives",
        msgs("objectives"),
        columns,
        tuple(_objective_row(r, msgs) for r in results),
        msgs("no_objectives"),
    )
    charts = [c for r in results if (c := _chart(r, msgs, as_of)) is not None]
    return Section("objectives", msgs("objectives"), (table, *charts))


def kpi_ids(plan: Plan) -> tuple[str, ...]:
    """The KPIs the plan watches: primary, leading and lagging ones, in plan order."""
    seen: dict[str, None] = {}
    for o in plan.objectives:
        for kpi_id in (*o.kpis, *o.leading, *o.lagging):
            seen.setdefault(kpi_id, None)
    return tuple(seen)


def _targets(plan: Plan) -> dict[str, float]:
    found: dict[str, float] = {}
    for o in plan.objectives:
        if o.kpis and o.target_value is not None:
            found.setdefault(o.kpis[0], o.target_value)
    return found


def kpi_scopes(plan: Plan, table: MetricTable) -> dict[str, dict[str, str]]:
    """Each KPI read like the first objective that watches it (same platform filter)."""
    scopes: dict[str, dict[str, str]] = {}
    for o in plan.objectives:
        for kpi_id in (*o.kpis, *o.leading, *o.lagging):
            if kpi_id not in scopes and kpi_id in plan.catalogue:
                how = measurement_for(o, plan.catalogue.get(kpi_id), tuple(table.dimensions))
                scopes[kpi_id] = dict(how.where)
    return scopes


def _weeks(as_of: date, count: int) -> list[Window]:
    """The ``count`` whole weeks (7 days) ending on ``as_of``, oldest first."""
    end = as_of + timedelta(days=1)
    return [
        Window(end - timedelta(days=7 * (i + 1)), end - timedelta(days=7 * i))
        for i in reversed(range(count))
    ]


def _value(table: MetricTable, kpi: KPI, window: Window, catalogue: Catalogue) -> float | None:
    r = rollup(table, [kpi], period=[window], catalogue=catalogue)
    value = r.get((window,), kpi.id) if r.keys else Undefined("no data")
    return float(value) if isinstance(value, int | float) else None


def kpis_section(
    plan: Plan, table: MetricTable, msgs: Messages, *, as_of: date, period: Period
) -> Section:
    """Each KPI with its weekly trend, month (period) to date and target."""
    catalogue = plan.catalogue
    targets = _targets(plan)
    weeks = _weeks(as_of, TREND_WEEKS)
    to_date = Window(period.start, min(period.end, as_of + timedelta(days=1)))
    rows: list[tuple[Cell, ...]] = []
    charts: list[TrendChart] = []
    scopes = kpi_scopes(plan, table)
    for kpi_id in kpi_ids(plan):
        kpi = catalogue.get(kpi_id)
        scoped = table.where(**scopes[kpi_id]) if scopes.get(kpi_id) else table
        trend = [(w, _value(scoped, kpi, w, catalogue)) for w in weeks]
        scale = chart_scale(kpi)
        points = tuple(
            scaled(Point(w.end - timedelta(days=1), v), scale) for w, v in trend if v is not None
        )
        if not points:
            continue
        values = [v for _, v in trend if v is not None]
        target = targets.get(kpi_id)
        rows.append(
            (
                Cell(kpi.label, kpi.id),
                Cell(f"{sparkline(values)} {kpi_text(kpi, values[-1], msgs)}", values[-1]),
                kpi_cell(kpi, _value(scoped, kpi, to_date, catalogue), msgs),
                kpi_cell(kpi, target, msgs),
            )
        )
        charts.append(
            TrendChart(
                id=kpi.id,
                title=kpi.label,
                unit=axis_unit(kpi),
                series=(Series(kpi.label, points),),
                target=target * scale if target is not None else None,
                target_label=msgs("legend_target"),
            )
        )
    columns = (
        Column("kpi", msgs("col_kpi")),
        Column("trend", msgs("col_trend"), numeric=True),
        Column("to_date", msgs("col_mtd"), numeric=True),
        Column("target", msgs("col_target"), numeric=True),
    )
    table_block = Table("kpis", msgs("kpis"), columns, tuple(rows), msgs("no_kpis"))
    return Section("kpis", msgs("kpis"), (table_block, *charts))


def leads_section(
    plan: Plan, table: MetricTable, msgs: Messages, *, as_of: date, period: Period
) -> Section:
    """New leads, conversations, and the conversation -> lead rate of the period to date."""
    catalogue = plan.catalogue
    window = Window(period.start, min(period.end, as_of + timedelta(days=1)))
    scopes = kpi_scopes(plan, table)
    figures: list[Figure] = []
    for kpi_id, label in (
        ("leads", "fig_leads"),
        ("conversation_to_lead_rate", "fig_conversion"),
        ("dm_to_order_rate", None),
        ("cpl", None),
    ):
        if kpi_id not in catalogue:
            continue
        kpi = catalogue.get(kpi_id)
        where = scopes.get(kpi_id)
        value = _value(table.where(**where) if where else table, kpi, window, catalogue)
        if value is None and label is None:
            continue
        figures.append(
            Figure(msgs(label) if label else kpi.label, kpi_text(kpi, value, msgs), value)
        )
    if figures and figures[0].value is None:  # no CRM or form leads: the inbox's leads
        inbox = _metric_sum(table, "conversation_leads", window)
        figures[0] = Figure(msgs("fig_leads"), msgs.auto(inbox), inbox)
    conversations = _metric_sum(table, "conversations", window)
    figures.insert(1, Figure(msgs("fig_conversations"), msgs.auto(conversations), conversations))
    return Section("leads", msgs("leads"), (Figures("leads", msgs("leads"), tuple(figures)),))


def _metric_sum(table: MetricTable, metric: str, window: Window) -> float | None:
    if metric not in table.metrics:
        return None
    r = rollup(table, [metric], period=[window])
    value = r.get((window,), metric) if r.keys else None
    return float(value) if isinstance(value, int | float) else None


def cac_section(
    plan: Plan, table: MetricTable, msgs: Messages, *, as_of: date, period: Period
) -> Section:
    """CAC per campaign for the period to date, where campaigns have spend."""
    catalogue = plan.catalogue
    window = Window(period.start, min(period.end, as_of + timedelta(days=1)))
    rows: list[tuple[Cell, ...]] = []
    if "spend" in table.metrics and "cac" in catalogue:
        cac = catalogue.get("cac")
        metrics = [m for m in ("spend", "attributed_customers") if m in table.metrics]
        r = rollup(table, [*metrics, cac], by=["campaign"], period=[window], catalogue=catalogue)
        money = catalogue.get("cpa") if "cpa" in catalogue else cac
        for key in r.keys:
            campaign = str(key[0])
            spend = r.get(key, "spend")
            if not campaign or not isinstance(spend, int | float) or spend <= 0:
                continue
            customers = (
                r.get(key, "attributed_customers") if "attributed_customers" in metrics else None
            )
            value = r.get(key, "cac")
            rows.append(
                (
                    Cell(campaign),
                    kpi_cell(money, spend, msgs),
                    Cell(msgs.auto(customers if isinstance(customers, int | float) else None),
                         float(customers) if isinstance(customers, int | float) else None),
                    kpi_cell(cac, value, msgs),
                )
            )  # fmt: skip
    columns = (
        Column("campaign", msgs("col_campaign")),
        Column("spend", msgs("col_spend"), numeric=True),
        Column("customers", msgs("col_customers"), numeric=True),
        Column("cac", msgs("col_cac"), numeric=True),
    )
    block = Table("cac", msgs("cac"), columns, tuple(rows), msgs("no_cac"))
    return Section("cac", msgs("cac"), (block,))


def monthly_sections(
    plan: Plan, table: MetricTable, msgs: Messages, *, as_of: date, period: Period
) -> tuple[Section, ...]:
    """Every section of the monthly report."""
    results = objective_results(plan, table, as_of=as_of)
    return (
        objectives_section(results, msgs, as_of=as_of),
        kpis_section(plan, table, msgs, as_of=as_of, period=period),
        leads_section(plan, table, msgs, as_of=as_of, period=period),
        cac_section(plan, table, msgs, as_of=as_of, period=period),
    )
