"""Hypothesis strategies for business hours, SLAs and escalation matrices.

Every strategy is valid by construction. Calendars shrink towards one window
on Monday in UTC without holidays; SLAs towards one-minute thresholds;
matrices towards one role, one SLA and no rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from socialgoals.community.escalation import EscalationMatrix, EscalationRow, Role
from socialgoals.community.hours import WEEKDAYS, BusinessHours, TimeWindow
from socialgoals.community.messages import Intent
from socialgoals.community.sla import SLA
from socialgoals.model import Platform

__all__ = [
    "DST_ZONES",
    "DST_DATES",
    "time_windows",
    "day_windows",
    "business_hours",
    "business_durations",
    "instants_near",
    "slas",
    "roles",
    "escalation_matrices",
    "type_strategies",
]

DST_ZONES: tuple[str, ...] = ("UTC", "Europe/Paris", "America/New_York")
"""Zones drawn by default: no DST, and two DST rules on different dates."""

DST_DATES: tuple[date, ...] = (
    date(2026, 3, 8),  # New York springs forward
    date(2026, 3, 29),  # Paris springs forward
    date(2026, 10, 25),  # Paris falls back
    date(2026, 11, 1),  # New York falls back
)
"""Days on which the clocks change in :data:`DST_ZONES` (all Sundays)."""

_HOLIDAY_RULES: tuple[str, ...] = (
    "RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1",
    "RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",
    "DTSTART:20240101\nRRULE:FREQ=MONTHLY;BYDAY=1WE",
    "DTSTART:20240107\nRRULE:FREQ=WEEKLY;BYDAY=SU;INTERVAL=2",
)


def time_windows(*, step: int = 15) -> st.SearchStrategy[TimeWindow]:
    """One window on a ``step``-minute grid (shrinks to ``00:00-00:15``)."""
    slots = 1440 // step
    return st.integers(0, slots - 1).flatmap(
        lambda start: st.integers(start + 1, slots).map(
            lambda end: TimeWindow(start * step, end * step)
        )
    )


def day_windows(*, max_windows: int = 3, step: int = 30) -> st.SearchStrategy[list[TimeWindow]]:
    """Sorted, non-overlapping windows of one day (shrinks to no window).

    The grid includes the small hours, so DST nights are exercised.
    """
    slots = 1440 // step

    def pair_up(cuts: list[int]) -> list[TimeWindow]:
        cuts = sorted(cuts)
        return [TimeWindow(a * step, b * step) for a, b in zip(cuts[::2], cuts[1::2], strict=True)]

    return (
        st.integers(0, max_windows)
        .flatmap(lambda n: st.sets(st.integers(0, slots), min_size=2 * n, max_size=2 * n))
        .map(lambda cuts: pair_up(list(cuts)))
    )


def business_hours(
    *,
    timezones: Sequence[str] = DST_ZONES,
    max_windows: int = 3,
    step: int = 30,
    max_holidays: int = 4,
    holiday_years: Sequence[int] = (2026,),
    rules: bool = True,
) -> st.SearchStrategy[BusinessHours]:
    """Calendars that are open at least once a week.

    Args:
        timezones: zones to draw from (DST zones by default).
        max_windows: most windows per day.
        step: the grid of window boundaries, in minutes.
        max_holidays: most explicit holidays.
        holiday_years: years the explicit holidays fall in.
        rules: also draw holiday rules (yearly, monthly, fortnightly).

    Shrinks towards a single Monday window in the first zone, no holidays.
    """
    week = st.lists(day_windows(max_windows=max_windows, step=step), min_size=7, max_size=7).filter(
        any
    )
    holidays = st.lists(
        st.sampled_from(tuple(holiday_years)).flatmap(
            lambda y: st.dates(date(y, 1, 1), date(y, 12, 31))
        ),
        max_size=max_holidays,
    )
    holiday_rules = (
        st.lists(st.sampled_from(_HOLIDAY_RULES), max_size=2, unique=True) if rules else st.just([])
    )
    return st.builds(
        lambda tz, days, dates, texts: BusinessHours(
            timezone=tz,
            weekdays=dict(zip(WEEKDAYS, days, strict=True)),
            holidays=dates,
            holiday_rules=texts,
        ),
        st.sampled_from(tuple(timezones)),
        week,
        holidays,
        holiday_rules,
    )


def business_durations(
    *, max_minutes: int = 24 * 60, seconds: bool = False
) -> st.SearchStrategy[timedelta]:
    """Durations of whole minutes (or seconds) up to ``max_minutes`` (shrinks to zero)."""
    if seconds:
        return st.integers(0, max_minutes * 60).map(lambda s: timedelta(seconds=s))
    return st.integers(0, max_minutes).map(lambda m: timedelta(minutes=m))


def instants_near(
    *,
    days: Sequence[date] = DST_DATES,
    spread_days: int = 3,
    minute_aligned: bool = True,
) -> st.SearchStrategy[datetime]:
    """UTC instants within ``spread_days`` of one of ``days`` (DST changes by default).

    Minute-aligned unless asked otherwise (then with microseconds); shrinks
    towards midnight UTC of the first day.
    """
    span = spread_days * 24 * 60

    def build(day: date, minute: int, micros: int) -> datetime:
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return start + timedelta(minutes=minute, microseconds=micros)

    micros = st.just(0) if minute_aligned else st.integers(0, 59_999_999)
    return st.builds(build, st.sampled_from(tuple(days)), st.integers(-span, span), micros)


_IDS = st.sampled_from(("a", "b", "c", "d"))


def slas(
    *, ids: st.SearchStrategy[str] = _IDS, max_minutes: int = 24 * 60
) -> st.SearchStrategy[SLA]:
    """SLAs with minute thresholds, resolution no shorter than first response.

    Shrinks towards a one-minute first response without other clocks.
    """

    def build(sla_id: str, first: int, nxt: int | None, extra: int | None) -> SLA:
        return SLA(
            sla_id,
            timedelta(minutes=first),
            None if nxt is None else timedelta(minutes=nxt),
            None if extra is None else timedelta(minutes=first + extra),
        )

    minutes = st.integers(1, max_minutes)
    return st.builds(
        build, ids, minutes, st.none() | minutes, st.none() | st.integers(0, max_minutes)
    )


def roles(*, ids: st.SearchStrategy[str] = _IDS) -> st.SearchStrategy[Role]:
    """Roles, senior or not (shrinks to a non-senior role ``a``)."""
    return st.builds(Role, ids, st.just(""), st.booleans())


_INTENTS = tuple(Intent(i) for i in ("sales_lead", "support", "warranty_safety", "legal"))
_PLATFORMS = (Platform.X, Platform.INSTAGRAM, Platform.LINKEDIN)


def _rows(role_list: list[Role], sla_list: list[SLA]) -> st.SearchStrategy[list[EscalationRow]]:
    seniors = [r.id for r in role_list if r.senior]
    row = st.builds(
        lambda role, sla, intents, vip, platforms, after: EscalationRow(
            role=seniors[0] if vip and seniors else role,
            sla=sla,
            intents=tuple(intents),
            vip=vip if seniors or not vip else None,
            platforms=tuple(platforms),
            after_exchanges=after,
        ),
        st.sampled_from([r.id for r in role_list]),
        st.sampled_from([s.id for s in sla_list]),
        st.lists(st.sampled_from(_INTENTS), max_size=2, unique=True),
        st.none() | st.booleans(),
        st.lists(st.sampled_from(_PLATFORMS), max_size=2, unique=True),
        st.integers(0, 3),
    )
    return st.lists(row, max_size=6)


def escalation_matrices() -> st.SearchStrategy[EscalationMatrix]:
    """Consistent matrices: unique ids, rows naming existing roles and SLAs.

    VIP rows go to a senior role. Shrinks to one role, one SLA and no rows.
    """
    role_lists = st.lists(roles(), min_size=1, max_size=4, unique_by=lambda r: r.id)
    sla_lists = st.lists(slas(), min_size=1, max_size=3, unique_by=lambda s: s.id)
    return st.tuples(role_lists, sla_lists).flatmap(
        lambda pair: _rows(*pair).map(
            lambda rows: EscalationMatrix(
                roles=tuple(pair[0]),
                slas=tuple(pair[1]),
                rows=tuple(rows),
                default_role=pair[0][0].id,
                default_sla=pair[1][0].id,
            )
        )
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each public SLA type, for ``st.register_type_strategy``."""
    return {
        TimeWindow: time_windows(),
        BusinessHours: business_hours(),
        SLA: slas(),
        Role: roles(),
        EscalationMatrix: escalation_matrices(),
    }


TYPE_STRATEGIES = type_strategies
"""Alias: the function producing the ``{type: strategy}`` mapping."""
