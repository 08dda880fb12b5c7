"""The engine behind :class:`~socialgoals.community.hours.BusinessHours`.

A :class:`Timeline` turns a weekly template of local wall-clock windows, a
timezone and a holiday lookup into a sorted table of open intervals in UTC
microseconds, with the business time accumulated before each interval. Every
question (is it open, when does it open, add business time, business time
between two instants) is then one or two binary searches in that table,
whatever the duration: there is no minute walking and no day walking.

The table covers whole local calendar years and grows on demand (backwards or
forwards) the first time an instant outside it is asked about; each year is
computed once per calendar.

DST: an instant is open when its *local wall-clock time* lies in a window of
its local date. Each local date's windows are mapped back to UTC through the
offsets in force around that date, so a window crossing the spring-forward gap
is shorter by the gap, a window inside the gap does not happen, and the wall
times of the fall-back fold happen (and are open) twice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from socialgoals.errors import CalendarError
from socialgoals.model import require_aware

__all__ = ["Timeline", "to_micros", "from_micros", "MICROS_PER_SECOND"]

MICROS_PER_SECOND: Final = 1_000_000
_DAY: Final = 86_400
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO: Final = timedelta(microseconds=1)
_UNKNOWN: Final = datetime.min.replace(tzinfo=UTC)  # a local start not computed yet
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_HORIZON_YEARS: Final = 10
"""Consecutive years without any open time after which a calendar is "never open"."""
_MEMO_SIZE: Final = 65_536
_SENTINEL: Final = 1 << 62  # an interval after every instant (year 9999 is ~2.5e17 us)
_FIRST_YEAR: Final = 2
_LAST_YEAR: Final = 9998


def to_micros(instant: datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime (exact)."""
    td = instant - _EPOCH
    return (td.days * _DAY + td.seconds) * MICROS_PER_SECOND + td.microseconds


def from_micros(micros: int, tz: ZoneInfo) -> datetime:
    """The aware datetime (in ``tz``) of a count of microseconds since the epoch."""
    seconds, rest = divmod(micros, MICROS_PER_SECOND)
    if rest == 0:
        return datetime.fromtimestamp(seconds, tz)
    return (_EPOCH + timedelta(microseconds=micros)).astimezone(tz)


class _Table(NamedTuple):
    """An immutable snapshot of the intervals of local years ``first..last``."""

    first: int
    last: int
    low: int  # every instant >= low has a local date >= Jan 1 of ``first``
    high: int  # every instant < high has a local date <= Dec 31 of ``last``
    starts: list[int]
    ends: list[int]
    before: list[int]  # business micros of the table before each interval
    after: list[int]  # business micros of the table up to each interval's end
    bounded: tuple[list[int], list[int], list[int]]  # starts, ends, before + a sentinel
    local_starts: list[datetime | None]  # start in the zone, None when the offset changes
    deadlines: dict[int, datetime]  # memo: business position -> instant in the zone


_Fast = tuple[int, int, list[int], list[int], list[int], dict[int, datetime], _Table]
"""A table's low bound, business total, bounded starts, ends, before, memo, and itself."""

Window = tuple[int, int]
"""A local window in minutes after midnight, ``[start, end)``."""


