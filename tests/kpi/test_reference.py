from __future__ import annotations

from pathlib import Path

from socialgoals.kpi import standard_catalogue
from socialgoals.kpi.reference import render_reference

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "kpis.md"


def test_reference_page_matches_the_catalogue() -> None:
    assert PAGE.read_text(encoding="utf-8") == render_reference(), (
        "docs/reference/kpis.md is stale: run "
        "`python -m socialgoals.kpi.reference > docs/reference/kpis.md`"
    )


def test_every_kpi_is_documented() -> None:
    page = render_reference()
    for kpi in standard_catalogue():
        assert f"| `{kpi.id}` | {kpi.label} | `{kpi.formula_text}` |" in page
        assert f"- `{kpi.id}`: {kpi.description}" in page
    for metric in standard_catalogue().metrics:
        assert f"| `{metric}` |" in page
