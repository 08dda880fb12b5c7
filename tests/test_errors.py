"""The error hierarchy: builtin bases, context, aggregation, pickling."""

from __future__ import annotations

import pickle

import pytest

from socialgoals import errors
from socialgoals.errors import (
    MISSING,
    BadRowError,
    DuplicateIdError,
    KPICycleError,
    PlanFileError,
    PluginHookError,
    Problem,
    SocialGoalsError,
    TransientDeliveryError,
    UnknownMetricError,
    ValidationError,
    check,
)


def test_every_error_subclasses_the_base_and_a_builtin() -> None:
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception) and obj is not SocialGoalsError:
            assert issubclass(obj, SocialGoalsError), name
            builtin_bases = [b for b in obj.__mro__ if b.__module__ == "builtins"]
            assert len(builtin_bases) > 2, f"{name} has no builtin base besides Exception"


def test_problem_render_and_prefix() -> None:
    p = Problem("value", -1, "must be > 0", code="not_positive")
    assert p.render() == "value: must be > 0 (got -1)"
    assert p.prefixed("target").path == "target.value"
    assert Problem("[2]", 1, "x").prefixed("items").path == "items[2]"
    assert Problem("", 1, "x").prefixed("root").path == "root"
    assert Problem("", MISSING, "is required").render() == "is required"
    assert "x" * 80 not in Problem("p", "x" * 200, "too long").render()


def test_problem_equality_ignores_the_value() -> None:
    assert Problem("a", 1, "m") == Problem("a", 2, "m")
    assert len({Problem("a", 1, "m"), Problem("a", 2, "m")}) == 1
    assert Problem("a", 1, "m") != "a"


def test_validation_error_lists_every_problem() -> None:
    err = ValidationError([Problem("a", 1, "bad"), Problem("b", 2, "worse")])
    assert str(err).splitlines() == ["2 problems:", "  a: bad (got 1)", "  b: worse (got 2)"]
    assert err.paths == ["a", "b"]
    single = ValidationError("must be > 0", path="x", value=0)
    assert str(single) == "x: must be > 0 (got 0)"
    assert single.problems[0].code == "invalid"
    assert DuplicateIdError("dup").problems[0].code == "duplicate_id"


def test_prefixed_keeps_the_class() -> None:
    err = DuplicateIdError([Problem("id", "a", "dup")]).prefixed("goals[1]")
    assert isinstance(err, DuplicateIdError)
    assert err.paths == ["goals[1].id"]


def test_validation_errors_pickle() -> None:
    err = DuplicateIdError([Problem("id", "a", "dup", code="duplicate_id")])
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is DuplicateIdError
    assert back.problems == err.problems


def test_context_attributes() -> None:
    assert PlanFileError("bad", path="p.toml", line=3).line == 3
    assert str(PlanFileError("bad", path="p.toml")) == "p.toml: bad"
    assert str(UnknownMetricError("x", ["a"])) == "unknown metric or KPI 'x' (referenced by a -> x)"
    assert KPICycleError(["a", "b", "a"]).chain == ("a", "b", "a")
    assert str(BadRowError("bad value", file="f.csv", line=2, column="v")) == (
        "f.csv:2, column 'v': bad value"
    )
    assert PluginHookError("boom", plugin="p", hook="h").hook == "h"
    assert TransientDeliveryError("later", retry_after=3.0).retry_after == 3.0


def test_check() -> None:
    check([])
    with pytest.raises(DuplicateIdError):
        check([Problem("a", 1, "dup")], DuplicateIdError)


def test_missing_is_a_falsy_singleton() -> None:
    assert not MISSING
    assert repr(MISSING) == "MISSING"
    assert type(MISSING)() is MISSING
