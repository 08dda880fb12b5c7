"""The JSON renderer: a documented, versioned schema (``report.schema.json``).

Every block carries a ``type`` discriminator; dates are ISO strings; numbers
are JSON numbers (``null`` when undefined). The schema version follows
``major.minor``: a minor bump only adds optional fields.

>>> from datetime import date
>>> from socialgoals.reporting._model import Report, ReportKind
>>> data = report_to_data(Report(
...     kind=ReportKind.WEEKLY, lang="fr", title="Tri hebdomadaire", plan="Demo",
...     period_label="2026-W12", period_start=date(2026, 3, 16), period_end=date(2026, 3, 23),
...     as_of=date(2026, 3, 22), sections=()))
>>> data["schema_version"], data["kind"], data["period"]["start"]
('1.0', 'weekly', '2026-03-16')
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from socialgoals.reporting._model import (
    Block,
    BulletList,
    Callouts,
    Cell,
    Figures,
    Forecast,
    ObjectiveChart,
    Point,
    Report,
    Section,
    Table,
    TrendChart,
)

__all__ = ["report_to_data", "render_json", "report_schema"]


def _cell(cell: Cell) -> dict[str, Any]:
    return {"text": cell.text, "value": cell.value, "tone": cell.tone.value}


def _point(p: Point) -> dict[str, Any]:
    return {"x": p.x.isoformat(), "y": p.y}


def _forecast(f: Forecast | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {"at": f.at.isoformat(), "value": f.value, "low": f.low, "high": f.high}


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Table):
        return {
            "type": "table",
            "id": block.id,
            "title": block.title,
            "columns": [
                {"key": c.key, "label": c.label, "numeric": c.numeric} for c in block.columns
            ],
            "rows": [[_cell(c) for c in row] for row in block.rows],
            "empty_text": block.empty_text,
        }
    if isinstance(block, Figures):
        return {
            "type": "figures",
            "id": block.id,
            "title": block.title,
            "figures": [
                {"label": f.label, "text": f.text, "value": f.value, "tone": f.tone.value,
                 "note": f.note}
                for f in block.figures
            ],
        }  # fmt: skip
    if isinstance(block, Callouts):
        return {
            "type": "callouts",
            "id": block.id,
            "title": block.title,
            "items": [{"text": c.text, "tone": c.tone.value} for c in block.items],
            "empty_text": block.empty_text,
        }
    if isinstance(block, BulletList):
        return {
            "type": "list",
            "id": block.id,
            "title": block.title,
            "items": list(block.items),
            "empty_text": block.empty_text,
        }
    if isinstance(block, ObjectiveChart):
        actual, pace, target, forecast = block.labels
        return {
            "type": "objective_chart",
            "id": block.id,
            "title": block.title,
            "unit": block.unit,
            "actual": [_point(p) for p in block.actual],
            "pace": [_point(p) for p in block.pace],
            "target": _point(block.target),
            "forecast": _forecast(block.forecast),
            "labels": {"actual": actual, "pace": pace, "target": target, "forecast": forecast},
        }
    return _trend(block)


def _trend(block: TrendChart) -> dict[str, Any]:
    return {
        "type": "trend_chart",
        "id": block.id,
        "title": block.title,
        "unit": block.unit,
        "series": [{"name": s.name, "points": [_point(p) for p in s.points]} for s in block.series],
        "target": block.target,
        "target_label": block.target_label,
    }


def _section(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": section.title,
        "intro": section.intro,
        "blocks": [_block(b) for b in section.blocks],
    }


def report_to_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON-compatible data, following ``report.schema.json``."""
    return {
        "schema_version": report.schema_version,
        "kind": report.kind.value,
        "lang": report.lang,
        "title": report.title,
        "plan": report.plan,
        "period": {
            "label": report.period_label,
            "start": report.period_start.isoformat(),
            "end": report.period_end.isoformat(),
        },
        "as_of": report.as_of.isoformat(),
        "sections": [_section(s) for s in report.sections],
    }


def render_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as a JSON document (UTF-8 text, keys in schema order)."""
    return json.dumps(report_to_data(report), indent=indent, ensure_ascii=False) + "\n"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that :func:`render_json` output follows.

    >>> report_schema()["properties"]["schema_version"]["const"]
    '1.0'
    """
    text = (
        resources.files("socialgoals.reporting").joinpath("report.schema.json").read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
