"""Every renderer shows every block of the report; JSON follows the published schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgoals.reporting import (
    SCHEMA_VERSION,
    Report,
    render_html,
    render_json,
    render_markdown,
    render_text,
    report_schema,
    report_to_data,
)
from socialgoals.testing.strategies._reporting import reports

MakeReport = Callable[..., Report]
VALIDATOR = jsonschema.Draft202012Validator(report_schema())


def _texts(report: Report) -> list[str]:
    """Every title and cell text a reader must see, whatever the format."""
    found = [report.title, report.plan]
    for section in report.sections:
        found.append(section.title)
        for block in section.blocks:
            found.append(block.title)
            for row in getattr(block, "rows", ()):
                found.extend(cell.text for cell in row)
    return [t for t in found if t.strip()]


def test_json_output_validates_against_the_schema(make_report: MakeReport) -> None:
    data = json.loads(render_json(make_report("fr")))
    VALIDATOR.validate(data)
    assert data["schema_version"] == SCHEMA_VERSION
    kinds = [b["type"] for s in data["sections"] for b in s["blocks"]]
    assert set(kinds) == {"table", "figures", "callouts", "list", "objective_chart", "trend_chart"}


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(report_schema())


def test_schema_rejects_what_it_must(make_report: MakeReport) -> None:
    data = report_to_data(make_report())
    data["sections"][0]["blocks"][0]["type"] = "pie"
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(data)


@settings(max_examples=30)
@given(reports())
def test_any_report_renders_everywhere(report: Report) -> None:
    """JSON follows the schema, text and Markdown show every text, HTML draws every chart."""
    VALIDATOR.validate(report_to_data(report))
    md = render_markdown(report)
    text = render_text(report, width=400)
    for needle in _texts(report):
        assert needle in md or needle.replace("|", "\\|") in md
        assert needle in text
    page = render_html(report)
    assert page.count("<svg") == len(report.charts())
    assert "<script" not in page
    for chart in report.charts():
        assert f'data-chart-id="{chart.id}"' in page


def test_html_is_self_contained(make_report: MakeReport) -> None:
    page = render_html(make_report("en", hostile=" <script>alert(1)</script>"))
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # no external resource: nothing is fetched when the page is opened
    for marker in ("src=", "href=", "@import", "url("):
        assert marker not in page, marker


def test_markdown_layout(make_report: MakeReport) -> None:
    md = render_markdown(make_report("fr"))
    assert md.startswith("# Monthly performance\n")
    assert "Période: 2026-02 (1 févr. 2026 - 28 févr. 2026)" in md
    assert "| Objective | Current | Target | Status |\n| --- | ---: | ---: | --- |" in md
    assert "- 🔴 Volume spike" in md
    assert "_Nothing to report_" in md
    assert "**DM -> order rate**: actual ▁▃▂▆█ 11,2" in md


def test_text_uses_rich_tables(make_report: MakeReport) -> None:
    text = render_text(make_report("en"), width=100)
    assert "┃ Objective" in text
    assert "Reach (weekly): instagram ▁▃▅▄█ 7,000" in text
    assert "\x1b[" not in text
    assert "\x1b[" in render_text(make_report("en"), width=100, color=True)


def test_report_to_data_dates_and_period(make_report: MakeReport) -> None:
    data = report_to_data(make_report())
    assert data["period"] == {"label": "2026-02", "start": "2026-02-01", "end": "2026-03-01"}
    assert data["as_of"] == date(2026, 2, 28).isoformat()
    chart = data["sections"][0]["blocks"][1]
    assert chart["forecast"] == {"at": "2026-06-30", "value": 12.4, "low": 11.1, "high": 13.6}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_html_lang_attribute(make_report: MakeReport, lang: str) -> None:
    assert f'<html lang="{lang}">' in render_html(make_report(lang))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rendering_is_deterministic(make_report: MakeReport, lang: str) -> None:
    for render in (render_html, render_markdown, render_json, render_text):
        assert render(make_report(lang)) == render(make_report(lang))


@settings(max_examples=5)
@given(st.from_type(Report))
def test_reports_are_registered_for_from_type(report: Report) -> None:
    assert isinstance(report, Report)
    VALIDATOR.validate(report_to_data(report))
