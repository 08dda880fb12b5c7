from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import ValidationError
from socialgoals.kpi import MetricTable, Undefined
from socialgoals.model import Direction, ObjectiveCategory
from socialgoals.objectives import Baseline, Checkpoint, Objective, Target
from socialgoals.tracking import (
    Pace,
    SeriesPoint,
    Status,
    kpi_series,
    linear_forecast,
    t_quantile_90,
    track,
)

START = date(2026, 1, 1)


def day(n: int) -> date:
    return START + timedelta(days=n)


def followers(**kw: object) -> Objective:
    fields: dict[str, object] = {
        "kpis": ("followers",),
        "baseline": Baseline(5000),
        "target": Target(value=6000),
        "start": START,
        "deadline": day(90),
    }
    fields.update(kw)
    return Objective("x-followers", "X followers in the target audience 5,000 -> 6,000",
                     ObjectiveCategory.AWARENESS, **fields)  # type: ignore[arg-type]  # fmt: skip


def response_time() -> Objective:
    return Objective(
        "response-time", "Average response time 6 h -> under 2 h",
        ObjectiveCategory.CUSTOMER_SERVICE,
        kpis=("average_first_response_time",), direction=Direction.DECREASE,
        baseline=Baseline(6.0), target=Target(value=2.0), start=START, deadline=day(30),
    )  # fmt: skip


def cpa_cap() -> Objective:
    return Objective(
        "webinar-cpa", "CPA under 8 EUR for the webinar sign-ups",
        ObjectiveCategory.LEAD_GENERATION,
        kpis=("cpa",), direction=Direction.STAY_WITHIN, target=Target(upper=8.0),
        start=date(2026, 9, 1), deadline=date(2026, 9, 30),
    )  # fmt: skip


def test_followers_halfway_behind_linear_pace() -> None:
    p = track(followers(), [(day(45), 5400.0)], as_of=day(45))
    assert p.expected == 5500.0
    assert p.gap_to_pace == -100.0
    assert p.progress == pytest.approx(0.4)
    assert p.pace is Pace.LINEAR
    assert p.status is Status.AT_RISK  # 80% of the expected progress
    assert isinstance(p.probability, Undefined)  # two points leave no spread to estimate
    far_behind = track(followers(), [(day(45), 5200.0)], as_of=day(45))
    assert far_behind.status is Status.OFF_TRACK
    ahead = track(followers(), [(day(45), 5600.0)], as_of=day(45))
    assert ahead.status is Status.ON_TRACK
    assert ahead.gap_to_pace == 100.0


def test_followers_trend_forecast() -> None:
    points = [(day(d), 5000.0 + 9.0 * d) for d in range(0, 46, 5)]  # 9 a day: 5,810 at day 90
    p = track(followers(), points, as_of=day(45))
    assert p.forecast is not None
    assert p.forecast.value == pytest.approx(5810.0)
    assert p.forecast.spread == pytest.approx(0.0, abs=1e-9)
    assert p.probability == 0.0
    assert p.status is Status.AT_RISK  # the trend covers 81% of the distance
    noisy = [(d, v + (25.0 if i % 2 else -25.0)) for i, (d, v) in enumerate(points)]
    q = track(followers(), noisy, as_of=day(45))
    assert q.forecast is not None
    assert q.forecast.low < q.forecast.value < q.forecast.high
    assert 0.0 < q.probability < 0.5  # type: ignore[operator]


def test_compound_pace_for_relative_targets() -> None:
    o = followers(target=Target(change_percent=20))
    p = track(o, [(day(45), 5480.0)], as_of=day(45))
    assert p.pace is Pace.COMPOUND
    assert p.target == pytest.approx(6000.0)
    assert p.expected == pytest.approx(5000 * 1.2**0.5)
    linear = track(o, [(day(45), 5480.0)], as_of=day(45), pace=Pace.LINEAR)
    assert linear.expected == pytest.approx(5500.0)


