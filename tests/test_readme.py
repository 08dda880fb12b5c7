"""The README's quick start runs exactly as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
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


def console_quick_start() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the quick start has exactly one console block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_readme_command_line_quick_start_runs_as_written() -> None:
    commands = console_quick_start()
    assert [c.split()[:2] for c in commands] == [
        ["socialgoals", "audit"],
        ["socialgoals", "import"],
        ["socialgoals", "report"],
    ]
    executable = Path(sys.executable).with_name("socialgoals")
    (ROOT / "build" / "quickstart.db").unlink(missing_ok=True)
    (ROOT / "build" / "quickstart-report.html").unlink(missing_ok=True)
    for command in commands:
        argv = [str(executable), *shlex.split(command)[1:]]
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert "Traceback" not in done.stderr
    html = (ROOT / "build" / "quickstart-report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "<svg" in html
