"""BusinessHours: examples, DST, validation, and properties against a minute walker."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgoals.community.hours import BusinessHours, TimeWindow
from socialgoals.converters import structure, unstructure
from socialgoals.errors import CalendarError, NaiveDatetimeError, ValidationError
from socialgoals.testing.strategies import register_type_strategies
from socialgoals.testing.strategies._community_sla import (
    DST_DATES,
    business_durations,
    business_hours,
    instants_near,
    time_windows,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
MINUTE = timedelta(minutes=1)
WORKWEEK = ("mon", "tue", "wed", "thu", "fri")


def office(**kw: object) -> BusinessHours:
    fields: dict[str, object] = {
        "timezone": "Europe/Paris",
        "weekdays": {day: ["09:00-12:30", "13:30-18:00"] for day in WORKWEEK},
        "holidays": ["2026-12-25"],
        "holiday_rules": ["RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1"],
    }
    fields.update(kw)
    return BusinessHours(**fields)  # type: ignore[arg-type]


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def utc(instant: datetime) -> datetime:
    """The same instant in UTC (== across zones is False for fold times, PEP 495)."""
    return instant.astimezone(UTC)


# --------------------------------------------------------------------------- the reference


class MinuteWalker:
    """The obvious implementation: look at every minute's local wall-clock time."""

    def __init__(self, hours: BusinessHours) -> None:
        self.hours = hours
        self.rules = [rrulestr(t, dtstart=datetime(2000, 1, 1)) for t in hours.holiday_rules]
        self.closed: dict[int, set[date]] = {}

    def holiday(self, day: date) -> bool:
        if day.year not in self.closed:
            low, high = datetime(day.year, 1, 1), datetime(day.year + 1, 1, 1)
            found = {d for d in self.hours.holidays if d.year == day.year}
            for rule in self.rules:
                found |= {w.date() for w in rule.between(low, high, inc=True)}
            self.closed[day.year] = found
        return day in self.closed[day.year]

    def is_open(self, instant: datetime) -> bool:
        local = instant.astimezone(self.hours.timezone)
        if self.holiday(local.date()):
            return False
        minute = local.hour * 60 + local.minute
        return any(w.start <= minute < w.end for w in self.hours.weekdays[local.weekday()])

    def next_open(self, instant: datetime) -> datetime:
        while not self.is_open(instant):
            instant += MINUTE
        return instant

    def add(self, instant: datetime, duration: timedelta) -> datetime:
        instant = self.next_open(instant)
        left = duration // MINUTE
        while left:
            if self.is_open(instant):
                left -= 1
            instant += MINUTE
        return instant

    def between(self, start: datetime, end: datetime) -> timedelta:
        count = 0
        while start < end:
            count += self.is_open(start)
            start += MINUTE
        return count * MINUTE


# Calendars open at least two hours a week, durations below a week of opening:
# the walker then finishes within a few weeks of minutes.
calendars = business_hours(max_holidays=3).filter(
    lambda h: h.weekly_open_time >= timedelta(hours=2)
)


def short_durations(hours: BusinessHours) -> st.SearchStrategy[timedelta]:
    limit = min(hours.weekly_open_time, timedelta(hours=30)) // MINUTE
    return business_durations(max_minutes=limit)


# --------------------------------------------------------------------------- examples


def test_lunch_break_and_weekend_are_skipped() -> None:
    hours = office()
    assert hours.add(paris(2026, 3, 2, 11, 30), timedelta(hours=2)) == paris(2026, 3, 2, 14, 30)
    assert hours.add(paris(2026, 3, 6, 17, 0), timedelta(hours=2)) == paris(2026, 3, 9, 10, 0)
    assert hours.is_open(paris(2026, 3, 2, 9, 0))
    assert not hours.is_open(paris(2026, 3, 2, 12, 30))
    assert not hours.is_open(paris(2026, 3, 7, 10, 0))


def test_message_arriving_closed_starts_at_next_opening() -> None:
    hours = office()
    saturday = paris(2026, 3, 7, 22, 0)
    assert hours.next_open(saturday) == paris(2026, 3, 9, 9, 0)
    assert hours.add(saturday, timedelta(0)) == paris(2026, 3, 9, 9, 0)
    assert hours.add(saturday, timedelta(minutes=15)) == paris(2026, 3, 9, 9, 15)


