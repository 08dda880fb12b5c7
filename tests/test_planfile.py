"""Plan files: TOML and JSON in and out, located errors."""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import PlanFileError, ValidationError
from socialgoals.plan import Plan
from socialgoals.planfile import dump_plan, dumps_plan, load_plan, loads_plan, plan_format
from socialgoals.testing.strategies import plans

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "worked-examples" / "plan.toml"

GOOD = """
[[business_goals]]
id = "leads"
statement = "More leads"

[[objectives]]
id = "li"
statement = "120 leads from LinkedIn"
category = "lead_generation"
kpis = ["leads"]
serves = "leads"
start = 2026-10-01
deadline = 2026-12-31
"""


@given(plans())
def test_toml_round_trip(plan: Plan) -> None:
    assert loads_plan(dumps_plan(plan, "toml"), "toml") == plan


@given(plans())
def test_json_round_trip(plan: Plan) -> None:
    assert loads_plan(dumps_plan(plan, "json"), "json") == plan


def test_example_round_trips_through_both_formats(tmp_path: Path) -> None:
    plan = load_plan(EXAMPLE)
    for suffix in ("toml", "json"):
        out = tmp_path / f"plan.{suffix}"
        dump_plan(plan, out)
        assert load_plan(out) == plan


def test_unset_fields_are_left_out() -> None:
    data = json.loads(dumps_plan(loads_plan(GOOD), "json"))
    assert "persona" not in data["objectives"][0]
    assert "null" not in dumps_plan(loads_plan(GOOD), "json")


def test_toml_syntax_error_has_the_line() -> None:
    with pytest.raises(PlanFileError) as exc:
        loads_plan('name = "a"\n\n[[objectives]\n', path="p.toml")
    assert exc.value.line == 3
    assert exc.value.path == "p.toml"
    assert str(exc.value).startswith("p.toml:3: invalid TOML")


def test_json_syntax_error_has_the_line() -> None:
    with pytest.raises(PlanFileError) as exc:
        loads_plan('{\n  "name": "a",\n}', "json")
    assert exc.value.line == 3


def test_top_level_must_be_a_table() -> None:
    with pytest.raises(PlanFileError, match="top level"):
        loads_plan("[1, 2]", "json")


def test_content_errors_are_one_validation_error_with_every_problem() -> None:
    bad = GOOD.replace("2026-12-31", "2026-01-01").replace('serves = "leads"', 'serves = "fame"')
    bad += '\n[[objectives]]\nid = "x"\nstatement = "s"\ncategory = "fame"\ncolour = "red"\n'
    with pytest.raises(ValidationError) as exc:
        loads_plan(bad, path="plan.toml")
    text = str(exc.value)
    assert "objectives[1].category: must be one of" in text
    assert "objectives[1]: unknown keys colour" in text


def test_reference_and_date_errors_after_structuring() -> None:
    bad = GOOD.replace("2026-12-31", "2026-01-01").replace('serves = "leads"', 'serves = "fame"')
    with pytest.raises(ValidationError) as exc:
        loads_plan(bad)
    assert exc.value.paths == ["objectives[0].deadline"]
    fixed_dates = GOOD.replace('serves = "leads"', 'serves = "fame"')
    with pytest.raises(ValidationError) as exc:
        loads_plan(fixed_dates)
    assert exc.value.paths == ["objectives[0].serves"]


def test_naive_datetime_in_a_plan_file() -> None:
    with pytest.raises(ValidationError) as exc:
        loads_plan(GOOD.replace("start = 2026-10-01", "start = 2026-10-01T09:00:00"))
    assert exc.value.paths == ["objectives[0].start"]


def test_missing_file_and_bad_suffix(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError) as exc:
        load_plan(tmp_path / "missing.toml")
    assert exc.value.path.endswith("missing.toml")
    with pytest.raises(PlanFileError, match="unknown plan file suffix"):
        plan_format("plan.yaml")
    with pytest.raises(PlanFileError, match="unknown plan format"):
        loads_plan("", "yaml")  # type: ignore[arg-type]
    with pytest.raises(PlanFileError, match="unknown plan format"):
        dumps_plan(Plan(), "yaml")  # type: ignore[arg-type]


def test_dump_format_overrides_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "plan.txt"
    dump_plan(loads_plan(GOOD), out, format="json")
    assert json.loads(out.read_text())["business_goals"][0]["id"] == "leads"


def test_writing_toml_without_tomli_w(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "tomli_w":
            raise ModuleNotFoundError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(PlanFileError, match=r"pip install 'socialgoals\[toml\]'"):
        dumps_plan(Plan(), "toml")
    assert dumps_plan(Plan(), "json").startswith("{")


_KEYS = ["id", "statement", "category", "objectives", "business_goals", "personas", "kpis",
         "baseline", "target", "value", "change_percent", "upper", "start", "deadline",
         "checkpoints", "on", "platforms", "history", "window_days", "segment", "metrics",
         "serves", "direction", "formula", "unit", "stage"]  # fmt: skip
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "x", "reach", "2026-01-01", "increase", "b2b", "instagram", "Bad Id"])
)
_JUNK = st.dictionaries(
    st.sampled_from(_KEYS),
    st.recursive(
        _SCALARS,
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), c, max_size=3),
        max_leaves=6,
    ),
    max_size=6,
)


def _outcome(data: dict[str, Any]) -> Plan | ValidationError:
    try:
        return loads_plan(json.dumps(data), "json")
    except ValidationError as exc:
        return exc


@given(_JUNK)
def test_any_bad_content_is_a_validation_error(data: dict[str, Any]) -> None:
    outcome = _outcome(data)  # any other exception fails the test
    if isinstance(outcome, ValidationError):
        assert outcome.problems
        assert all(p.render() for p in outcome.problems)
    else:
        assert isinstance(outcome, Plan)
