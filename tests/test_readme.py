"""The README's quick start runs exactly as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def quick_start() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the quick start has exactly one Python block"
    return blocks[0]


def test_readme_quick_start_runs_as_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = compile(quick_start(), str(README), "exec")
    exec(code, {"__name__": "__readme__"})
    out = capsys.readouterr().out
    assert out.startswith("SMART audit: 3 objectives")
    assert "dm-orders" in out
    assert re.search(r"^(on_track|at_risk|off_track) - ", out, re.MULTILINE)
    assert "rule 'sales-lead' matched" in out
    assert "respond by " in out


def test_readme_keeps_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text
    assert "make test" in text
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