def test_deadline_using_up_a_window_is_at_closing_time() -> None:
    hours = office()
    assert hours.add(paris(2026, 3, 2, 11, 30), timedelta(hours=1)) == paris(2026, 3, 2, 12, 30)
    assert hours.next_open(paris(2026, 3, 2, 12, 30)) == paris(2026, 3, 2, 13, 30)
    assert hours.next_close(paris(2026, 3, 2, 12, 45)) == paris(2026, 3, 2, 18, 0)


def test_explicit_and_rule_holidays_are_closed() -> None:
    hours = office()
    assert hours.is_holiday(date(2026, 12, 25))
    assert hours.is_holiday(date(2027, 5, 1))
    assert not hours.is_holiday(date(2027, 12, 25))
    assert hours.windows_on(date(2026, 12, 25)) == ()
    # Thursday 2026-12-24 17:00 + 2h: 1h on Thursday, Friday 25th is a holiday.
    assert hours.add(paris(2026, 12, 24, 17, 0), timedelta(hours=2)) == paris(2026, 12, 28, 10, 0)


def test_results_are_in_the_calendar_zone_whatever_the_input_zone() -> None:
    hours = office()
    deadline = hours.add(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), timedelta(hours=1))
    assert deadline.tzinfo == PARIS
    assert deadline == paris(2026, 3, 2, 10, 0)


def test_between_counts_business_time_only() -> None:
    hours = office()
    friday, monday = paris(2026, 3, 6, 17, 0), paris(2026, 3, 9, 10, 0)
    assert hours.between(friday, monday) == timedelta(hours=2)
    assert hours.between(monday, friday) == -timedelta(hours=2)
    assert hours.between(friday, friday) == timedelta(0)


def test_long_durations_jump_across_years() -> None:
    hours = office()
    start = paris(2026, 1, 5, 9, 0)
    far = hours.add(start, timedelta(hours=8 * 1000))
    assert far.year >= 2029
    assert hours.between(start, far) == timedelta(hours=8 * 1000)


def test_instants_before_the_first_table_grow_it_backwards() -> None:
    hours = office()
    assert hours.add(paris(2026, 3, 2, 9, 0), timedelta(hours=1)) == paris(2026, 3, 2, 10, 0)
    old = paris(1999, 3, 1, 9, 0)  # a Monday
    assert hours.add(old, timedelta(hours=1)) == paris(1999, 3, 1, 10, 0)
    span = hours.between(old, paris(2026, 3, 2, 9, 0))
    assert hours.add(old, span) == paris(2026, 2, 27, 18, 0)


def test_add_many_survives_the_table_growing_backwards() -> None:
    # Both arrivals are 16 business hours after the first opening of their table, so
    # a cache keyed by position in the table must be dropped when the table grows.
    arrival_2026 = paris(2026, 1, 5, 9, 0)  # Monday; the table starts on Thursday 1st
    arrival_1990 = paris(1990, 1, 3, 9, 0)  # Wednesday; the grown table starts Monday 1st
    hours = office(holidays=[], holiday_rules=[])
    arrivals = [arrival_2026, arrival_2026, arrival_1990, arrival_1990]
    deadlines = hours.add_many(arrivals, timedelta(hours=1))
    assert deadlines == [t + timedelta(hours=1) for t in arrivals]


def test_add_many_matches_add() -> None:
    hours = office()
    arrivals = [paris(2026, 3, 2, 8, 0) + timedelta(minutes=37 * i) for i in range(400)]
    arrivals.append(paris(1990, 1, 1, 10, 0))  # forces the table to grow mid-batch
    arrivals.append(datetime(2026, 3, 2, 11, 0, 0, 250, tzinfo=UTC))
    for duration in (timedelta(0), timedelta(minutes=45), timedelta(hours=30)):
        assert hours.add_many(arrivals, duration) == [hours.add(t, duration) for t in arrivals]


# --------------------------------------------------------------------------- DST


