"""The HTML renderer: one self-contained page (inline CSS, inline SVG, no script, no network).

Templating uses jinja2 (the ``report`` extra) with autoescaping on, so text
from a plan or a data file can never inject markup; the only unescaped
fragments are the SVG charts, which :mod:`socialgoals.reporting._svg` builds
with every text escaped.

>>> from datetime import date
>>> from socialgoals.reporting._model import Report, ReportKind, Section, BulletList
>>> report = Report(
...     kind=ReportKind.QUARTERLY, lang="en", title="Quarterly <review>", plan="Demo",
...     period_label="2026-Q1", period_start=date(2026, 1, 1), period_end=date(2026, 4, 1),
...     as_of=date(2026, 3, 31),
...     sections=(Section("h", "Hypotheses", (BulletList("h", "Hypotheses", ("Try <b>",)),)),))
>>> page = render_html(report)
>>> "Quarterly &lt;review&gt;" in page and "Try &lt;b&gt;" in page and "http://" not in page
True
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

from socialgoals._version import __version__
from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._model import (
    Block,
    BulletList,
    Callouts,
    Figures,
    ObjectiveChart,
    Report,
    Table,
    TrendChart,
)
from socialgoals.reporting._svg import objective_chart_svg, trend_chart_svg

__all__ = ["render_html"]


def _block_type(block: Block) -> str:
    if isinstance(block, Table):
        return "table"
    if isinstance(block, Figures):
        return "figures"
    if isinstance(block, Callouts):
        return "callouts"
    if isinstance(block, BulletList):
        return "list"
    return "chart"


@functools.cache
def _environment() -> Any:
    try:
        import jinja2  # noqa: PLC0415 - optional dependency (the `report` extra)
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError("HTML reports need jinja2: pip install 'socialgoals[report]'") from None
    return jinja2.Environment(
        loader=jinja2.PackageLoader("socialgoals.reporting", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    """The report as a self-contained HTML page (UTF-8 text)."""
    from markupsafe import Markup  # noqa: PLC0415 - comes with jinja2 (optional extra)

    msgs = Messages(report.lang)

    def svg(chart: ObjectiveChart | TrendChart) -> Markup:
        if isinstance(chart, ObjectiveChart):
            return Markup(objective_chart_svg(chart, msgs))  # noqa: S704 - every text is escaped
        return Markup(trend_chart_svg(chart, msgs))  # noqa: S704 - every text is escaped

    template = _environment().get_template("report.html.j2")
    page: str = template.render(
        report=report,
        version=__version__,
        last_day=report.period_end - timedelta(days=1),
        t=msgs,
        day=msgs.day,
        svg=svg,
        block_type=_block_type,
        is_chart=lambda b: isinstance(b, ObjectiveChart | TrendChart),
    )
    return page
