"""Small validation helpers shared by the objectives models (private)."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from socialgoals.errors import Problem
from socialgoals.model import SLUG_RE


def is_number(value: object) -> bool:
    """Whether ``value`` is a finite int or float (booleans excluded)."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def number(path: str, value: object, *, optional: bool = False) -> Iterator[Problem]:
    """Problems when ``value`` is not a finite number (``None`` allowed if optional)."""
    if value is None and optional:
        return
    if not is_number(value):
        yield Problem(path, value, "must be a finite number", code="not_a_number")


def slug(path: str, value: object, *, optional: bool = False) -> Iterator[Problem]:
    """Problems when ``value`` is not an id slug (``None`` allowed if optional)."""
    if value is None and optional:
        return
    if not isinstance(value, str) or not SLUG_RE.match(value):
        yield Problem(
            path,
            value,
            "must be an id slug (lowercase letters, digits, _ . -)",
            code="bad_slug",
        )


def text(path: str, value: object, *, optional: bool = False) -> Iterator[Problem]:
    """Problems when ``value`` is not a non-empty string (``None`` allowed if optional)."""
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        yield Problem(path, value, "must be a non-empty string", code="empty")


def day(path: str, value: object, *, optional: bool = False) -> Iterator[Problem]:
    """Problems when ``value`` is not a calendar date.

    Datetimes are refused (naive ones with a word about timezones): objectives
    are planned in days.
    """
    if value is None and optional:
        return
    if isinstance(value, datetime):
        naive = value.tzinfo is None or value.tzinfo.utcoffset(value) is None
        hint = " (and a naive datetime has no timezone)" if naive else ""
        yield Problem(
            path,
            value,
            f"must be a date such as 2026-07-01, not a datetime{hint}",
            code="naive_datetime" if naive else "not_a_date",
        )
    elif not isinstance(value, date):
        yield Problem(path, value, "must be a date such as 2026-07-01", code="not_a_date")


def slugs(path: str, values: Iterable[object]) -> Iterator[Problem]:
    """Problems for every non-slug or repeated id in ``values``."""
    seen: set[object] = set()
    for i, value in enumerate(values):
        yield from slug(f"{path}[{i}]", value)
        if isinstance(value, str) and value in seen:
            yield Problem(f"{path}[{i}]", value, "is listed twice", code="duplicate")
        if isinstance(value, str):
            seen.add(value)


def instance(path: str, value: object, cls: type, *, optional: bool = False) -> Iterator[Problem]:
    """Problems when ``value`` is not a ``cls`` (``None`` allowed if optional)."""
    if value is None and optional:
        return
    if not isinstance(value, cls):
        code = "bad_enum" if issubclass(cls, enum.Enum) else "wrong_type"
        yield Problem(path, value, f"must be a {cls.__name__}", code=code)


def items(path: str, values: object, cls: type) -> Iterator[Problem]:
    """Problems when ``values`` is not a tuple of ``cls`` items."""
    if not isinstance(values, tuple):
        yield Problem(path, values, f"must be a tuple of {cls.__name__}", code="wrong_type")
        return
    for i, value in enumerate(values):
        yield from instance(f"{path}[{i}]", value, cls)