@pytest.mark.parametrize(
    ("tz", "spring", "fall"),
    [("Europe/Paris", date(2026, 3, 29), date(2026, 10, 25)),
     ("America/New_York", date(2026, 3, 8), date(2026, 11, 1))],
)  # fmt: skip
def test_dst_gap_shortens_and_fold_lengthens_a_night_window(
    tz: str, spring: date, fall: date
) -> None:
    hours = BusinessHours(timezone=tz, weekdays={"sun": ["01:00-04:00"]})
    zone = ZoneInfo(tz)

    def day(d: date) -> tuple[datetime, datetime]:
        start = datetime(d.year, d.month, d.day, tzinfo=zone)
        return start, start + timedelta(days=1, hours=2)

    assert hours.between(*day(spring)) == timedelta(hours=2)
    assert hours.between(*day(fall)) == timedelta(hours=4)
    assert hours.between(*day(spring - timedelta(days=7))) == timedelta(hours=3)
    start = datetime(spring.year, spring.month, spring.day, tzinfo=zone)
    assert hours.add(start, timedelta(minutes=90)).isoformat().endswith("03:30:00" + _dst(zone))


def _dst(zone: ZoneInfo) -> str:
    return "+02:00" if zone.key == "Europe/Paris" else "-04:00"


def test_window_inside_the_spring_gap_never_opens() -> None:
    hours = BusinessHours(timezone="Europe/Paris", weekdays={"sun": ["02:15-02:45", "10:00-11:00"]})
    sunday = paris(2026, 3, 29, 0, 0)
    assert hours.next_open(sunday) == paris(2026, 3, 29, 10, 0)
    assert hours.next_open(paris(2026, 3, 22, 0, 0)) == paris(2026, 3, 22, 2, 15)


def test_fold_times_are_open_twice() -> None:
    hours = BusinessHours(timezone="Europe/Paris", weekdays={"sun": ["02:00-02:30"]})
    first = datetime(2026, 10, 25, 0, 10, tzinfo=UTC)  # 02:10 CEST
    second = datetime(2026, 10, 25, 1, 10, tzinfo=UTC)  # 02:10 CET
    middle = datetime(2026, 10, 25, 0, 45, tzinfo=UTC)  # 02:45 CEST
    assert hours.is_open(first)
    assert hours.is_open(second)
    assert not hours.is_open(middle)
    deadline = hours.add(first, timedelta(minutes=30))
    assert deadline.fold == 1  # the second 02:10
    # PEP 495: a datetime in a fold never == one of another zone; compare in UTC
    assert deadline != second
    assert deadline.astimezone(UTC) == second


def test_window_to_midnight_joins_the_next_day() -> None:
    hours = BusinessHours(timezone="UTC", weekdays={"mon": ["20:00-24:00"], "tue": ["00:00-02:00"]})
    monday = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    assert hours.next_close(monday) == datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    assert hours.add(monday, timedelta(hours=5)) == datetime(2026, 3, 3, 1, 0, tzinfo=UTC)


# --------------------------------------------------------------------------- errors


def test_never_open_calendar_raises_calendar_error() -> None:
    empty = BusinessHours(timezone="UTC", weekdays={})
    now = datetime(2026, 3, 2, tzinfo=UTC)
    with pytest.raises(CalendarError, match="no open window"):
        empty.add(now, timedelta(hours=1))
    with pytest.raises(CalendarError, match="no open window"):
        empty.next_open(now)
    assert not empty.is_open(now)
    assert empty.between(now, now + timedelta(days=30)) == timedelta(0)
    mondays_off = BusinessHours(
        timezone="UTC",
        weekdays={"mon": ["09:00-17:00"]},
        holiday_rules=["RRULE:FREQ=WEEKLY;BYDAY=MO"],
    )
    for query in (
        lambda: mondays_off.next_open(now),
        lambda: mondays_off.add(now, timedelta(hours=1)),
        lambda: mondays_off.next_close(now),
    ):
        with pytest.raises(CalendarError, match="never open"):
            query()
    assert not mondays_off.is_open(now + timedelta(hours=10))