def test_response_time_decrease() -> None:
    o = response_time()
    mid = track(o, [(day(15), 3.5)], as_of=day(15))
    assert mid.expected == 4.0
    assert mid.gap_to_pace == 0.5  # half an hour ahead of the pace
    assert mid.progress == pytest.approx(2.5 / 4)
    assert mid.status is Status.ON_TRACK
    slow = track(o, [(day(15), 5.5)], as_of=day(15))
    assert slow.status is Status.OFF_TRACK
    assert track(o, [(day(20), 1.8)], as_of=day(20)).status is Status.ACHIEVED
    assert track(o, [(day(29), 2.5)], as_of=day(31)).status is Status.MISSED


def test_cpa_stay_within() -> None:
    o = cpa_cap()
    on = track(
        o, [(date(2026, 9, d), 7.0 + d / 100) for d in range(1, 10)], as_of=date(2026, 9, 10)
    )
    assert on.status is Status.ON_TRACK
    assert isinstance(on.target, Undefined)
    assert on.probability > 0.5  # type: ignore[operator]
    drifting = track(
        o, [(date(2026, 9, d), 6.0 + d / 4) for d in range(1, 6)], as_of=date(2026, 9, 6)
    )
    assert drifting.status is Status.AT_RISK
    over = track(o, [(date(2026, 9, 5), 8.4)], as_of=date(2026, 9, 6))
    assert over.status is Status.OFF_TRACK
    assert track(o, [(date(2026, 9, 29), 7.9)], as_of=date(2026, 10, 2)).status is Status.ACHIEVED
    assert track(o, [(date(2026, 9, 29), 8.1)], as_of=date(2026, 10, 2)).status is Status.MISSED


def test_webinar_sign_ups_from_a_table() -> None:
    o = Objective(
        "webinar", "100 webinar sign-ups from LinkedIn Ads in September",
        ObjectiveCategory.LEAD_GENERATION, kpis=("form_submissions",),
        baseline=Baseline(0.0), target=Target(value=100), start=date(2026, 9, 1),
        deadline=date(2026, 9, 30),
    )  # fmt: skip
    rows = [(date(2026, 9, d), "linkedin", 4.0) for d in range(1, 16)]
    rows += [(date(2026, 9, 3), "instagram", 50.0)]
    table = MetricTable.from_wide(rows, columns=["date", "platform", "form_submissions"])
    series = kpi_series(table, "form_submissions", start=o.start, end=date(2026, 10, 1),  # type: ignore[arg-type]
                        cumulative=True, where={"platform": "linkedin"})  # fmt: skip
    assert series[-1] == (date(2026, 9, 15), 60.0)
    p = track(o, series, as_of=date(2026, 9, 15))
    assert p.current == 60.0
    assert p.forecast is not None
    assert p.forecast.value == pytest.approx(4.0 * 29, rel=0.05)
    assert p.status is Status.ON_TRACK


def test_engagement_rate_from_rolling_windows() -> None:
    o = Objective(
        "ig-er", "Instagram engagement rate 2.0% -> 2.6%", ObjectiveCategory.ENGAGEMENT,
        kpis=("engagement_rate",), baseline=Baseline(2.0), target=Target(value=2.6),
        start=date(2026, 3, 1), deadline=date(2026, 4, 30),
    )  # fmt: skip
    first = date(2026, 1, 1)
    days = [first + timedelta(days=d) for d in range(90)]
    rows = [(d, 1000.0, 20.0 if d < date(2026, 3, 1) else 25.0, 0.0, 0.0) for d in days]
    table = MetricTable.from_wide(
        rows, columns=["date", "impressions", "likes", "comments", "shares"]
    )
    series = kpi_series(table, "engagement_rate", start=date(2026, 3, 1), end=date(2026, 3, 31),
                        window_days=30)  # fmt: skip
    assert series[0][1] == pytest.approx((29 * 20 + 25) / 30 / 10)
    assert series[-1][1] == pytest.approx(2.5)
    p = track(o, series, as_of=date(2026, 3, 30))
    assert p.current == pytest.approx(2.5)
    assert p.status is Status.ON_TRACK


