"""The renderer-agnostic report model: sections of blocks (tables, figures, charts as data).

Builders produce a :class:`Report`; renderers (text, Markdown, JSON, HTML)
only read it. Every piece of text in a report is already localised and every
number already formatted (``Cell.text``), with the raw value kept beside it
(``Cell.value``) for machine readers, so all renderers show the same thing.

>>> from datetime import date
>>> table = Table(
...     id="kpis", title="KPIs",
...     columns=(Column("kpi", "KPI"), Column("value", "Value", numeric=True)),
...     rows=((Cell("Reach"), Cell("12,000", 12000.0)),),
... )
>>> report = Report(
...     kind=ReportKind.MONTHLY, lang="en", title="Monthly performance", plan="Demo",
...     period_label="2026-03", period_start=date(2026, 3, 1), period_end=date(2026, 4, 1),
...     as_of=date(2026, 3, 31), sections=(Section(id="kpis", title="KPIs", blocks=(table,)),),
... )
>>> report.sections[0].blocks[0].rows[0][1].value
12000.0
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Final, TypeAlias

import attrs

from socialgoals.errors import Problem, check

__all__ = [
    "SCHEMA_VERSION",
    "ReportKind",
    "Tone",
    "Cell",
    "Column",
    "Table",
    "Figure",
    "Figures",
    "Callout",
    "Callouts",
    "BulletList",
    "Point",
    "Forecast",
    "ObjectiveChart",
    "Series",
    "TrendChart",
    "Block",
    "Section",
    "Report",
]

SCHEMA_VERSION: Final = "1.0"
"""The version of the JSON report schema (``major.minor``; minor = additions only)."""

_ID_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")


class ReportKind(enum.Enum):
    """Which review a report serves (DOMAIN.md section 7)."""

    WEEKLY = "weekly"
    """Weekly triage: alerts, top posts, escalations, SLAs."""
    MONTHLY = "monthly"
    """Monthly performance: objectives, KPIs, leads, CAC."""
    QUARTERLY = "quarterly"
    """Quarterly strategy: objectives met or missed, drivers, platforms, hypotheses."""


class Tone(enum.Enum):
    """How a value should be read; renderers colour it (never the only cue)."""

    NEUTRAL = "neutral"
    GOOD = "good"
    WARNING = "warning"
    BAD = "bad"


def _id_problems(value: object, path: str = "id") -> list[Problem]:
    if not isinstance(value, str) or not _ID_RE.match(value):
        return [Problem(path, value, "must be an id slug (a-z, 0-9, _ . -)", code="bad_slug")]
    return []


def _finite_problems(value: object, path: str) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return [Problem(path, value, "must be a finite number", code="not_finite")]
    return []


@attrs.frozen
class Cell:
    """One table cell: its display text and, for machines, its raw value.

    Attributes:
        text: what a reader sees, localised and formatted ("12,5 %").
        value: the raw number or string (``None`` when undefined or not applicable).
        tone: how to read it (good / warning / bad / neutral).
    """

    text: str
    value: float | str | None = None
    tone: Tone = Tone.NEUTRAL

    def __attrs_post_init__(self) -> None:
        if isinstance(self.value, float):
            check(_finite_problems(self.value, "value"))


@attrs.frozen
class Column:
    """A table column: a stable key, a localised label, and whether it holds numbers."""

    key: str
    label: str
    numeric: bool = False

    def __attrs_post_init__(self) -> None:
        check(_id_problems(self.key, "key"))


@attrs.frozen
class Table:
    """A table of cells; every row has one cell per column.

    Attributes:
        id: a slug, stable across languages (for tests and anchors).
        title: the localised title.
        columns: the columns, left to right.
        rows: the rows, top to bottom.
        empty_text: what to show when there are no rows.
    """

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty_text: str = ""

    def __attrs_post_init__(self) -> None:
        problems = _id_problems(self.id)
        if not self.columns:
            problems.append(Problem("columns", self.columns, "must not be empty", code="empty"))
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            problems.append(Problem("columns", keys, "keys must be unique", code="duplicate_id"))
        problems.extend(
            Problem(f"rows[{i}]", len(row), f"must have {len(self.columns)} cells", code="shape")
            for i, row in enumerate(self.rows)
            if len(row) != len(self.columns)
        )
        check(problems)


@attrs.frozen
class Figure:
    """A headline number ("Leads: 42").

    Attributes:
        label: what it is.
        text: the formatted value.
        value: the raw value (``None`` when undefined).
        tone: how to read it.
        note: a short comment (target, change...).
    """

    label: str
    text: str
    value: float | None = None
    tone: Tone = Tone.NEUTRAL
    note: str = ""


@attrs.frozen
class Figures:
    """A row of headline numbers."""

    id: str
    title: str
    figures: tuple[Figure, ...]

    def __attrs_post_init__(self) -> None:
        check(_id_problems(self.id))


@attrs.frozen
class Callout:
    """One alert or remark, with its tone."""

    text: str
    tone: Tone = Tone.NEUTRAL


@attrs.frozen
class Callouts:
    """A list of alerts; ``empty_text`` says that all is quiet."""

    id: str
    title: str
    items: tuple[Callout, ...]
    empty_text: str = ""

    def __attrs_post_init__(self) -> None:
        check(_id_problems(self.id))


@attrs.frozen
class BulletList:
    """A plain list of sentences (hypotheses to test, notes)."""

    id: str
    title: str
    items: tuple[str, ...]
    empty_text: str = ""

    def __attrs_post_init__(self) -> None:
        check(_id_problems(self.id))


@attrs.frozen(order=True)
class Point:
    """One point of a time series: a day and a finite value."""

    x: date
    y: float

    def __attrs_post_init__(self) -> None:
        check(_finite_problems(self.y, "y"))


@attrs.frozen
class Forecast:
    """Where the value is expected at ``at``, with an interval ``low`` <= ``value`` <= ``high``."""

    at: date
    value: float
    low: float
    high: float

    def __attrs_post_init__(self) -> None:
        problems = [
            p
            for name in ("value", "low", "high")
            for p in _finite_problems(getattr(self, name), name)
        ]
        if not problems and not self.low <= self.value <= self.high:
            problems.append(
                Problem("low", (self.low, self.value, self.high), "must have low <= value <= high")
            )
        check(problems)


def _sorted_points(points: tuple[Point, ...] | list[Point]) -> tuple[Point, ...]:
    return tuple(sorted(points))


@attrs.frozen
class ObjectiveChart:
    """Actual vs target vs pace for one objective, with the forecast interval.

    Attributes:
        id: a slug (the objective id).
        title: the localised title.
        unit: the unit label shown on the axis ("%", "EUR", "").
        actual: the measured values, oldest first.
        pace: the planned path from the baseline to the target (2+ points).
        target: the target value at the deadline.
        forecast: where the value is expected at the deadline, if known.
        labels: localised legend labels for ``actual``, ``pace``, ``target``, ``forecast``.
    """

    id: str
    title: str
    unit: str
    actual: tuple[Point, ...] = attrs.field(converter=_sorted_points)
    pace: tuple[Point, ...] = attrs.field(converter=_sorted_points)
    target: Point
    forecast: Forecast | None = None
    labels: tuple[str, str, str, str] = ("actual", "pace", "target", "forecast")

    def __attrs_post_init__(self) -> None:
        problems = _id_problems(self.id)
        if len(self.pace) == 1:
            problems.append(Problem("pace", self.pace, "needs 0 or at least 2 points"))
        check(problems)

    def points(self) -> Iterator[Point]:
        """Every point the chart draws (to size its axes)."""
        yield from self.actual
        yield from self.pace
        yield self.target
        if self.forecast is not None:
            f = self.forecast
            yield from (Point(f.at, f.low), Point(f.at, f.high), Point(f.at, f.value))


@attrs.frozen
class Series:
    """A named time series for a trend chart."""

    name: str
    points: tuple[Point, ...] = attrs.field(converter=_sorted_points)


@attrs.frozen
class TrendChart:
    """One or more series over time (a KPI's weekly trend), with an optional target line."""

    id: str
    title: str
    unit: str
    series: tuple[Series, ...]
    target: float | None = None
    target_label: str = "target"

    def __attrs_post_init__(self) -> None:
        problems = _id_problems(self.id)
        if self.target is not None:
            problems.extend(_finite_problems(self.target, "target"))
        check(problems)

    def points(self) -> Iterator[Point]:
        """Every point the chart draws."""
        for s in self.series:
            yield from s.points


Block: TypeAlias = Table | Figures | Callouts | BulletList | ObjectiveChart | TrendChart
"""What a section holds."""


@attrs.frozen
class Section:
    """A titled part of a report, holding blocks in reading order."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    intro: str = ""

    def __attrs_post_init__(self) -> None:
        check(_id_problems(self.id))

    def charts(self) -> tuple[ObjectiveChart | TrendChart, ...]:
        """The charts of this section, in order."""
        return tuple(b for b in self.blocks if isinstance(b, ObjectiveChart | TrendChart))


@attrs.frozen
class Report:
    """A weekly, monthly or quarterly report, ready for any renderer.

    Attributes:
        kind: weekly, monthly or quarterly.
        lang: the language of every label (``"en"`` or ``"fr"``).
        title: the localised title.
        plan: the plan's name.
        period_label: the period covered (``2026-W12``, ``2026-03``, ``2026-Q1``).
        period_start: its first day.
        period_end: the day after its last day.
        as_of: the day the data stops.
        sections: the sections, in reading order.
        schema_version: the JSON schema version this model maps to.
    """

    kind: ReportKind
    lang: str
    title: str
    plan: str
    period_label: str
    period_start: date
    period_end: date
    as_of: date
    sections: tuple[Section, ...]
    schema_version: str = SCHEMA_VERSION

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if self.period_end <= self.period_start:
            problems.append(
                Problem("period_end", self.period_end, "must be after period_start", code="order")
            )
        ids = [s.id for s in self.sections]
        if len(set(ids)) != len(ids):
            problems.append(Problem("sections", ids, "ids must be unique", code="duplicate_id"))
        check(problems)

    def charts(self) -> tuple[ObjectiveChart | TrendChart, ...]:
        """Every chart of the report, in reading order."""
        return tuple(c for s in self.sections for c in s.charts())

    def section(self, section_id: str) -> Section:
        """The section with this id (``KeyError`` if there is none)."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)
