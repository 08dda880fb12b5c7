"""Business hours: when the team answers, and business time arithmetic.

A :class:`BusinessHours` calendar has, per weekday, zero or more open
:class:`TimeWindow`\\ s in local wall-clock time (split shifts, lunch breaks),
a timezone, and holidays (explicit dates and iCalendar ``RRULE``\\ s). It
answers four questions, all DST-correct and all in a few binary searches:

- :meth:`~BusinessHours.is_open` - is the team at work at this instant?
- :meth:`~BusinessHours.next_open` - when does the clock start for a message?
- :meth:`~BusinessHours.add` - the deadline: an instant plus business time.
- :meth:`~BusinessHours.between` - business time elapsed between two instants.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> hours = BusinessHours(
...     timezone="Europe/Paris",
...     weekdays={d: ["09:00-12:30", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
...     holidays=["2026-12-25"],
...     holiday_rules=["RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1"],
... )
>>> friday_evening = datetime(2026, 3, 6, 17, 30, tzinfo=ZoneInfo("Europe/Paris"))
>>> hours.add(friday_evening, timedelta(hours=4)).isoformat()
'2026-03-09T12:30:00+01:00'
>>> hours.between(friday_evening, datetime(2026, 3, 9, 10, tzinfo=ZoneInfo("Europe/Paris")))
datetime.timedelta(seconds=5400)

Conventions:

- Windows are half-open, ``[start, end)``: at 18:00 sharp the team is gone.
- A message that arrives while closed starts its clock at the next opening;
  ``add(t, timedelta(0))`` is that start.
- ``add`` returns the *earliest* instant by which the business time has
  elapsed, so a deadline that uses up a window exactly is reported at the
  window's closing time (12:30 above), not at the next opening. (pandas'
  ``CustomBusinessHour`` reports the next opening instead; pass the result
  through :meth:`~BusinessHours.next_open` to get that convention.)
- DST: an instant is open when its local wall-clock time is inside a window
  of its local date. On the spring-forward night the skipped wall times never
  happen, so a window 02:00-04:00 lasts one hour and a window inside the gap
  does not open at all. On the fall-back night the repeated wall times happen
  twice and are open both times, so a window 01:00-04:00 lasts four hours.
- Holidays close whole local dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
from dateutil.rrule import rruleset, rrulestr

from socialgoals.community._timeline import Timeline, from_micros, to_micros
from socialgoals.converters import register_hooks
from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import require_aware

__all__ = ["WEEKDAYS", "TimeWindow", "BusinessHours"]

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday keys of plan data, Monday first (as :meth:`datetime.date.weekday`)."""

