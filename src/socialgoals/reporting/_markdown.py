"""The Markdown renderer (GitHub-flavoured tables; charts become sparkline summaries).

>>> from datetime import date
>>> from socialgoals.reporting._model import (Cell, Column, Report, ReportKind, Section,
...     Table)
>>> table = Table("t", "KPIs", (Column("kpi", "KPI"), Column("v", "Value", numeric=True)),
...               ((Cell("a|b"), Cell("1", 1.0)),))
>>> md = render_markdown(Report(
...     kind=ReportKind.MONTHLY, lang="en", title="Monthly performance", plan="Demo",
...     period_label="2026-03", period_start=date(2026, 3, 1), period_end=date(2026, 4, 1),
...     as_of=date(2026, 3, 31), sections=(Section("k", "KPIs", (table,)),)))
>>> print(md.split("## KPIs")[1].strip())
| KPI | Value |
| --- | ---: |
| a\\|b | 1 |
"""

from __future__ import annotations

from datetime import timedelta

from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._model import (
    Block,
    BulletList,
    Callouts,
    Figures,
    ObjectiveChart,
    Report,
    Table,
    Tone,
    TrendChart,
)
from socialgoals.reporting._summary import chart_summary

__all__ = ["render_markdown"]

_MARK = {Tone.BAD: "🔴 ", Tone.WARNING: "🟠 ", Tone.GOOD: "🟢 ", Tone.NEUTRAL: ""}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(block: Table) -> list[str]:
    if not block.rows:
        return [f"_{_escape(block.empty_text)}_"] if block.empty_text else []
    lines = [
        "| " + " | ".join(_escape(c.label) for c in block.columns) + " |",
        "| " + " | ".join("---:" if c.numeric else "---" for c in block.columns) + " |",
    ]
    lines.extend("| " + " | ".join(_escape(c.text) for c in row) + " |" for row in block.rows)
    return lines


def _block(block: Block, msgs: Messages, section_title: str) -> list[str]:
    lines: list[str] = []
    if block.title and block.title != section_title:
        lines += [f"### {block.title}", ""]
    if isinstance(block, Table):
        lines += _table(block)
    elif isinstance(block, Figures):
        for f in block.figures:
            note = f" ({f.note})" if f.note else ""
            lines.append(f"- {_MARK[f.tone]}**{f.label}**: {f.text}{note}")
    elif isinstance(block, Callouts):
        lines += [f"- {_MARK[c.tone]}{c.text}" for c in block.items]
        if not block.items and block.empty_text:
            lines.append(f"_{block.empty_text}_")
    elif isinstance(block, BulletList):
        lines += [f"- {item}" for item in block.items]
        if not block.items and block.empty_text:
            lines.append(f"_{block.empty_text}_")
    else:
        lines = [f"- **{block.title}**: {chart_summary(block, msgs)}"]
    return lines


def render_markdown(report: Report) -> str:
    """The report as a Markdown document."""
    msgs = Messages(report.lang)
    last_day = report.period_end - timedelta(days=1)
    out = [
        f"# {report.title}",
        "",
        (
            f"{msgs('plan')}: **{report.plan}** · {msgs('period')}: {report.period_label} "
            f"({msgs.day(report.period_start)} - {msgs.day(last_day)}) · "
            f"{msgs('as_of')} {msgs.day(report.as_of)}"
        ),
    ]
    for section in report.sections:
        out += ["", f"## {section.title}"]
        if section.intro:
            out += ["", section.intro]
        previous_chart = False
        for block in section.blocks:
            is_chart = isinstance(block, ObjectiveChart | TrendChart)
            if not (is_chart and previous_chart):
                out.append("")
            out += _block(block, msgs, section.title)
            previous_chart = is_chart
    return "\n".join(out) + "\n"
