"""Target setting: ordering, sources and rationale."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.converters import structure, unstructure
from socialgoals.errors import ValidationError
from socialgoals.objectives import (
    Ambition,
    Baseline,
    CompetitorSample,
    HistoryPoint,
    TargetProposals,
    growth_per_30_days,
    propose_targets,
)

values = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


def history(*points: float, step: int = 30) -> tuple[HistoryPoint, ...]:
    return tuple(
        HistoryPoint(date(2026, 1, 1) + timedelta(days=step * i), v) for i, v in enumerate(points)
    )


@st.composite
def sources(draw: st.DrawFn) -> dict[str, object]:
    found: dict[str, object] = {}
    if draw(st.booleans()):
        found["history"] = history(*draw(st.lists(values, min_size=2, max_size=5)))
    if draw(st.booleans()):
        found["benchmark"] = draw(values)
    if draw(st.booleans()) or not found:
        found["competitors"] = CompetitorSample(
            tuple(draw(st.lists(values, min_size=3, max_size=6)))
        )
    return found


@given(values, st.booleans(), sources())
def test_proposals_are_ordered(base: float, up: bool, found: dict[str, object]) -> None:
    proposals = propose_targets(base, higher_is_better=up, **found)  # type: ignore[arg-type]
    for horizon in (90, 180):
        c, e, s = (proposals.get(a, horizon).value for a in Ambition)
        if up:
            assert c <= e <= s
            assert c >= base
        else:
            assert c >= e >= s
            assert c <= base
            assert s >= 0


def test_history_growth_sets_expected_and_stretch() -> None:
    base = Baseline(1210.0, history=history(1000, 1100))
    p = propose_targets(base, horizons=(90,))
    # growth +10%/30 days: expected +30% over 90 days, conservative half of it
    assert p.get(Ambition.EXPECTED, 90).value == pytest.approx(1210 * 1.3)
    assert p.get(Ambition.CONSERVATIVE, 90).value == pytest.approx(1210 * 1.15)
    assert "average growth (+10.0%/30 days)" in p.get(Ambition.EXPECTED, 90).rationale


def test_decreasing_kpi_moves_down() -> None:
    p = propose_targets(6.0, higher_is_better=False, benchmark=2.0, horizons=(180,))
    assert [round(x.value, 2) for x in p.proposals] == [4.0, 2.0, 0.0]


def test_level_already_beaten_holds_the_baseline() -> None:
    p = propose_targets(5.0, benchmark=3.0, horizons=(90,))
    assert {x.value for x in p.proposals} == {5.0}
    assert "hold" in p.proposals[0].rationale


def test_competitor_mean_and_minimum_size() -> None:
    assert CompetitorSample((1.0, 2.0, 3.0)).mean == 2.0
    with pytest.raises(ValidationError) as exc:
        CompetitorSample((1.0, 2.0))
    assert exc.value.problems[0].code == "too_few_competitors"
    with pytest.raises(ValidationError, match="must name each"):
        CompetitorSample((1.0, 2.0, 3.0), names=("a",))


def test_no_source_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="no source to set targets from"):
        propose_targets(10.0)
    with pytest.raises(ValidationError, match="no source"):
        propose_targets(0.0, history=history(0, 5))


def test_bad_horizon() -> None:
    with pytest.raises(ValidationError) as exc:
        propose_targets(1.0, benchmark=2.0, horizons=(0, 90))
    assert exc.value.paths == ["horizons[0]"]


def test_growth_per_30_days_skips_zero_starts() -> None:
    assert growth_per_30_days(history(0, 10, 20)) == [pytest.approx(1.0)]
    assert growth_per_30_days(history(10, 5), higher_is_better=False) == [pytest.approx(0.5)]


def test_text_and_target() -> None:
    p = propose_targets(2.0, competitors=CompetitorSample((2.4, 3.0, 3.6)))
    assert p.horizons == (90, 180)
    assert "competitor mean 3" in p.to_text()
    assert p.get(Ambition.STRETCH, 180).as_target().value == pytest.approx(3.5)
    with pytest.raises(KeyError):
        p.get(Ambition.STRETCH, 30)


@given(values, st.booleans(), sources())
def test_proposals_round_trip_through_the_converter(
    base: float, up: bool, found: dict[str, object]
) -> None:
    proposals = propose_targets(base, higher_is_better=up, **found)  # type: ignore[arg-type]
    assert structure(unstructure(proposals), TargetProposals) == proposals
    sample = found.get("competitors")
    if isinstance(sample, CompetitorSample):
        assert structure(unstructure(sample), CompetitorSample) == sample
