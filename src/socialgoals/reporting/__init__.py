"""Weekly, monthly and quarterly reports: a renderer-agnostic model and its renderers.

Builders turn tracking, KPI and community results into a :class:`Report`
(sections of tables, headline figures, alerts and charts as data);
renderers write it as terminal text, Markdown, JSON (a versioned schema) or a
self-contained HTML page with inline SVG charts, in English or French.
"""

from __future__ import annotations

from socialgoals.reporting._build import (
    build_monthly,
    build_quarterly,
    build_report,
    build_weekly,
    report_period,
)
from socialgoals.reporting._html import render_html
from socialgoals.reporting._i18n import LANGUAGES, Messages
from socialgoals.reporting._json import render_json, report_schema, report_to_data
from socialgoals.reporting._markdown import render_markdown
from socialgoals.reporting._measure import (
    Measurement,
    ObjectiveResult,
    measure_objective,
    measurement_for,
)
from socialgoals.reporting._model import (
    SCHEMA_VERSION,
    Block,
    BulletList,
    Callout,
    Callouts,
    Cell,
    Column,
    Figure,
    Figures,
    Forecast,
    ObjectiveChart,
    Point,
    Report,
    ReportKind,
    Section,
    Series,
    Table,
    Tone,
    TrendChart,
)
from socialgoals.reporting._text import print_report, render_text

__all__ = [
    # model
    "SCHEMA_VERSION",
    "Block",
    "BulletList",
    "Callout",
    "Callouts",
    "Cell",
    "Column",
    "Figure",
    "Figures",
    "Forecast",
    "ObjectiveChart",
    "Point",
    "Report",
    "ReportKind",
    "Section",
    "Series",
    "Table",
    "Tone",
    "TrendChart",
    # builders
    "build_report",
    "build_weekly",
    "build_monthly",
    "build_quarterly",
    "report_period",
    "Measurement",
    "ObjectiveResult",
    "measure_objective",
    "measurement_for",
    # labels
    "LANGUAGES",
    "Messages",
    # renderers
    "print_report",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "report_schema",
    "report_to_data",
]