def test_not_started_and_no_data() -> None:
    assert track(followers(), [], as_of=day(-3)).status is Status.NOT_STARTED
    empty = track(
        followers(), [(day(5), Undefined("denominator impressions is zero"))], as_of=day(10)
    )
    assert empty.status is Status.NO_DATA
    assert isinstance(empty.current, Undefined)
    future_only = track(followers(), [(day(20), 5900.0)], as_of=day(10))
    assert future_only.status is Status.NO_DATA


def test_baseline_defaults_to_first_value() -> None:
    o = followers(baseline=None)
    p = track(o, [(day(0), 5000.0), (day(45), 5500.0)], as_of=day(45))
    assert p.baseline == 5000.0
    assert p.status is Status.ON_TRACK


def test_checkpoints() -> None:
    o = followers(checkpoints=(Checkpoint(day(30), 5300.0), Checkpoint(day(60), 5650.0)))
    p = track(o, [(day(29), 5320.0), (day(45), 5400.0)], as_of=day(45))
    first, second = p.checkpoints
    assert first.met is True
    assert first.actual == 5320.0
    assert second.met is None
    assert isinstance(second.actual, Undefined)
    late = track(o, [(day(45), 5400.0)], as_of=day(61))
    assert late.checkpoints[0].met is None
    assert late.checkpoints[1].met is False


def test_tracking_needs_dates_and_target() -> None:
    o = Objective("vague", "More followers", ObjectiveCategory.AWARENESS, kpis=("followers",))
    with pytest.raises(ValidationError, match="start, deadline, target"):
        track(o, [], as_of=START)
    with pytest.raises(ValidationError):
        track(followers(), [("yesterday", 3.0)], as_of=START)  # type: ignore[list-item]


def test_forecast_helpers() -> None:
    assert linear_forecast([0, 1], [1.0, 2.0], at=5) is None
    assert linear_forecast([1, 1, 1], [1.0, 2.0, 3.0], at=5) is None
    assert t_quantile_90(31) == pytest.approx(1.309, abs=2e-3)
    with pytest.raises(ValueError, match="degrees"):
        t_quantile_90(0)
    f = linear_forecast([0, 1, 2, 3, 4], [0.0, 1.0, 2.5, 2.5, 4.0], at=8)
    assert f is not None
    assert f.probability_at_least(f.value) == pytest.approx(0.5)
    assert f.probability_at_least(f.low) == pytest.approx(0.9, abs=1e-6)
    assert f.probability_at_most(f.high) == pytest.approx(0.9, abs=1e-6)
    assert f.probability_within(f.low, f.high) == pytest.approx(0.8, abs=1e-6)


values = st.floats(min_value=4000, max_value=7000, allow_nan=False)


@given(st.lists(values, min_size=1, max_size=8), st.floats(min_value=0, max_value=2000),
       st.integers(min_value=10, max_value=89))  # fmt: skip