_DAY_ALIASES: Final = {
    **{d: d for d in WEEKDAYS},
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
}
_WINDOW_RE: Final = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_FREQ_RE: Final = re.compile(r"FREQ\s*=\s*([A-Z]+)")
_ALLOWED_FREQ: Final = frozenset({"YEARLY", "MONTHLY", "WEEKLY", "DAILY"})
_RULE_START: Final = datetime(2000, 1, 1)  # noqa: DTZ001 - holidays are local dates
_MINUTES_PER_DAY: Final = 1440
_MICRO: Final = timedelta(microseconds=1)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@attrs.frozen(order=True, repr=False)
class TimeWindow:
    """One open window of a day, ``[start, end)`` in local minutes after midnight.

    Attributes:
        start: opening, 0..1439 (``540`` is 09:00).
        end: closing, 1..1440 (``1440`` is midnight at the end of the day).

    >>> TimeWindow.parse("13:30-18:00")
    TimeWindow('13:30-18:00')
    >>> TimeWindow.parse("18:00-09:00")
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: must open before it closes (split a night shift: ...)
    """

    start: int
    end: int

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name, low, high in (("start", 0, _MINUTES_PER_DAY - 1), ("end", 1, _MINUTES_PER_DAY)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append(
                    Problem(name, value, f"must be whole minutes in {low}..{high}", code="range")
                )
        check(problems)
        if self.start >= self.end:
            raise ValidationError(
                "must open before it closes", value=str(self), code="empty_window"
            )

    @classmethod
    def parse(cls, text: str) -> TimeWindow:
        """Parse ``"HH:MM-HH:MM"`` (``24:00`` allowed as the closing time).

        Raises:
            ValidationError: the text is not such a window, or is empty.
        """
        match = _WINDOW_RE.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValidationError(
                "must be a window such as '09:00-12:30'", value=text, code="bad_window"
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise ValidationError("is not a valid time of day", value=text, code="bad_window")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start >= end:
            msg = "must open before it closes"
            if end < start:
                msg += " (split a night shift: '22:00-24:00', then '00:00-06:00' the next day)"
            raise ValidationError(msg, value=text, code="empty_window")
        return cls(start, end)

    @property
    def duration(self) -> timedelta:
        """How long the window is open on an ordinary day."""
        return timedelta(minutes=self.end - self.start)

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"

    def __repr__(self) -> str:
        return f"TimeWindow({str(self)!r})"


# --------------------------------------------------------------------------- parsing


def _parse_zone(value: object) -> tuple[ZoneInfo | None, list[Problem]]:
    if isinstance(value, ZoneInfo):
        return value, []
    if isinstance(value, str):
        try:
            return ZoneInfo(value), []
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return None, [
        Problem("timezone", value, "must be an IANA timezone such as 'Europe/Paris'", code="zone")
    ]


def _parse_week(value: object) -> tuple[tuple[tuple[TimeWindow, ...], ...], list[Problem]]:
    problems: list[Problem] = []
    days: list[list[TimeWindow]] = [[] for _ in WEEKDAYS]
    if not isinstance(value, Mapping):
        msg = "must map weekdays ('mon'...'sun') to lists of windows such as '09:00-12:30'"
        return tuple(tuple(d) for d in days), [Problem("weekdays", value, msg, code="wrong_type")]
    for key, raw in value.items():
        day = _DAY_ALIASES.get(str(key).strip().lower())
        path = f"weekdays.{key}"
        if day is None:
            problems.append(
                Problem(path, key, "is not a weekday; use mon, tue, wed, thu, fri, sat, sun")
            )
            continue
        if isinstance(raw, str | TimeWindow) or not isinstance(raw, Sequence):
            problems.append(Problem(path, raw, "must be a list of windows", code="wrong_type"))
            continue
        windows = days[WEEKDAYS.index(day)]
        for i, item in enumerate(raw):
            if isinstance(item, TimeWindow):
                windows.append(item)
                continue
            try:
                windows.append(TimeWindow.parse(item))
            except ValidationError as exc:
                problems.extend(p.prefixed(f"{path}[{i}]") for p in exc.problems)
        problems.extend(_overlaps(path, windows))
    return tuple(tuple(sorted(d)) for d in days), problems


def _overlaps(path: str, windows: list[TimeWindow]) -> list[Problem]:
    problems = []
    indexed = sorted(enumerate(windows), key=lambda pair: pair[1])
    for (_, earlier), (i, later) in pairwise(indexed):
        if later.start < earlier.end:
            problems.append(
                Problem(
                    f"{path}[{i}]",
                    str(later),
                    f"overlaps {earlier} on the same day",
                    code="overlap",
                )
            )
    return problems


def _parse_holidays(value: object) -> tuple[tuple[date, ...], list[Problem]]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return (), [Problem("holidays", value, "must be a list of dates", code="wrong_type")]
    found: set[date] = set()
    problems: list[Problem] = []
    for i, item in enumerate(value):
        if isinstance(item, date) and not isinstance(item, datetime):
            found.add(item)
            continue
        try:
            found.add(date.fromisoformat(item.strip()))
        except (AttributeError, ValueError):
            problems.append(Problem(f"holidays[{i}]", item, "not an ISO date (YYYY-MM-DD)"))
    return tuple(sorted(found)), problems


def _parse_rule(text: str) -> rruleset:
    freqs = _FREQ_RE.findall(text.upper())
    if not freqs or not set(freqs) <= _ALLOWED_FREQ:
        raise ValueError("needs FREQ=YEARLY, MONTHLY, WEEKLY or DAILY")
    rules = rrulestr(text, dtstart=_RULE_START, forceset=True, cache=True)
    assert isinstance(rules, rruleset)
    return rules


def _parse_rules(value: object) -> tuple[tuple[str, ...], list[rruleset], list[Problem]]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = "must be a list of RRULE strings"
        return (), [], [Problem("holiday_rules", value, msg, code="wrong_type")]
    texts: list[str] = []
    rules: list[rruleset] = []
    problems: list[Problem] = []
    for i, item in enumerate(value):
        try:
            if not isinstance(item, str):
                raise TypeError("must be a string")
            rules.append(_parse_rule(item))
            texts.append(item.strip())
        except (TypeError, ValueError) as exc:
            msg = f"not a holiday rule such as 'RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1' ({exc})"
            problems.append(Problem(f"holiday_rules[{i}]", item, msg, code="bad_rule"))
    return tuple(texts), rules, problems


def _to_zone(value: object) -> ZoneInfo:
    zone, problems = _parse_zone(value)
    check(problems)
    assert zone is not None
    return zone


def _to_week(value: object) -> tuple[tuple[TimeWindow, ...], ...]:
    if isinstance(value, tuple) and len(value) == len(WEEKDAYS):
        value = dict(zip(WEEKDAYS, value, strict=True))
    week, problems = _parse_week(value)
    check(problems)
    return week


def _to_holidays(value: object) -> tuple[date, ...]:
    days, problems = _parse_holidays(value)
    check(problems)
    return days


def _to_rules(value: object) -> tuple[str, ...]:
    texts, _, problems = _parse_rules(value)
    check(problems)
    return texts


# --------------------------------------------------------------------------- the calendar


@attrs.frozen
class BusinessHours:
    """When the team answers: weekly windows in a timezone, minus holidays.

    Attributes:
        timezone: the IANA zone the windows are in (a name is accepted).
        weekdays: seven tuples of windows, Monday first; the constructor also
            accepts a mapping ``{"mon": ["09:00-12:30", ...], ...}`` (missing
            days are closed).
        holidays: closed local dates (ISO strings accepted).
        holiday_rules: iCalendar recurrence rules of closed dates, such as
            ``"RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1"`` (daily or slower);
            a rule without its own ``DTSTART:`` line starts on 2000-01-01,
            which anchors ``INTERVAL`` (``"DTSTART:20260105\\nRRULE:..."``
            to anchor elsewhere).

    Raises:
        ValidationError: a window, weekday, date, rule or timezone is wrong
            (each located by its path, e.g. ``weekdays.mon[1]``).

    Queries raise :class:`~socialgoals.errors.CalendarError` when the calendar
    is never open (no window at all, or ten years of holidays in a row).
    """

    timezone: ZoneInfo = attrs.field(converter=_to_zone)
    weekdays: tuple[tuple[TimeWindow, ...], ...] = attrs.field(converter=_to_week)
    holidays: tuple[date, ...] = attrs.field(default=(), converter=_to_holidays)
    holiday_rules: tuple[str, ...] = attrs.field(default=(), converter=_to_rules)
    _rules: tuple[rruleset, ...] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _closed: dict[int, frozenset[date]] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _timeline: Timeline = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        rules = tuple(_parse_rule(text) for text in self.holiday_rules)
        week = tuple(tuple((w.start, w.end) for w in day) for day in self.weekdays)
        object.__setattr__(self, "_rules", rules)
        object.__setattr__(self, "_closed", {})
        object.__setattr__(self, "_timeline", Timeline(self.timezone, week, self._closed_in))

    @classmethod
    def on_days(
        cls,
        days: Iterable[str],
        windows: Iterable[str | TimeWindow],
        *,
        timezone: str | ZoneInfo,
        holidays: Iterable[str | date] = (),
        holiday_rules: Iterable[str] = (),
    ) -> BusinessHours:
        """The same windows on each of ``days``; the other days are closed.

        >>> BusinessHours.on_days(["mon", "fri"], ["09:00-17:00"], timezone="UTC").weekdays[4]
        (TimeWindow('09:00-17:00'),)
        """
        same = list(windows)
        return cls(
            timezone=timezone,
            weekdays=dict.fromkeys(days, same),
            holidays=tuple(holidays),
            holiday_rules=tuple(holiday_rules),
        )

    # ------------------------------------------------------------------ dates

    def _closed_in(self, year: int) -> frozenset[date]:
        cached = self._closed.get(year)
        if cached is None:
            found = {d for d in self.holidays if d.year == year}
            low = datetime(year, 1, 1)  # noqa: DTZ001 - rules produce local dates
            high = datetime(year, 12, 31, 23, 59, 59)  # noqa: DTZ001 - idem
            for rule in self._rules:
                found.update(when.date() for when in rule.between(low, high, inc=True))
            cached = frozenset(found)
            self._closed[year] = cached
        return cached

    def is_holiday(self, day: date) -> bool:
        """Whether the local date ``day`` is a holiday (explicit or by rule)."""
        return day in self._closed_in(day.year)

    def windows_on(self, day: date) -> tuple[TimeWindow, ...]:
        """The windows of the local date ``day`` (none on a holiday).

        >>> BusinessHours.on_days(["mon"], ["09:00-12:00"], timezone="UTC").windows_on(
        ...     date(2026, 3, 2))
        (TimeWindow('09:00-12:00'),)
        """
        return () if self.is_holiday(day) else self.weekdays[day.weekday()]

    @property
    def weekly_open_time(self) -> timedelta:
        """Open time of an ordinary week without holidays (wall-clock)."""
        return sum((w.duration for day in self.weekdays for w in day), timedelta())

    # ------------------------------------------------------------------ instants

    def is_open(self, instant: datetime) -> bool:
        """Whether the team is at work at ``instant`` (aware).

        Raises:
            NaiveDatetimeError: ``instant`` has no timezone.
        """
        return self._timeline.is_open(to_micros(require_aware(instant, "instant")))

    def next_open(self, instant: datetime) -> datetime:
        """``instant`` itself when open, else the next opening (in the calendar's zone).

        Raises:
            CalendarError: the calendar is never open after ``instant``.
        """
        micros = to_micros(require_aware(instant, "instant"))
        return from_micros(self._timeline.next_open(micros), self.timezone)

    def next_close(self, instant: datetime) -> datetime:
        """The closing time of the open period containing, or next after, ``instant``.

        Adjacent windows (``…-24:00`` then ``00:00-…``) count as one period.
        """
        micros = to_micros(require_aware(instant, "instant"))
        return from_micros(self._timeline.next_close(micros), self.timezone)

    def add(self, instant: datetime, duration: timedelta) -> datetime:
        """The deadline: ``instant`` plus ``duration`` of business time.

        The clock starts at ``instant`` when open, else at the next opening.
        The result is the earliest instant by which ``duration`` has elapsed
        (a deadline using up a window is at its closing time), in the
        calendar's timezone.

        Raises:
            ValueError: ``duration`` is negative.
            CalendarError: the calendar is never open.
        """
        return self._timeline.add_instant(instant, duration)

    def add_many(self, instants: Iterable[datetime], duration: timedelta) -> list[datetime]:
        """:meth:`add` for many arrivals and one duration (the same results, faster)."""
        amount = duration // _MICRO
        if amount < 0:
            raise ValueError(f"business duration must be >= 0, got {duration!r}")
        return self._timeline.add_instants(instants, amount)

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Business time in ``[start, end)``; negative when ``end`` is before ``start``."""
        a = to_micros(require_aware(start, "start"))
        b = to_micros(require_aware(end, "end"))
        return timedelta(microseconds=self._timeline.between(a, b))


# --------------------------------------------------------------------------- plan data


def _structure_hours(value: Any, _: type) -> BusinessHours:
    if isinstance(value, BusinessHours):
        return value
    if not isinstance(value, Mapping):
        raise ValidationError("must be a table/object (BusinessHours)", value=value)
    problems: list[Problem] = []
    known = {"timezone", "weekdays", "holidays", "holiday_rules"}
    extra = sorted(str(k) for k in value if k not in known)
    if extra:
        problems.append(Problem("", extra, f"unknown keys {', '.join(extra)}", code="unknown_key"))
    if "timezone" not in value:
        problems.append(Problem("timezone", None, "is required", code="missing"))
    zone, found = _parse_zone(value.get("timezone", "UTC"))
    problems += found
    week, found = _parse_week(value.get("weekdays", {}))
    problems += found
    days, found = _parse_holidays(value.get("holidays", ()))
    problems += found
    texts, _rules, found = _parse_rules(value.get("holiday_rules", ()))
    problems += found
    check(problems)
    return BusinessHours(timezone=zone, weekdays=week, holidays=days, holiday_rules=texts)


def _unstructure_hours(hours: BusinessHours) -> dict[str, Any]:
    data: dict[str, Any] = {
        "timezone": hours.timezone.key,
        "weekdays": {
            day: [str(w) for w in windows]
            for day, windows in zip(WEEKDAYS, hours.weekdays, strict=True)
            if windows
        },
    }
    if hours.holidays:
        data["holidays"] = [d.isoformat() for d in hours.holidays]
    if hours.holiday_rules:
        data["holiday_rules"] = list(hours.holiday_rules)
    return data


def _configure(converter: cattrs.Converter) -> None:
    converter.register_structure_hook(BusinessHours, _structure_hours)
    converter.register_unstructure_hook(BusinessHours, _unstructure_hours)
    converter.register_structure_hook(TimeWindow, lambda v, _: TimeWindow.parse(v))
    converter.register_unstructure_hook(TimeWindow, str)


register_hooks(_configure)