class Timeline:
    """Open intervals of a weekly calendar, in UTC microseconds.

    Args:
        tz: the calendar's timezone.
        week: seven tuples (Monday first) of ``(start, end)`` minute windows,
            sorted and not overlapping.
        holidays: returns the closed local dates of a year.
    """

    def __init__(
        self,
        tz: ZoneInfo,
        week: Sequence[Sequence[Window]],
        holidays: Callable[[int], frozenset[date]],
    ) -> None:
        self._tz = tz
        self._week = tuple(tuple(day) for day in week)
        self._holidays = holidays
        self._years: dict[int, list[tuple[int, int]]] = {}
        self._table: _Table | None = None
        self._fast: _Fast | None = None  # what add_instant needs of the table, in one read

    # ------------------------------------------------------------------ building

    def _offset(self, seconds: int) -> int:
        offset = datetime.fromtimestamp(seconds, self._tz).utcoffset()
        assert offset is not None
        return offset.days * _DAY + offset.seconds

    def _transitions(self, year: int) -> list[tuple[int, int]]:
        """``(instant, new offset)`` of each offset change near local year ``year``.

        The first pair is the offset in force before the year. Offsets are
        probed every week from two days before the year to two days after it
        and each change is found by bisection, to the second (a week holding
        two changes that cancel out would be missed; no real zone has one).
        """
        first = (date(year, 1, 1).toordinal() - _EPOCH_ORDINAL - 2) * _DAY
        last = (date(year + 1, 1, 1).toordinal() - _EPOCH_ORDINAL + 2) * _DAY
        probe = self._offset(first)
        found = [(first - 2 * _DAY, probe)]
        low = first
        while low < last:
            high = min(low + 7 * _DAY, last)
            ahead = self._offset(high)
            if ahead != probe:
                a, b = low, high
                while b - a > 1:  # b: first second with a new offset
                    mid = (a + b) // 2
                    if self._offset(mid) == probe:
                        a = mid
                    else:
                        b = mid
                found.append((b, self._offset(b)))
                probe = found[-1][1]
                if probe != ahead:  # a second change in the same week: probe on from it
                    low = b
                    continue
            low = high
        return found

    @staticmethod
    def _segments(transitions: list[tuple[int, int]], midnight: int) -> list[tuple[int, int, int]]:
        """UTC segments ``(from, to, offset)`` covering the local date of ``midnight``.

        ``midnight`` is the date's local midnight read as if it were UTC; all
        instants of that local date lie within a day of it on either side.
        """
        low, high = midnight - _DAY, midnight + 2 * _DAY
        segments = []
        for i, (start, offset) in enumerate(transitions):
            end = transitions[i + 1][0] if i + 1 < len(transitions) else high
            a, b = max(start, low), min(end, high)
            if a < b:
                segments.append((a, b, offset))
        return segments

    def _year_intervals(self, year: int) -> list[tuple[int, int]]:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        closed = {day.toordinal() for day in self._holidays(year)}
        transitions = self._transitions(year)
        changes = [instant for instant, _ in transitions[1:]]
        found: list[tuple[int, int]] = []
        for ordinal in range(date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()):
            windows = self._week[(ordinal - 1) % 7]  # ordinal 1 is a Monday
            if not windows or ordinal in closed:
                continue
            midnight = (ordinal - _EPOCH_ORDINAL) * _DAY
            index = bisect_right(changes, midnight - _DAY)
            if index == len(changes) or changes[index] >= midnight + 2 * _DAY:
                offset = transitions[index][1]  # the usual day: one offset
                found.extend(
                    (midnight + s * 60 - offset, midnight + e * 60 - offset) for s, e in windows
                )
                continue
            segments = self._segments(transitions, midnight)
            for start, end in windows:
                wall_start, wall_end = midnight + start * 60, midnight + end * 60
                for low, high, offset in segments:
                    a = max(low, wall_start - offset)
                    b = min(high, wall_end - offset)
                    if a < b:
                        found.append((a, b))
        found.sort()
        intervals = [(a * MICROS_PER_SECOND, b * MICROS_PER_SECOND) for a, b in found]
        self._years[year] = intervals
        return intervals

    def _build(self, first: int, last: int) -> _Table:
        starts: list[int] = []
        ends: list[int] = []
        for year in range(first, last + 1):
            for start, end in self._year_intervals(year):
                if ends and start <= ends[-1]:  # touching windows merge
                    ends[-1] = max(ends[-1], end)
                else:
                    starts.append(start)
                    ends.append(end)
        before: list[int] = []
        after: list[int] = []
        total = 0
        for start, end in zip(starts, ends, strict=True):
            before.append(total)
            total += end - start
            after.append(total)
        low = ((date(first, 1, 1).toordinal() - _EPOCH_ORDINAL + 1) * _DAY) * MICROS_PER_SECOND
        high = ((date(last + 1, 1, 1).toordinal() - _EPOCH_ORDINAL - 1) * _DAY) * MICROS_PER_SECOND
        bounded = ([*starts, _SENTINEL], [*ends, _SENTINEL], [*before, total])
        local: list[datetime | None] = [_UNKNOWN] * len(starts)  # filled on first use
        table = _Table(first, last, low, high, starts, ends, before, after, bounded, local, {})
        self._table = table
        self._fast = (low, after[-1] if after else -1, *bounded, table.deadlines, table)
        return table

    def _local_start(self, table: _Table, index: int) -> datetime | None:
        """The start of interval ``index`` in the zone, if wall-clock arithmetic is exact in it.

        It is when the offset is the same throughout and the start is not the
        second occurrence of a repeated wall time (``datetime + timedelta``
        keeps the wall time and resets ``fold``). Computed once per table.
        """
        found = table.local_starts[index]
        if found is _UNKNOWN:
            first = from_micros(table.starts[index], self._tz)
            final = from_micros(table.ends[index] - 1, self._tz)
            found = None if first.fold or first.utcoffset() != final.utcoffset() else first
            table.local_starts[index] = found
        return found

    def _local_year(self, micros: int) -> int:
        return from_micros(micros, self._tz).year

    def _cover(self, micros: int) -> _Table:
        """The table, grown (if needed) to cover ``micros``."""
        table = self._table
        if table is not None and table.low <= micros < table.high:
            return table
        if not any(self._week):
            raise CalendarError("the business-hours calendar has no open window on any weekday")
        year = self._local_year(micros)
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise CalendarError(f"year {year} is outside the supported range")
        if table is None:
            return self._build(year, year)
        # the instant may be in a year of the table but within a day of its edge
        first = min(table.first, year if year < table.first or micros >= table.low else year - 1)
        last = max(table.last, year if year > table.last or micros < table.high else year + 1)
        return self._build(first, last)

    def _grow(self, table: _Table, years: int) -> _Table:
        last = table.last + years
        if last > _LAST_YEAR:
            raise CalendarError("no open time before the end of the supported range")
        return self._build(table.first, last)

    def _after(self, micros: int) -> tuple[_Table, int]:
        """The table and index of the first interval ending after ``micros``."""
        table = self._cover(micros)
        index = bisect_right(table.ends, micros)
        stalled = 0
        while index == len(table.starts):
            if stalled >= _HORIZON_YEARS:
                raise CalendarError(
                    f"the business-hours calendar is never open in the {_HORIZON_YEARS} "
                    "years after the instant (every working day is a holiday?)"
                )
            table = self._grow(table, 1)
            stalled += 1
            index = bisect_right(table.ends, micros)
        return table, index

    # ------------------------------------------------------------------ queries

    def is_open(self, micros: int) -> bool:
        """Whether the instant lies in an open interval."""
        if not any(self._week):
            return False
        table = self._cover(micros)
        index = bisect_right(table.starts, micros) - 1
        return index >= 0 and micros < table.ends[index]

    def next_open(self, micros: int) -> int:
        """The instant itself when open, else the start of the next interval."""
        table, index = self._after(micros)
        return max(micros, table.starts[index])

    def next_close(self, micros: int) -> int:
        """The end of the open interval containing, or next after, the instant."""
        table, index = self._after(micros)
        return table.ends[index]

    def _position(self, table: _Table, micros: int) -> int:
        index = bisect_right(table.starts, micros) - 1
        if index < 0:
            return 0
        end = table.ends[index]
        upto = micros if micros < end else end  # noqa: FURB136 - hot path, no call
        return table.before[index] + upto - table.starts[index]

    def add(self, micros: int, duration: int) -> int:
        """The earliest instant by which ``duration`` business micros have elapsed.

        The clock starts at ``micros`` when open, else at the next opening; a
        zero duration therefore gives that start.
        """
        table = self._table
        if duration > 0 and table is not None and table.low <= micros < table.high:
            # the common case, inlined: two binary searches in the current table
            starts = table.starts
            index = bisect_right(starts, micros) - 1
            position = 0
            if index >= 0:
                end = table.ends[index]
                upto = micros if micros < end else end  # noqa: FURB136 - hot path, no call
                position = table.before[index] + upto - starts[index]
            target = position + duration
            after = table.after
            if after and target <= after[-1]:
                found = bisect_left(after, target)
                return starts[found] + target - table.before[found]
        return self._add_growing(micros, duration)

    def add_instant(self, instant: datetime, duration: timedelta) -> datetime:
        """:meth:`add_instants` for one instant: the same steps, without the batch set-up."""
        amount = (
            duration.days * _DAY + duration.seconds
        ) * MICROS_PER_SECOND + duration.microseconds
        fast = self._fast
        if fast is not None and amount > 0 and instant.tzinfo is not None:
            low, last, starts, ends, before, memo, table = fast
            td = instant - _EPOCH
            micros = (td.days * _DAY + td.seconds) * MICROS_PER_SECOND + td.microseconds
            if micros >= low:
                index = bisect_right(ends, micros)
                start = starts[index]
                target = before[index] + (micros - start if micros > start else 0) + amount
                if target <= last:
                    found = memo.get(target)
                    return self._deadline(table, target) if found is None else found
        if amount < 0:
            raise ValueError(f"business duration must be >= 0, got {duration!r}")
        return self.add_instants((instant,), amount)[0]

    def _deadline(self, table: _Table, target: int) -> datetime:
        """The instant at business position ``target`` of ``table``, in the zone (memoised)."""
        index = bisect_left(table.after, target)
        into = target - table.before[index]
        base = self._local_start(table, index)
        if base is None:
            deadline = from_micros(table.starts[index] + into, self._tz)
        else:
            deadline = base + _MICRO * into  # wall-clock arithmetic is exact in this interval
        memo = table.deadlines
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[target] = deadline
        return deadline

    def add_instants(self, instants: Iterable[datetime], duration: int) -> list[datetime]:
        """:meth:`add` over aware datetimes, returning datetimes in the zone.

        The same arithmetic as :meth:`add` with the conversions and the
        common case inlined: this loop is what high-volume callers run.
        Deadlines are memoised per table by business position: arrivals while
        closed share one, and datetimes are immutable.
        """
        tz = self._tz
        if duration <= 0:
            return [
                from_micros(self.add(to_micros(require_aware(t, "instant")), duration), tz)
                for t in instants
            ]
        found: list[datetime] = []
        append, epoch, deadline_at = found.append, _EPOCH, self._deadline
        table = self._table
        low, last, starts, ends, before = _SENTINEL, -1, [0], [0], [0]
        memo: dict[int, datetime] = {}
        if table is not None:
            low, last, memo = table.low, table.after[-1] if table.after else -1, table.deadlines
            starts, ends, before = table.bounded
        try:
            for instant in instants:
                td = instant - epoch
                micros = (td.days * _DAY + td.seconds) * MICROS_PER_SECOND + td.microseconds
                target = last + 1
                if micros >= low:  # intervals after low are all in the table
                    index = bisect_right(ends, micros)
                    start = starts[index]
                    target = before[index] + (micros - start if micros > start else 0) + duration
                if target > last:
                    append(from_micros(self.add(micros, duration), tz))
                    table = self._table
                    assert table is not None
                    low, last, memo = table.low, table.after[-1], table.deadlines
                    starts, ends, before = table.bounded
                    continue
                deadline = memo.get(target)
                if deadline is None:
                    assert table is not None  # target <= last: the table exists
                    deadline = deadline_at(table, target)
                append(deadline)
        except TypeError:  # naive - aware: say so, as add() does
            if isinstance(instant, datetime):
                require_aware(instant, "instant")
            raise
        return found

    def _add_growing(self, micros: int, duration: int) -> int:
        if duration == 0:
            return self.next_open(micros)
        table, _ = self._after(micros)
        target = self._position(table, micros) + duration
        stalled = 0
        while table.after[-1] < target:
            years = min(max(1, table.last - table.first), _HORIZON_YEARS)
            grown = self._grow(table, years)
            stalled = stalled + years if grown.after[-1] == table.after[-1] else 0
            if stalled >= _HORIZON_YEARS:
                raise CalendarError(
                    f"the business-hours calendar is never open in {_HORIZON_YEARS} years"
                )
            table = grown
        index = bisect_left(table.after, target)
        return table.starts[index] + target - table.before[index]

    def between(self, start: int, end: int) -> int:
        """Business micros in ``[start, end)`` (negative when ``end < start``)."""
        if not any(self._week):
            return 0
        self._cover(start)
        table = self._cover(end)
        return self._position(table, end) - self._position(table, start)
