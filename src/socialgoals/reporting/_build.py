"""Build a weekly, monthly or quarterly :class:`Report` from a plan and its data.

>>> from datetime import date
>>> report_period(ReportKind.MONTHLY, date(2026, 3, 18)).label
'2026-03'
>>> report_period(ReportKind.WEEKLY, date(2026, 3, 18)).label
'2026-W12'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from socialgoals.community import Conversation, Triage
from socialgoals.kpi import MetricTable
from socialgoals.model import Period, PeriodKind
from socialgoals.plan import Plan
from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._model import Report, ReportKind, Section
from socialgoals.reporting._monthly import monthly_sections
from socialgoals.reporting._quarterly import quarterly_sections
from socialgoals.reporting._weekly import weekly_sections

__all__ = ["report_period", "build_report", "build_weekly", "build_monthly", "build_quarterly"]

_PERIOD: Final = {
    ReportKind.WEEKLY: PeriodKind.ISO_WEEK,
    ReportKind.MONTHLY: PeriodKind.MONTH,
    ReportKind.QUARTERLY: PeriodKind.QUARTER,
}
_TITLE: Final = {
    ReportKind.WEEKLY: "weekly_title",
    ReportKind.MONTHLY: "monthly_title",
    ReportKind.QUARTERLY: "quarterly_title",
}


def report_period(kind: ReportKind, as_of: date) -> Period:
    """The week, month or quarter a report of ``kind`` covers on ``as_of``."""
    return Period.containing(as_of, _PERIOD[kind])


def _report(
    kind: ReportKind, plan: Plan, msgs: Messages, as_of: date, sections: tuple[Section, ...]
) -> Report:
    period = report_period(kind, as_of)
    return Report(
        kind=kind,
        lang=msgs.lang,
        title=msgs(_TITLE[kind]),
        plan=plan.name or "",
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        as_of=as_of,
        sections=sections,
    )


def build_weekly(
    plan: Plan,
    table: MetricTable,
    *,
    as_of: date,
    lang: str = "en",
    conversations: Sequence[Conversation] = (),
    triage: Triage | None = None,
) -> Report:
    """Weekly triage: spike alerts, top 5 posts, escalations waiting, SLAs per role.

    Args:
        plan: the plan (its playbook gives the alert rules).
        table: the metrics (post-level rows give the top posts).
        as_of: the last day of data; the report covers its ISO week.
        lang: ``"en"`` or ``"fr"``.
        conversations: the conversation log (the community sections need it).
        triage: the compiled rules replayed over the log (escalations, SLAs).
    """
    msgs = Messages(lang)
    period = report_period(ReportKind.WEEKLY, as_of)
    sections = weekly_sections(
        plan,
        table,
        msgs,
        as_of=as_of,
        period=period,
        conversations=conversations,
        triage=triage,
    )
    return _report(ReportKind.WEEKLY, plan, msgs, as_of, sections)


def build_monthly(plan: Plan, table: MetricTable, *, as_of: date, lang: str = "en") -> Report:
    """Monthly performance: objectives, KPIs (trend, month to date, target), leads, CAC."""
    msgs = Messages(lang)
    period = report_period(ReportKind.MONTHLY, as_of)
    sections = monthly_sections(plan, table, msgs, as_of=as_of, period=period)
    return _report(ReportKind.MONTHLY, plan, msgs, as_of, sections)


def build_quarterly(plan: Plan, table: MetricTable, *, as_of: date, lang: str = "en") -> Report:
    """Quarterly strategy: outcomes, what moved each KPI, platforms, hypotheses."""
    msgs = Messages(lang)
    period = report_period(ReportKind.QUARTERLY, as_of)
    sections = quarterly_sections(plan, table, msgs, as_of=as_of, period=period)
    return _report(ReportKind.QUARTERLY, plan, msgs, as_of, sections)


def build_report(
    kind: ReportKind,
    plan: Plan,
    table: MetricTable,
    *,
    as_of: date,
    lang: str = "en",
    conversations: Sequence[Conversation] = (),
    triage: Triage | None = None,
) -> Report:
    """Build the report of ``kind`` (conversations only matter for the weekly one)."""
    if kind is ReportKind.WEEKLY:
        return build_weekly(
            plan, table, as_of=as_of, lang=lang, conversations=conversations, triage=triage
        )
    if kind is ReportKind.MONTHLY:
        return build_monthly(plan, table, as_of=as_of, lang=lang)
    return build_quarterly(plan, table, as_of=as_of, lang=lang)
