"""Hypothesis strategies for the report model (:mod:`socialgoals.reporting`).

Reports are valid by construction; their text mixes letters with characters
that are special in HTML, Markdown and rich markup (``< > & " ' | [ ]``), so
renderers' escaping is exercised. Everything shrinks towards a report with
no section, short texts and small values.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from socialgoals.reporting import (
    LANGUAGES,
    Block,
    BulletList,
    Callout,
    Callouts,
    Cell,
    Column,
    Figure,
    Figures,
    Forecast,
    ObjectiveChart,
    Point,
    Report,
    ReportKind,
    Section,
    Series,
    Table,
    Tone,
    TrendChart,
)

__all__ = ["report_texts", "points", "blocks", "sections", "reports", "type_strategies"]

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éèàç<>&\"'|[]/%-"
_IDS = st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True)
_DAY0 = date(2026, 1, 1)


def report_texts(*, max_size: int = 20) -> st.SearchStrategy[str]:
    """Non-blank single-line texts with HTML/Markdown-special characters; shrinks to ``"a"``."""
    words = st.text(_ALPHABET, min_size=1, max_size=max(1, max_size // 2))
    return st.lists(words, min_size=1, max_size=2).map(" ".join)


def points(*, min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[tuple[Point, ...]]:
    """Series of points on distinct days in 2026, finite values; shrinks to ``()``."""
    values = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    offsets = st.lists(st.integers(0, 364), min_size=min_size, max_size=max_size, unique=True)

    def on(days: list[int]) -> st.SearchStrategy[tuple[Point, ...]]:
        return st.tuples(*(st.builds(Point, st.just(_DAY0 + timedelta(d)), values) for d in days))

    return offsets.flatmap(on)


@st.composite
def _table(draw: Any) -> Table:
    n = draw(st.integers(1, 4))
    keys = draw(st.lists(_IDS, min_size=n, max_size=n, unique=True))
    columns = tuple(Column(k, draw(report_texts()), numeric=draw(st.booleans())) for k in keys)
    cell = st.builds(
        Cell, report_texts(), st.none() | st.floats(-1e9, 1e9) | report_texts(),
        st.sampled_from(Tone),
    )  # fmt: skip
    rows = draw(st.lists(st.tuples(*[cell] * n), max_size=4))
    return Table(draw(_IDS), draw(report_texts()), columns, tuple(rows), draw(report_texts()))


@st.composite
def _objective_chart(draw: Any) -> ObjectiveChart:
    actual = draw(points())
    target = Point(date(2026, 12, 31), draw(st.floats(0, 1e6)))
    pace = (Point(_DAY0, draw(st.floats(0, 1e6))), target)
    forecast = None
    if draw(st.booleans()):
        low, value, high = sorted(draw(st.lists(st.floats(0, 1e6), min_size=3, max_size=3)))
        forecast = Forecast(target.x, value, low, high)
    return ObjectiveChart(
        id=draw(_IDS), title=draw(report_texts()), unit=draw(st.sampled_from(["", "%", "EUR"])),
        actual=actual, pace=pace, target=target, forecast=forecast,
    )  # fmt: skip


def blocks() -> st.SearchStrategy[Block]:
    """Any block: a table, figures, callouts, a list or a chart."""
    texts = report_texts()
    figure = st.builds(Figure, texts, texts, st.none() | st.floats(-1e9, 1e9),
                       st.sampled_from(Tone), texts)  # fmt: skip
    series = st.builds(Series, texts, points(min_size=1))
    return st.one_of(
        _table(),
        st.builds(Figures, _IDS, texts, st.lists(figure, max_size=3).map(tuple)),
        st.builds(
            Callouts, _IDS, texts,
            st.lists(st.builds(Callout, texts, st.sampled_from(Tone)), max_size=3).map(tuple),
            texts,
        ),
        st.builds(BulletList, _IDS, texts, st.lists(texts, max_size=3).map(tuple), texts),
        _objective_chart(),
        st.builds(TrendChart, _IDS, texts, st.sampled_from(["", "%"]),
                  st.lists(series, min_size=1, max_size=3).map(tuple),
                  st.none() | st.floats(0, 1e6)),
    )  # fmt: skip


def sections() -> st.SearchStrategy[Section]:
    """A section of 0-4 blocks; shrinks to an empty section."""
    return st.builds(Section, _IDS, report_texts(), st.lists(blocks(), max_size=4).map(tuple))


@st.composite
def _report(draw: Any, kind: ReportKind | None, lang: str | None) -> Report:
    found = draw(st.lists(sections(), max_size=4, unique_by=lambda s: s.id))
    start = _DAY0 + timedelta(days=draw(st.integers(0, 300)))
    return Report(
        kind=kind or draw(st.sampled_from(ReportKind)),
        lang=lang or draw(st.sampled_from(LANGUAGES)),
        title=draw(report_texts()),
        plan=draw(report_texts()),
        period_label=start.isoformat(),
        period_start=start,
        period_end=start + timedelta(days=draw(st.integers(1, 92))),
        as_of=start,
        sections=tuple(found),
    )


def reports(
    *, kind: ReportKind | None = None, lang: str | None = None
) -> st.SearchStrategy[Report]:
    """Whole reports (any kind and language unless given); shrinks to one with no section."""
    return _report(kind, lang)


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategies to register with ``st.register_type_strategy``."""
    return {Report: reports(), Section: sections(), Point: points(min_size=1).map(lambda p: p[0])}