def test_status_is_monotonic_in_the_observed_value(
    history: list[float], bump: float, as_of: int
) -> None:
    step = max(1, as_of // len(history))
    points = [SeriesPoint(day(min(i * step + 1, as_of)), v) for i, v in enumerate(history)]
    points = list({p.on: p for p in points}.values())
    better = [*points[:-1], SeriesPoint(points[-1].on, points[-1].value + bump)]
    for objective, sign in ((followers(), 1.0), (response_time_like(), -1.0)):
        worse_points = points if sign > 0 else better
        better_points = better if sign > 0 else points
        a = track(objective, worse_points, as_of=day(as_of))
        b = track(objective, better_points, as_of=day(as_of))
        assert a.status.rank is not None
        assert b.status.rank is not None
        assert b.status.rank <= a.status.rank, (a, b)


def response_time_like() -> Objective:
    return Objective(
        "cost", "Cost per lead 6,000 -> 5,000", ObjectiveCategory.CONVERSION, kpis=("cpl",),
        direction=Direction.DECREASE, baseline=Baseline(6000), target=Target(value=5000),
        start=START, deadline=day(90),
    )  # fmt: skip


@given(st.lists(st.tuples(st.integers(0, 89), values), min_size=0, max_size=10),
       st.integers(min_value=-5, max_value=100))  # fmt: skip
def test_tracking_is_deterministic_and_never_nan(
    points: list[tuple[int, float]], as_of: int
) -> None:
    series = [(day(d), v) for d, v in points]
    a = track(followers(), series, as_of=day(as_of))
    b = track(followers(), list(reversed(series)), as_of=day(as_of))
    if len({d for d, _ in points}) == len(points):
        assert a == b
    for value in (a.current, a.progress, a.expected, a.gap_to_pace, a.probability):
        assert isinstance(value, Undefined) or math.isfinite(value)


def test_csat_stays_above_90_percent() -> None:
    o = Objective(
        "messenger-csat", "CSAT above 90% on Messenger for 6 months",
        ObjectiveCategory.CUSTOMER_SERVICE, kpis=("csat",), direction=Direction.STAY_WITHIN,
        target=Target(lower=90.0), start=date(2026, 1, 1), deadline=date(2026, 6, 30),
    )  # fmt: skip
    steady = [(date(2026, m, 28), 92.0 + (m % 2)) for m in range(1, 5)]
    assert track(o, steady, as_of=date(2026, 4, 30)).status is Status.ON_TRACK
    sliding = [(date(2026, m, 28), 97.0 - 2 * m) for m in range(1, 4)]
    assert track(o, sliding, as_of=date(2026, 3, 30)).status is Status.AT_RISK
    assert track(o, [(date(2026, 2, 1), 88.0)], as_of=date(2026, 2, 2)).status is Status.OFF_TRACK


def test_monthly_reach_20k_to_50k_from_daily_reach() -> None:
    o = Objective(
        "monthly-reach", "Monthly reach 20k -> 50k in 90 days", ObjectiveCategory.AWARENESS,
        kpis=("reach",), baseline=Baseline(20_000), target=Target(value=50_000),
        start=date(2026, 4, 1), deadline=date(2026, 6, 30),
    )  # fmt: skip
    first = date(2026, 3, 1)

    def series_for(growth: float) -> list[tuple[date, float | Undefined]]:
        daily = [(first + timedelta(days=d), "ig", 20_000 / 30 + growth * d) for d in range(75)]
        table = MetricTable.from_wide(daily, columns=["date", "platform", "reach"])
        return kpi_series(table, "reach", start=date(2026, 4, 1), end=date(2026, 5, 15),
                          window_days=30)  # fmt: skip

    fast = series_for(12.0)  # the 30-day reach grows by 360 a day
    assert fast[0][0] == date(2026, 4, 1)
    assert fast[0][1] == pytest.approx(sum(20_000 / 30 + 12.0 * d for d in range(2, 32)))
    p = track(o, fast, as_of=date(2026, 5, 14))
    assert p.status is Status.ON_TRACK
    assert p.gap_to_pace == pytest.approx(41_420 - (20_000 + 30_000 * 43 / 90))
    slow = track(o, series_for(6.0), as_of=date(2026, 5, 14))  # 180 a day: about 37k at the end
    assert slow.status is Status.OFF_TRACK
    assert slow.gap_to_pace < 0  # type: ignore[operator]


def test_after_the_deadline_the_value_at_the_deadline_counts() -> None:
    o = response_time()
    late = [(day(29), 2.5), (day(35), 1.5)]
    assert track(o, late, as_of=day(40)).status is Status.MISSED
    assert track(o, late, as_of=day(40)).current == 2.5
