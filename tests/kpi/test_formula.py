from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import ValidationError
from socialgoals.kpi import (
    Const,
    Difference,
    Expr,
    KPIRef,
    Metric,
    Product,
    Ratio,
    Sum,
    Undefined,
    parse_formula,
)
from socialgoals.testing.strategies._kpi import formulas, metric_values

NAMES = ("impressions", "reach", "likes", "comments", "clicks", "spend")


@given(formulas())
def test_render_parse_round_trip(expr: Expr) -> None:
    assert parse_formula(expr.render()) == expr


@given(formulas(), metric_values())
def test_evaluation_is_finite_or_undefined(expr: Expr, values: dict[str, float]) -> None:
    result = expr.evaluate(values)
    assert isinstance(result, Undefined) or (isinstance(result, float) and math.isfinite(result))


@given(formulas(), st.lists(metric_values(), min_size=1, max_size=5))
def test_columns_agree_with_scalar_evaluation(expr: Expr, groups: list[dict[str, float]]) -> None:
    cols = {n: [g.get(n) for g in groups] for n in NAMES}
    column = expr.columns(cols, len(groups), None)
    for value, group in zip(column, groups, strict=True):
        scalar = expr.evaluate(group)
        if isinstance(scalar, Undefined):
            assert value is None
        else:
            assert value == pytest.approx(scalar, rel=1e-12, abs=1e-300)


def test_ratio_columns_blank_every_zero_or_missing_denominator() -> None:
    num: list[float | None] = [1.0, None, 3.0, 4.0, 0.0, 5.0, 6.0, None, 8.0]
    den: list[float | None] = [0.0, 2.0, -0.0, 4.0, None, 0.0, 3.0, None, 2.0]
    cols = {"likes": num, "reach": den}
    before = (list(num), list(den))
    column = Ratio(Metric("likes"), Metric("reach"), 100).columns(cols, len(num), None)
    assert column == [None, None, None, 100.0, None, None, 200.0, None, 400.0]
    assert (num, den) == before  # the stand-ins went into copies, not the inputs


def test_parser_builds_the_algebra() -> None:
    likes, comments, reach = Metric("likes"), Metric("comments"), Metric("reach")
    assert parse_formula("likes + comments") == Sum((likes, comments))
    assert parse_formula("likes - comments - reach") == Difference(
        Difference(likes, comments), reach
    )
    assert parse_formula("likes * 2") == Product((likes, Const(2)))
    assert parse_formula("(likes + comments) / reach x 100") == Ratio(
        Sum((likes, comments)), reach, 100
    )
    assert parse_formula("likes / reach * 1000") == Ratio(likes, reach, 1000)
    assert parse_formula("likes / reach \u00d7 100") == Ratio(likes, reach, 100)
    assert parse_formula("kpi:ctr * -2") == Product((KPIRef("ctr"), Const(-2)))
    assert parse_formula("1.5e3 + .5") == Sum((Const(1500), Const(0.5)))
    assert str(Product((KPIRef("ctr"), Const(-2)))) == "kpi:ctr * (-2)"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "likes +", "(likes", "likes)", "likes / / reach", "__import__('os')",
     "likes ** 2", "Likes", "- likes", "likes reach", "a; b", "1 +" * 900],
)  # fmt: skip
def test_parser_rejects_bad_text(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_formula(text)
    assert info.value.paths == ["formula"]


def test_parser_rejects_deep_nesting() -> None:
    with pytest.raises(ValidationError, match="too deeply"):
        parse_formula("(" * 60 + "likes" + ")" * 60)


def test_ratio_semantics() -> None:
    ratio = parse_formula("clicks / impressions x 100")
    assert ratio.evaluate({"clicks": 5.0, "impressions": 200.0}) == 2.5
    assert ratio.evaluate({"clicks": 5.0, "impressions": 0.0}) == Undefined(
        "denominator impressions is zero"
    )
    assert ratio.evaluate({"impressions": 10.0}) == Undefined("no data for metric clicks")
    huge = parse_formula("clicks / impressions")
    assert huge.evaluate({"clicks": 1e308, "impressions": 1e-10}) == Undefined(
        "result is not a finite number"
    )


def test_kpi_ref_without_resolver_is_an_error() -> None:
    with pytest.raises(ValidationError, match="no catalogue"):
        parse_formula("kpi:ctr").evaluate({})


def test_bad_nodes() -> None:
    with pytest.raises(ValidationError):
        Const(math.inf)
    with pytest.raises(ValidationError):
        Ratio(Metric("a"), Metric("b"), 0)
    with pytest.raises(ValidationError):
        Sum((Metric("a"),))
    with pytest.raises(TypeError):
        Metric("a") + "b"  # type: ignore[operator]


def test_operators_with_numbers() -> None:
    likes = Metric("likes")
    assert 1 + likes == Sum((Const(1), likes))
    assert 10 - likes == Difference(Const(10), likes)
    assert 3 * likes == Product((Const(3), likes))
    assert 1 / likes == Ratio(Const(1), likes)
    assert (likes + 1 + 2).render() == "likes + 1 + 2"
    assert likes.metrics() == {"likes"}
    assert parse_formula("kpi:a + kpi:b * likes").refs() == {"a", "b"}
