"""The bundled examples: deterministic generators, plans that pass the audit, the demo."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from socialgoals.cli import main
from socialgoals.objectives.reasons import Verdict
from socialgoals.planfile import load_plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = ["coffee-roaster", "b2b-saas"]


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{path.parent.name}_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("name", NAMES)
def test_generator_is_deterministic_and_matches_the_committed_data(
    name: str, tmp_path: Path
) -> None:
    generator = _module(EXAMPLES / name / "generate.py")
    generator.generate(tmp_path / "a")
    generator.generate(tmp_path / "b")
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert first == _files(EXAMPLES / name / "data"), "run generate.py and commit its output"
    assert sum(len(v) for v in first.values()) < 2_000_000
    generator.generate(tmp_path / "c", seed=99)
    assert _files(tmp_path / "c") != first


@pytest.mark.parametrize("name", NAMES)
def test_plan_passes_the_smart_audit(name: str) -> None:
    plan = load_plan(EXAMPLES / name / "plan.toml")
    report = plan.audit()
    assert report.counts()[Verdict.FAIL] == 0, report.to_text()
    assert plan.community is not None


@pytest.mark.parametrize("name", NAMES)
def test_conversation_logs_are_french_and_english(name: str) -> None:
    lines = (EXAMPLES / name / "data" / "inbox.jsonl").read_text(encoding="utf-8").splitlines()
    languages = {json.loads(line)["language"] for line in lines}
    assert languages == {"en", "fr"}


def test_coffee_roaster_demo_runs_end_to_end(tmp_path: Path) -> None:
    demo = _module(EXAMPLES / "coffee-roaster" / "demo.py")
    html = demo.run(tmp_path / "demo", quiet=True)
    page = html.read_text(encoding="utf-8")
    assert page.count('data-chart="objective"') == 3
    assert "Brûlerie du Canal" in page
    assert (tmp_path / "demo" / "crm.db").exists()


def test_b2b_saas_pipeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = EXAMPLES / "b2b-saas"
    data = folder / "data"
    plan = str(folder / "plan.toml")
    store = str(tmp_path / "store.db")
    sources = [
        f"linkedin_page_metrics:{data / 'linkedin_page_metrics.csv'}",
        f"linkedin_followers:{data / 'linkedin_followers.csv'}",
        f"long,campaign_column=campaign:{data / 'linkedin_ads.csv'}",
        str(data / "crm_leads.csv"),
        str(data / "inbox.jsonl"),
    ]
    assert main(["import", plan, *sources, "--store", store, "--quiet"]) == 0
    capsys.readouterr()
    assert (
        main(["report", plan, "--store", store, "--as-of", "2026-06-30", "--format", "json"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    rows = report["sections"][0]["blocks"][0]["rows"]
    status = {row[0]["value"]: row[-1]["value"] for row in rows}
    assert status == {
        "li-leads": "achieved",
        "webinar-signups": "achieved",
        "webinar-cpa": "achieved",
        "li-engagement": "on_track",
    }
