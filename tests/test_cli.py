"""The `socialgoals` command: every sub-command, exit codes, and clean user errors."""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgoals._cli.pipeline import conversation_observations
from socialgoals.cli import build_parser, main
from socialgoals.community import Author, Conversation, Message, MessageKind
from socialgoals.kpi import MetricTable, rollup, standard_catalogue
from socialgoals.model import Platform
from socialgoals.reporting import report_schema
from socialgoals.store import Store
from socialgoals.testing.strategies._community_triage import messages

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "coffee-roaster"
PLAN = str(EXAMPLE / "plan.toml")
DATA = EXAMPLE / "data"
SOURCES = [
    f"meta_instagram_posts:{DATA / 'instagram_posts.csv'}",
    f"meta_ads_daily:{DATA / 'meta_ads_daily.csv'}",
    f"long,campaign_column=campaign:{DATA / 'attribution.csv'}",
    str(DATA / "shop_daily.csv"),
    str(DATA / "inbox.jsonl"),
]

FAILING_PLAN = """
name = "Vague"
[[objectives]]
id = "grow"
statement = "Grow"
category = "awareness"
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "store.db"
    code = main(["import", PLAN, *SOURCES, "--store", str(path), "--quiet",
                 "--sink", f"sqlite:{folder / 'crm.db'}"])  # fmt: skip
    assert code == 0
    return path


def _json_out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


# ------------------------------------------------------------------ audit


def test_audit_passes_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", PLAN]) == 0
    out = capsys.readouterr().out
    assert "SMART audit: 3 objectives" in out
    assert "0 fail" in out


def test_audit_exits_1_when_an_objective_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(FAILING_PLAN, encoding="utf-8")
    assert main(["audit", str(plan)]) == 1
    capsys.readouterr()
    assert main(["audit", str(plan), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)


def test_audit_json_is_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json_out(capsys, ["audit", PLAN, "--json"])
    assert isinstance(data, dict)
    assert [o["objective"] for o in data["objectives"]] == [
        "dm-orders", "ig-engagement", "response-time",
    ]  # fmt: skip


# ------------------------------------------------------------------ kpis and plugins


def test_kpis_json_lists_one_object_per_kpi(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json_out(capsys, ["kpis", "--json"])
    assert isinstance(data, list)
    assert [k["id"] for k in data] == [k.id for k in standard_catalogue()]
    ctr = next(k for k in data if k["id"] == "ctr")
    assert ctr["formula"] == "clicks / impressions x 100"
    assert ctr["unit"] == "percent"


def test_kpis_text_and_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpis", "ctr", "cpa", "--plan", PLAN]) == 0
    out = capsys.readouterr().out
    assert "2 KPIs" in out
    assert "spend / conversions" in out


def test_plugins_json_lists_the_bundled_plugins(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json_out(capsys, ["plugins", "--json"])
    assert isinstance(data, list)
    builtin = next(p for p in data if p["name"] == "socialgoals.adapters.builtin")
    assert "metric source: csv" in builtin["provides"]
    assert "sink: sqlite" in builtin["provides"]


# ------------------------------------------------------------------ import, report


def test_import_is_idempotent(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json_out(capsys, ["import", PLAN, *SOURCES[:1], "--store", str(store), "--json"])
    assert isinstance(data, dict)
    (row,) = data["sources"]
    assert row["inserted"] == 0
    assert row["unchanged"] == 700


def test_monthly_report_in_every_format(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["report", PLAN, "--store", str(store), "--as-of", "2026-06-30"]
    assert main(base) == 0
    text = capsys.readouterr().out
    assert "Monthly performance" in text
    assert "dm-orders" in text
    data = _json_out(capsys, [*base, "--format", "json"])
    jsonschema.validate(data, report_schema())
    assert isinstance(data, dict)
    objectives = data["sections"][0]["blocks"][0]["rows"]
    assert [row[0]["value"] for row in objectives] == [
        "dm-orders",
        "ig-engagement",
        "response-time",
    ]
    assert main([*base, "--format", "md", "--lang", "fr", "--out", str(tmp_path / "r.md")]) == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Performance mensuelle")
    assert main([*base, "--format", "html", "--out", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('data-chart="objective"') == 3


def test_weekly_report_with_the_conversation_log(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json_out(capsys, ["report", PLAN, "--store", str(store), "--kind", "weekly",
                              "--as-of", "2026-06-28", "--format", "json",
                              "--conversations", str(DATA / "inbox.jsonl")])  # fmt: skip
    assert isinstance(data, dict)
    assert [s["id"] for s in data["sections"]] == ["alerts", "top_posts", "escalations", "sla"]
    alerts = data["sections"][0]["blocks"][0]["items"]
    assert any("24 Jun 2026" in a["text"] for a in alerts)  # the viral Reel
    posts = data["sections"][1]["blocks"][0]["rows"]
    assert [p[0]["text"] for p in posts] == ["ig-0097", "ig-0098", "ig-0096"]  # by engagements
    values = [p[2]["value"] for p in posts]
    assert values == sorted(values, reverse=True)


def test_quarterly_report(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json_out(capsys, ["report", PLAN, "--store", str(store), "--kind", "quarterly",
                              "--as-of", "2026-06-30", "--format", "json"])  # fmt: skip
    assert isinstance(data, dict)
    assert data["period"]["label"] == "2026-Q2"
    ids = [s["id"] for s in data["sections"]]
    assert ids == ["outcomes", "drivers", "platforms", "hypotheses"]


def test_triage_and_deliver(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json_out(capsys, ["triage", PLAN, str(DATA / "inbox.jsonl"), "--json"])
    assert isinstance(data, dict)
    assert data["touched"] + data["untouched"] == data["messages"]
    assert data["rules"]["shipping"] > 0
    crm = store.parent / "crm.db"
    first = _json_out(capsys, ["deliver", "--store", str(store), "--sink", f"sqlite:{crm}",
                               "--loop", "--json"])  # fmt: skip
    assert isinstance(first, dict)
    assert first["pending"] == 0
    again = _json_out(capsys, ["deliver", "--store", str(store), "--sink", f"sqlite:{crm}",
                               "--json"])  # fmt: skip
    assert isinstance(again, dict)
    assert again["delivered"] == 0


# ------------------------------------------------------------------ user mistakes


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["audit", "missing.toml"], "missing.toml: no such plan file"),
        (["kpis", "no_such_kpi"], "no_such_kpi"),
        (["report", PLAN, "--as-of", "2026-13-01", "--store", "x.db"], "not a date"),
        (["report", PLAN, "--as-of", "2026-06-30", "--store", "nowhere/x.db"], "no store yet"),
        (["import", PLAN, "missing.csv"], "missing.csv: no such file"),
        (["import", PLAN, "data.xlsx"], "is not a .csv, .json or .jsonl file"),
        (["deliver", "--sink", "sqlite"], "write NAME:ARGUMENT"),
        (["triage", PLAN, "missing.jsonl"], "no such conversation log"),
    ],
)
def test_user_mistakes_print_one_message_and_exit_2(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert err.count("error:") == 1


def test_bad_plan_reports_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[[objectives]]\nid = "x"\nstatement = "y"\ncategory = "nope"\nkpis = ["z"]\n')
    assert main(["audit", str(plan)]) == 2
    err = capsys.readouterr().err
    assert "objectives[0].category" in err
    assert "Traceback" not in err
    syntax = tmp_path / "broken.toml"
    syntax.write_text("name = \n")
    assert main(["audit", str(syntax)]) == 2
    assert "broken.toml:1" in capsys.readouterr().err


def test_argparse_mistakes_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", PLAN, "--kind", "daily"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main([]) == 2


def test_subprocess_user_mistake_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "socialgoals.cli", "audit", str(tmp_path / "nope.toml")],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr.strip()
        == f"socialgoals audit: error: {tmp_path / 'nope.toml'}: no such plan file"
    )


# ------------------------------------------------------------------ docs


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_command_has_a_page_that_names_every_option(name: str) -> None:
    page = ROOT / "docs" / "cli" / f"{name}.md"
    assert page.exists(), f"docs/cli/{name}.md is missing"
    text = page.read_text(encoding="utf-8")
    assert f"socialgoals {name}" in text
    for action in _subcommands()[name]._actions:
        for option in action.option_strings:
            if option not in ("-h", "--help"):
                assert option in text, f"{option} is not documented in docs/cli/{name}.md"
    assert f"({name}.md)" in (ROOT / "docs" / "cli" / "index.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------ conversation metrics


def _threads(count: int) -> st.SearchStrategy[tuple[Conversation, ...]]:
    def thread(i: int) -> st.SearchStrategy[Conversation]:
        found = st.lists(messages(thread_id=f"t{i}", brand=None, texts=st.just("...")), max_size=4)
        return found.map(lambda ms: Conversation(
            f"t{i}", [attrs.evolve(m, id=f"t{i}-m{j}") for j, m in enumerate(ms)]))  # fmt: skip

    return st.tuples(*(thread(i) for i in range(count)))


@settings(max_examples=40)
@given(st.integers(1, 5).flatmap(_threads))
def test_conversation_counts_add_up(convs: tuple[Conversation, ...]) -> None:
    rows = conversation_observations(list(convs), [], tz=UTC, source="log")
    total: dict[str, float] = {}
    for obs in rows:
        total[obs.metric] = total.get(obs.metric, 0.0) + obs.value
        assert obs.source == "log"
    customer = [m for c in convs for m in c.messages if not m.from_brand]
    started = [c for c in convs if any(not m.from_brand for m in c.messages)]
    assert total.get("messages_received", 0) == len(customer)
    assert total.get("conversations", 0) == len(started)
    assert total.get("messages_responded", 0) <= total.get("messages_received", 0)
    assert total.get("first_responses", 0) <= total.get("conversations", 0)
    assert total.get("dm_conversations", 0) <= total.get("conversations", 0)
    assert total.get("first_response_seconds", 0) >= 0
    assert "leads" not in total  # leads come from the CRM, conversation_leads from triage


def test_conversation_metrics_roll_up_into_the_response_kpis() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

    def msg(i: int, minutes: int, *, brand: bool = False, thread: str = "t1") -> Message:
        return Message(id=f"m{i}", platform=Platform.INSTAGRAM, kind=MessageKind.DM,
                       thread_id=thread, author=Author(id="b" if brand else "u", is_brand=brand),
                       text="...", received_at=t0 + timedelta(minutes=minutes))  # fmt: skip

    convs = [
        Conversation("t1", (msg(1, 0), msg(2, 60, brand=True))),
        Conversation("t2", (msg(3, 10, thread="t2"), msg(4, 190, brand=True, thread="t2"))),
        Conversation("t3", (msg(5, 20, thread="t3"),)),
    ]
    table = MetricTable.from_observations(conversation_observations(convs, [], tz=UTC, source="x"))
    r = rollup(table, ["average_first_response_time", "response_rate"])
    assert r.get((), "average_first_response_time") == pytest.approx((3600 + 3 * 3600) / 2)
    assert r.get((), "response_rate") == pytest.approx(200 / 3)


def test_deliver_watch_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    Store(tmp_path / "store.db").close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "socialgoals.cli", "deliver", "--store", str(tmp_path / "store.db"),
         "--sink", f"sqlite:{tmp_path / 'crm.db'}", "--watch"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "crm.db").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "stopped" in err
    assert "Traceback" not in err