def test_naive_instants_and_negative_durations_are_refused() -> None:
    hours = office()
    with pytest.raises(NaiveDatetimeError, match="instant"):
        hours.add(datetime(2026, 3, 2, 9), timedelta(hours=1))
    with pytest.raises(NaiveDatetimeError):
        hours.add_many(iter([paris(2026, 3, 2), datetime(2026, 3, 2, 9)]), timedelta(hours=1))
    with pytest.raises(NaiveDatetimeError):
        hours.add_many([datetime(2026, 3, 2, 9)], timedelta(0))
    with pytest.raises(NaiveDatetimeError, match="end"):
        hours.between(paris(2026, 3, 2), datetime(2026, 3, 3))
    with pytest.raises(ValueError, match="business duration"):
        hours.add(paris(2026, 3, 2), timedelta(minutes=-1))


def test_time_window_parsing() -> None:
    assert TimeWindow.parse(" 9:05 - 24:00 ") == TimeWindow(545, 1440)
    assert str(TimeWindow(0, 1440)) == "00:00-24:00"
    assert TimeWindow.parse("09:00-10:00").duration == timedelta(hours=1)
    for bad in ("9h-10h", "25:00-26:00", "10:00-10:00", "10:00-24:30", "10:60-11:00"):
        with pytest.raises(ValidationError):
            TimeWindow.parse(bad)
    with pytest.raises(ValidationError, match="end: must be whole minutes"):
        TimeWindow(0, 2000)


def test_every_problem_of_a_calendar_is_located() -> None:
    data = {
        "timezone": "Mars/Olympus",
        "weekdays": {
            "mon": ["09:00-12:30", "12:00-13:00"],
            "funday": ["09:00-10:00"],
            "tue": ["18:00-09:00", "oops"],
            "wed": "09:00-10:00",
        },
        "holidays": ["2026-02-30"],
        "holiday_rules": ["RRULE:FREQ=MINUTELY", "RRULE:BYMONTH=5", "not a rule", 3],
        "colour": "blue",
    }
    with pytest.raises(ValidationError) as info:
        structure(data, BusinessHours)
    paths = info.value.paths
    assert paths == [
        "",
        "timezone",
        "weekdays.mon[1]",
        "weekdays.funday",
        "weekdays.tue[0]",
        "weekdays.tue[1]",
        "weekdays.wed",
        "holidays[0]",
        "holiday_rules[0]",
        "holiday_rules[1]",
        "holiday_rules[2]",
        "holiday_rules[3]",
    ]
    assert "overlaps 09:00-12:30" in str(info.value)
    with pytest.raises(ValidationError, match="timezone"):
        structure({"weekdays": {}}, BusinessHours)
    with pytest.raises(ValidationError, match=r"weekdays\.mon\[1\]: overlaps"):
        BusinessHours(timezone="UTC", weekdays={"mon": ["09:00-10:00", "09:30-11:00"]})


def test_plan_data_round_trip() -> None:
    hours = office(weekdays={"Monday": ["13:30-18:00", "09:00-12:30"], "sat": ["10:00-12:00"]})
    data = unstructure(hours)
    assert data == {
        "timezone": "Europe/Paris",
        "weekdays": {"mon": ["09:00-12:30", "13:30-18:00"], "sat": ["10:00-12:00"]},
        "holidays": ["2026-12-25"],
        "holiday_rules": ["RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1"],
    }
    assert structure(data, BusinessHours) == hours
    assert hash(structure(data, BusinessHours)) == hash(hours)


# --------------------------------------------------------------------------- properties


@settings(max_examples=40)
@given(st.data())
def test_add_matches_the_minute_walker(data: st.DataObject) -> None:
    hours = data.draw(calendars)
    arrival = data.draw(instants_near())
    duration = data.draw(short_durations(hours))
    assert utc(hours.add(arrival, duration)) == MinuteWalker(hours).add(arrival, duration)


@settings(max_examples=40)
@given(calendars, instants_near(), st.integers(0, 3 * 24 * 60))
def test_between_and_is_open_match_the_minute_walker(
    hours: BusinessHours, start: datetime, minutes: int
) -> None:
    walker = MinuteWalker(hours)
    end = start + timedelta(minutes=minutes)
    assert hours.between(start, end) == walker.between(start, end)
    assert hours.is_open(end) == walker.is_open(end)
    assert utc(hours.next_open(end)) == walker.next_open(end)


