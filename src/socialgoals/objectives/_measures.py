"""What an objective measures against: baselines, targets, checkpoints."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs

from socialgoals.errors import MISSING, Problem, check
from socialgoals.model import DataSource
from socialgoals.objectives import _checks

__all__ = ["HistoryPoint", "Baseline", "Target", "Checkpoint"]


@attrs.frozen
class HistoryPoint:
    """One past value of a KPI, used to judge what growth is achievable.

    Attributes:
        on: the day (or the first day of the period) the value belongs to.
        value: the KPI's value then.

    >>> HistoryPoint(date(2026, 1, 1), 1200.0).value
    1200.0
    """

    on: date
    value: float

    def __attrs_post_init__(self) -> None:
        check([*_checks.day("on", self.on), *_checks.number("value", self.value)])


@attrs.frozen
class Baseline:
    """Where a KPI stands before the objective starts.

    The window says what the value summarises: either explicit dates
    (``window_start`` inclusive, ``window_end`` exclusive) or a number of days
    (the domain recommends 30 to 90). ``history`` holds older values, oldest
    first, from which the SMART audit and target setting read the best growth
    the KPI has already shown.

    Attributes:
        value: the KPI's value over the window.
        window_start: first day of the window, if dated.
        window_end: day after the window, if dated.
        window_days: the window's length, when it is not dated.
        source: where the value comes from.
        history: past values, oldest first, on strictly increasing days.
        benchmark: a typical value of the KPI in the sector or among
            competitors, when known (the audit compares the target with it).

    >>> Baseline(2.0, window_days=90).window_length
    90
    >>> Baseline(2.0, window_start=date(2026, 4, 1), window_end=date(2026, 3, 1))
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: window_end: must be after window_start 2026-04-01 ...
    """

    value: float
    window_start: date | None = None
    window_end: date | None = None
    window_days: int | None = None
    source: DataSource | None = None
    history: tuple[HistoryPoint, ...] = ()
    benchmark: float | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        problems.extend(_checks.number("value", self.value))
        problems.extend(_checks.number("benchmark", self.benchmark, optional=True))
        problems.extend(_checks.instance("source", self.source, DataSource, optional=True))
        problems.extend(_checks.day("window_start", self.window_start, optional=True))
        problems.extend(_checks.day("window_end", self.window_end, optional=True))
        dated = self.window_start is not None or self.window_end is not None
        if dated and (self.window_start is None or self.window_end is None):
            missing = "window_end" if self.window_end is None else "window_start"
            problems.append(
                Problem(missing, MISSING, "is required when the window is dated", code="missing")
            )
        elif (
            not problems
            and self.window_start is not None
            and self.window_end is not None
            and self.window_end <= self.window_start
        ):
            problems.append(
                Problem(
                    "window_end",
                    self.window_end,
                    f"must be after window_start {self.window_start}",
                    code="window_order",
                )
            )
        if self.window_days is not None:
            if dated:
                problems.append(
                    Problem(
                        "window_days",
                        self.window_days,
                        "give either window_days or window_start/window_end, not both",
                        code="conflict",
                    )
                )
            elif (
                isinstance(self.window_days, bool)
                or not isinstance(self.window_days, int)
                or self.window_days <= 0
            ):
                problems.append(
                    Problem("window_days", self.window_days, "must be > 0", code="not_positive")
                )
        problems.extend(_history_problems(self.history))
        check(problems)

    @property
    def window_length(self) -> int | None:
        """The window's length in days, or ``None`` when no window is given."""
        if self.window_start is not None and self.window_end is not None:
            return (self.window_end - self.window_start).days
        return self.window_days


def _history_problems(history: tuple[HistoryPoint, ...]) -> Iterator[Problem]:
    shape = list(_checks.items("history", history, HistoryPoint))
    if shape:
        yield from shape
        return
    previous: date | None = None
    for i, point in enumerate(history):
        if previous is not None and point.on <= previous:
            yield Problem(
                f"history[{i}].on",
                point.on,
                f"must be after the previous point's day {previous}",
                code="history_order",
            )
        previous = point.on


@attrs.frozen
class Target:
    """Where the KPI must be at the deadline.

    Exactly one form: an absolute ``value`` ("3%"), a relative
    ``change_percent`` from the baseline ("+15%"), or bounds for objectives
    that keep a KPI within limits (``upper`` for "CPA < 8 EUR", ``lower`` for
    "CSAT > 90%", or both).

    >>> Target(change_percent=15).resolve(20_000.0)
    23000.0
    >>> Target(upper=8.0).is_bound
    True
    >>> Target(value=3.0, change_percent=50)
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: give exactly one of value, change_percent, ...
    """

    value: float | None = None
    change_percent: float | None = None
    lower: float | None = None
    upper: float | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("value", "change_percent", "lower", "upper"):
            problems.extend(_checks.number(name, getattr(self, name), optional=True))
        forms = [
            self.value is not None,
            self.change_percent is not None,
            self.lower is not None or self.upper is not None,
        ]
        if sum(forms) != 1:
            given = {k: v for k, v in attrs.asdict(self).items() if v is not None}
            problems.append(
                Problem(
                    "",
                    given,
                    "give exactly one of value, change_percent, or lower/upper bounds",
                    code="target_form",
                )
            )
        if not problems:
            if self.change_percent is not None and self.change_percent == 0:
                problems.append(
                    Problem("change_percent", 0, "must not be 0 (that is no change)", code="zero")
                )
            if self.change_percent is not None and self.change_percent < -100:
                problems.append(
                    Problem(
                        "change_percent",
                        self.change_percent,
                        "must be >= -100 (a KPI cannot fall by more than all of it)",
                        code="out_of_range",
                    )
                )
            if self.lower is not None and self.upper is not None and self.lower >= self.upper:
                problems.append(
                    Problem(
                        "upper",
                        self.upper,
                        f"must be above lower {self.lower}",
                        code="bounds_order",
                    )
                )
        check(problems)

    @property
    def is_bound(self) -> bool:
        """Whether the target keeps the KPI within bounds (no single value)."""
        return self.lower is not None or self.upper is not None

    @property
    def is_relative(self) -> bool:
        """Whether the target is a change relative to the baseline."""
        return self.change_percent is not None

    def resolve(self, baseline: float | None) -> float | None:
        """The absolute value to reach, given the baseline's value.

        ``None`` for bounds, or for a relative target without a baseline.
        """
        if self.value is not None:
            return float(self.value)
        if self.change_percent is not None and baseline is not None:
            return baseline * (1 + self.change_percent / 100)
        return None

    def describe(self) -> str:
        """The target in a few words ("+15%", "3", "< 8", "between 1 and 2").

        >>> Target(lower=90).describe()
        '>= 90'
        """
        if self.value is not None:
            return f"{self.value:g}"
        if self.change_percent is not None:
            return f"{self.change_percent:+g}%"
        if self.lower is not None and self.upper is not None:
            return f"between {self.lower:g} and {self.upper:g}"
        if self.lower is not None:
            return f">= {self.lower:g}"
        return f"<= {self.upper:g}"


@attrs.frozen
class Checkpoint:
    """An intermediate milestone: the value expected on a given day.

    >>> Checkpoint(date(2026, 8, 1), 2.5, note="halfway")
    Checkpoint(on=datetime.date(2026, 8, 1), expected=2.5, note='halfway')
    """

    on: date
    expected: float
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        check([*_checks.day("on", self.on), *_checks.number("expected", self.expected)])
