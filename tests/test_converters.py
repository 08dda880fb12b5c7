"""The converter: strict scalars, located problems, durations, datetimes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.converters import (
    format_duration,
    make_converter,
    parse_datetime,
    parse_duration,
    register_hooks,
    structure,
    unstructure,
)
from socialgoals.errors import MISSING, NaiveDatetimeError, ValidationError
from socialgoals.model import DataSource, Observation, Owner, Platform


@attrs.frozen
class Sample:
    when: datetime
    day: date
    at: time
    wait: timedelta
    zone: ZoneInfo
    count: int
    ratio: float
    flag: bool
    platforms: tuple[Platform, ...] = ()


GOOD: dict[str, Any] = {
    "when": "2026-03-01T09:00:00Z",
    "day": "2026-03-01",
    "at": "09:30",
    "wait": "1h30m",
    "zone": "Europe/Paris",
    "count": 3,
    "ratio": 1.5,
    "flag": True,
    "platforms": ["Twitter", "ig"],
}


def test_structure_and_unstructure_a_sample() -> None:
    sample = structure(GOOD, Sample)
    assert sample.when == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert sample.platforms == (Platform.X, Platform.INSTAGRAM)
    assert unstructure(sample) == {
        **GOOD,
        "when": "2026-03-01T09:00:00+00:00",
        "platforms": ["x", "instagram"],
    }
    assert structure(unstructure(sample), Sample) == sample


def test_every_problem_is_reported_with_its_path_and_value() -> None:
    bad = {
        **GOOD,
        "when": "2026-03-01T09:00:00",
        "count": "3",
        "ratio": float("nan"),
        "flag": 1,
        "zone": "Mars/Olympus",
        "extra": 1,
    }
    with pytest.raises(ValidationError) as exc:
        structure(bad, Sample)
    by_path = {p.path: p for p in exc.value.problems}
    assert set(by_path) == {"when", "count", "ratio", "flag", "zone", ""}
    assert by_path["count"].value == "3"
    assert by_path["flag"].message == "must be true or false"
    assert by_path[""].code == "unknown_key"
    assert by_path[""].value is MISSING


def test_missing_key_is_required() -> None:
    data = dict(GOOD)
    del data["day"]
    with pytest.raises(ValidationError) as exc:
        structure(data, Sample)
    assert [(p.path, p.code) for p in exc.value.problems] == [("day", "missing")]


def test_non_table_input() -> None:
    with pytest.raises(ValidationError, match=r"must be a table/object \(Sample\)"):
        structure(["x"], Sample)
    assert structure("Twitter", Platform) == Platform.X


def test_nested_paths() -> None:
    with pytest.raises(ValidationError) as exc:
        structure({"kind": "fax"}, DataSource, path="objectives[2].source")
    assert exc.value.paths == ["objectives[2].source.kind"]


def test_model_validation_errors_keep_their_paths() -> None:
    with pytest.raises(ValidationError) as exc:
        structure({"role": " "}, Owner, path="owner")
    assert exc.value.paths == ["owner.role"]


def test_register_hooks_reaches_new_converters() -> None:
    @attrs.frozen
    class Money:
        cents: int

    def configure(c: Any) -> None:
        c.register_structure_hook(Money, lambda v, _: Money(round(float(v) * 100)))
        c.register_unstructure_hook(Money, lambda m: m.cents / 100)

    register_hooks(configure)
    register_hooks(configure)  # idempotent
    assert make_converter().structure("1.25", Money) == Money(125)
    assert unstructure(Money(250)) == 2.5


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("4h", 14400), ("1h30m", 5400), ("2d", 172800), ("PT12H", 43200),
     ("P1W", 604800), ("90", None), (90, 90), (1.5, 1.5), ("1 hour", 3600),
     ("15min", 900), ("2 days 3 hours", 183600), ("1week", 604800)],
)  # fmt: skip
def test_parse_duration(text: str | float, seconds: float | None) -> None:
    if seconds is None:
        with pytest.raises(ValueError, match="not a duration"):
            parse_duration(text)
    else:
        assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("bad", ["", "P", "PT", "1x", "-5m", True, -1, float("inf")])
def test_bad_durations(bad: Any) -> None:
    with pytest.raises(ValueError):
        parse_duration(bad)


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
def test_duration_round_trip(value: timedelta) -> None:
    value = timedelta(seconds=round(value.total_seconds()))
    assert parse_duration(format_duration(value)) == value


def test_format_duration_rejects_negatives() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_duration(timedelta(seconds=-1))


def test_parse_datetime() -> None:
    assert parse_datetime("2026-03-01T09:00:00+02:00").utcoffset() == timedelta(hours=2)
    with pytest.raises(NaiveDatetimeError):
        parse_datetime("2026-03-01T09:00:00")
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_datetime("yesterday")
    with pytest.raises(TypeError):
        parse_datetime(3)  # type: ignore[arg-type]


def test_observation_round_trip() -> None:
    obs = Observation(date(2026, 3, 1), Platform.X, "reach", 10.0, campaign="launch")
    assert structure(unstructure(obs), Observation) == obs
