"""The shared vocabulary: platforms, enums, owners, periods, observations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import NaiveDatetimeError, ValidationError
from socialgoals.model import (
    Cadence,
    FunnelStage,
    ObjectiveCategory,
    Observation,
    Owner,
    Period,
    PeriodKind,
    Platform,
    require_aware,
)
from socialgoals.testing.strategies import aware_datetimes, days, periods


def test_platform_parse_aliases_and_labels() -> None:
    assert Platform.parse(" Twitter ") == Platform.X
    assert Platform.parse("IG") == Platform.INSTAGRAM
    assert Platform.parse("Mastodon").label == "Mastodon"
    assert Platform.X.label == "X (Twitter)"
    assert Platform.X.is_known
    assert not Platform("mastodon").is_known
    assert len(Platform.known()) == 7
    assert str(Platform.TIKTOK) == "tiktok"


def test_platform_rejects_non_slugs() -> None:
    with pytest.raises(ValidationError, match="lowercase slug"):
        Platform("Bad Name")


def test_every_category_has_a_default_stage_among_its_stages() -> None:
    for category in ObjectiveCategory:
        assert category.default_stage in category.stages


def test_funnel_rank_is_top_to_bottom() -> None:
    assert [s.rank for s in FunnelStage] == [0, 1, 2, 3]


def test_cadence_days_increase() -> None:
    days_ = [c.approx_days for c in Cadence]
    assert days_ == sorted(days_)


def test_owner() -> None:
    assert str(Owner("growth lead", person="Ana")) == "growth lead (Ana)"
    with pytest.raises(ValidationError):
        Owner(" ")


def test_require_aware() -> None:
    aware = datetime(2026, 1, 1, tzinfo=UTC)
    assert require_aware(aware) is aware
    with pytest.raises(NaiveDatetimeError) as exc:
        require_aware(datetime(2026, 1, 1), "start")
    assert exc.value.paths == ["start"]


@pytest.mark.parametrize(
    ("label", "kind", "start", "days"),
    [
        ("2026-03-18", PeriodKind.DAY, date(2026, 3, 18), 1),
        ("2026-W01", PeriodKind.ISO_WEEK, date(2025, 12, 29), 7),
        ("2026-02", PeriodKind.MONTH, date(2026, 2, 1), 28),
        ("2026-Q4", PeriodKind.QUARTER, date(2026, 10, 1), 92),
    ],
)
def test_period_parse(label: str, kind: PeriodKind, start: date, days: int) -> None:
    period = Period.parse(label)
    assert (period.kind, period.start, period.days, period.label) == (kind, start, days, label)


@pytest.mark.parametrize("label", ["2026", "2026-13", "2026-W54", "2026-02-30", "Q1", ""])
def test_bad_period_labels(label: str) -> None:
    with pytest.raises(ValidationError):
        Period.parse(label)


def test_period_start_must_be_aligned() -> None:
    with pytest.raises(ValidationError, match="first day"):
        Period(PeriodKind.MONTH, date(2026, 3, 2))


def test_period_of_instant_depends_on_the_timezone() -> None:
    instant = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    assert Period.of_instant(instant, PeriodKind.MONTH, UTC).label == "2026-03"
    assert Period.of_instant(instant, PeriodKind.MONTH, ZoneInfo("Europe/Paris")).label == "2026-04"
    with pytest.raises(ValidationError):
        Period.of_instant(instant, PeriodKind.DAY, "UTC")


@given(days(), st.sampled_from(PeriodKind))
def test_containing_contains(day: date, kind: PeriodKind) -> None:
    period = Period.containing(day, kind)
    assert period.contains(day)
    assert not period.contains(period.end)
    assert Period.parse(period.label) == period


@given(periods())
def test_next_and_previous_are_adjacent(period: Period) -> None:
    assert period.next().start == period.end
    assert period.next().previous() == period


@given(aware_datetimes())
def test_of_instant_matches_the_local_date(instant: datetime) -> None:
    tz = timezone(timedelta(hours=-5))
    assert Period.of_instant(instant, PeriodKind.DAY, tz).start == instant.astimezone(tz).date()


def test_observation_validation_reports_everything() -> None:
    with pytest.raises(ValidationError) as exc:
        Observation(datetime(2026, 1, 1, tzinfo=UTC), Platform.X, "Bad Metric", float("inf"))  # type: ignore[arg-type]
    assert exc.value.paths == ["date", "metric", "value"]


def test_observation_natural_key() -> None:
    obs = Observation(date(2026, 3, 1), Platform.X, "reach", 3.0, account="acme", post="p1")
    assert obs.natural_key == ("2026-03-01", "x", "acme", "", "p1", "reach")
