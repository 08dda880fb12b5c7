"""The terminal renderer: rich tables and panels (the ``cli`` extra).

>>> from datetime import date
>>> from socialgoals.reporting._model import (Callout, Callouts, Report, ReportKind,
...     Section, Tone)
>>> report = Report(
...     kind=ReportKind.WEEKLY, lang="en", title="Weekly triage", plan="Demo",
...     period_label="2026-W12", period_start=date(2026, 3, 16), period_end=date(2026, 3, 23),
...     as_of=date(2026, 3, 22),
...     sections=(Section("alerts", "Alerts",
...               (Callouts("alerts", "Alerts", (Callout("Volume spike", Tone.BAD),)),)),))
>>> text = render_text(report, width=80)
>>> "Weekly triage" in text and "Volume spike" in text
True
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._model import (
    Block,
    BulletList,
    Callouts,
    Figures,
    Report,
    Table,
    Tone,
)
from socialgoals.reporting._summary import chart_summary

__all__ = ["render_text", "print_report"]

_STYLE = {Tone.BAD: "bold red", Tone.WARNING: "bold yellow", Tone.GOOD: "green", Tone.NEUTRAL: ""}
_MARK = {Tone.BAD: "✖ ", Tone.WARNING: "▲ ", Tone.GOOD: "✔ ", Tone.NEUTRAL: "• "}


def _renderables(report: Report) -> list[Any]:
    from rich.rule import Rule  # noqa: PLC0415 - rich is the optional `cli` extra
    from rich.table import Table as RichTable  # noqa: PLC0415 - rich is an optional extra
    from rich.text import Text  # noqa: PLC0415 - rich is an optional extra

    msgs = Messages(report.lang)
    last_day = report.period_end - timedelta(days=1)
    out: list[Any] = [
        Text(report.title, style="bold"),
        Text(
            f"{msgs('plan')}: {report.plan} · {msgs('period')}: {report.period_label} "
            f"({msgs.day(report.period_start)} - {msgs.day(last_day)}) · "
            f"{msgs('as_of')} {msgs.day(report.as_of)}",
            style="dim",
        ),
    ]

    def block(b: Block, section_title: str) -> None:
        heading = b.title if b.title and b.title != section_title else None
        if isinstance(b, Table):
            if not b.rows:
                if heading:
                    out.append(Text(heading, style="bold"))
                out.append(Text(b.empty_text, style="italic dim"))
                return
            if heading:
                out.append(Text(heading, style="bold"))
            table = RichTable(expand=False)
            for c in b.columns:
                table.add_column(Text(c.label), justify="right" if c.numeric else "left")
            for row in b.rows:
                table.add_row(*(Text(c.text, style=_STYLE[c.tone]) for c in row))
            out.append(table)
        elif isinstance(b, Figures):
            if heading:
                out.append(Text(heading, style="bold"))
            for f in b.figures:
                note = f"  ({f.note})" if f.note else ""
                out.append(Text.assemble(f"{f.label}: ", (f.text, _STYLE[f.tone] or "bold"), note))
        elif isinstance(b, Callouts | BulletList):
            if heading:
                out.append(Text(heading, style="bold"))
            items = (
                [(c.text, c.tone) for c in b.items]
                if isinstance(b, Callouts)
                else [(i, Tone.NEUTRAL) for i in b.items]
            )
            if not items:
                out.append(Text(b.empty_text, style="italic dim"))
            for text, tone in items:
                out.append(Text(_MARK[tone] + text, style=_STYLE[tone]))
        else:
            out.append(Text.assemble((f"{b.title}: ", "bold"), chart_summary(b, msgs)))

    for section in report.sections:
        out.append(Rule(Text(section.title), align="left"))
        if section.intro:
            out.append(Text(section.intro))
        for b in section.blocks:
            block(b, section.title)
    return out


def print_report(report: Report, console: Any) -> None:
    """Print the report on a ``rich.console.Console`` (colours when it supports them)."""
    for item in _renderables(report):
        console.print(item)


def render_text(report: Report, *, width: int = 100, color: bool = False) -> str:
    """The report as terminal text, ``width`` columns wide (ANSI colours if ``color``)."""
    from rich.console import Console  # noqa: PLC0415 - rich is the optional `cli` extra

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False
    )
    print_report(report, console)
    return buffer.getvalue()