@given(st.data())
def test_deadline_is_never_before_arrival_and_spends_exactly_the_duration(
    data: st.DataObject,
) -> None:
    hours = data.draw(business_hours())
    arrival = data.draw(instants_near(minute_aligned=False, spread_days=400))
    duration = data.draw(business_durations(max_minutes=200 * 60, seconds=True))
    deadline = hours.add(arrival, duration)
    assert deadline >= arrival
    assert deadline >= hours.next_open(arrival)
    assert hours.between(arrival, deadline) == duration
    assert timedelta(0) <= hours.between(arrival, deadline) <= deadline - arrival


@given(st.data())
def test_adding_business_time_is_additive(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    arrival = data.draw(instants_near(minute_aligned=False))
    first = data.draw(business_durations(max_minutes=100 * 60, seconds=True))
    second = data.draw(business_durations(max_minutes=100 * 60, seconds=True))
    once = hours.add(arrival, first + second)
    twice = hours.add(hours.add(arrival, first), second)
    if second:
        assert utc(twice) == utc(once)
    else:  # a zero duration restarts the clock: a closing time moves to the next opening
        assert utc(twice) == utc(hours.next_open(once))


@given(st.data())
def test_adding_business_time_is_monotonic(data: st.DataObject) -> None:
    hours = data.draw(business_hours())
    early = data.draw(instants_near(minute_aligned=False))
    late = early + data.draw(st.timedeltas(timedelta(0), timedelta(days=9)))
    short = data.draw(business_durations(max_minutes=60 * 60, seconds=True))
    long = short + data.draw(business_durations(max_minutes=60 * 60, seconds=True))
    assert hours.add(early, short) <= hours.add(late, short)
    assert hours.add(early, short) <= hours.add(early, long)


@given(business_hours(), instants_near(), st.lists(st.integers(0, 20 * 24 * 60), min_size=2))
def test_between_is_additive_over_consecutive_spans(
    hours: BusinessHours, start: datetime, steps: list[int]
) -> None:
    points = [start + timedelta(minutes=sum(steps[:i])) for i in range(len(steps) + 1)]
    pieces = sum((hours.between(a, b) for a, b in pairwise(points)), timedelta())
    assert pieces == hours.between(points[0], points[-1])


@given(business_hours())
def test_calendars_round_trip_through_plan_data(hours: BusinessHours) -> None:
    assert structure(unstructure(hours), BusinessHours) == hours


def test_dst_dates_of_the_strategies_are_real_transitions() -> None:
    for day in DST_DATES:
        before = datetime(day.year, day.month, day.day, tzinfo=UTC)
        after = before + timedelta(days=1)
        assert any(
            before.astimezone(z).utcoffset() != after.astimezone(z).utcoffset()
            for z in (PARIS, NEW_YORK)
        )


@given(time_windows())
def test_time_windows_round_trip_through_text(window: TimeWindow) -> None:
    assert TimeWindow.parse(str(window)) == window
    assert structure(unstructure(window), TimeWindow) == window


def test_registered_strategies_draw_calendars() -> None:
    register_type_strategies()

    @given(st.from_type(BusinessHours))
    def check(hours: BusinessHours) -> None:
        assert hours.weekly_open_time > timedelta(0)

    check()


@settings(max_examples=30)
@given(
    business_hours(),
    st.lists(instants_near(minute_aligned=False, spread_days=800), max_size=30),
    business_durations(max_minutes=30 * 60, seconds=True),
)
def test_add_many_is_add_for_every_arrival(
    hours: BusinessHours, arrivals: list[datetime], duration: timedelta
) -> None:
    expected = [utc(BusinessHours(**_fields(hours)).add(t, duration)) for t in arrivals]
    assert [utc(d) for d in hours.add_many(arrivals, duration)] == expected


def _fields(hours: BusinessHours) -> dict[str, object]:
    """A fresh calendar's arguments (its tables are not shared)."""
    return {
        "timezone": hours.timezone,
        "weekdays": hours.weekdays,
        "holidays": hours.holidays,
        "holiday_rules": hours.holiday_rules,
    }
