"""Hypothesis strategies for the shared vocabulary (``socialgoals.model``)."""

from __future__ import annotations

import functools
import operator
import string
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from socialgoals.model import (
    DataSource,
    DataSourceKind,
    Observation,
    Owner,
    Period,
    PeriodKind,
    Platform,
)

__all__ = [
    "slugs",
    "words",
    "days",
    "aware_datetimes",
    "platforms",
    "owners",
    "data_sources",
    "periods",
    "observations",
    "type_strategies",
]


@functools.cache
def slugs(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Id slugs such as ``"a"``, ``"ig-reach_2"`` (shrinks to ``"a"``)."""
    return st.builds(
        operator.add,
        st.sampled_from(string.ascii_lowercase),
        st.text(string.ascii_lowercase + string.digits + "_-", max_size=max(0, max_size - 1)),
    )


@functools.cache
def words(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Short non-blank ASCII texts (shrinks to ``"A"``)."""
    return st.text(string.ascii_letters + string.digits + " -", min_size=1, max_size=max_size).map(
        lambda s: s.strip() or "A"
    )


@functools.cache
def days(
    *, min_value: date = date(2020, 1, 1), max_value: date = date(2030, 12, 31)
) -> st.SearchStrategy[date]:
    """Calendar dates in a range (shrinks to ``min_value``)."""
    return st.dates(min_value=min_value, max_value=max_value)


@functools.cache
def aware_datetimes(
    *,
    min_value: datetime = datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value: datetime = datetime(2030, 12, 31),  # noqa: DTZ001 - idem
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes with UTC or a fixed offset (shrinks to UTC, ``min_value``)."""
    zones = st.one_of(
        st.just(UTC),
        st.integers(-12 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q))),
    )
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=zones)


@functools.cache
def platforms(*, custom: bool = True) -> st.SearchStrategy[Platform]:
    """The seven known platforms, and custom ones when ``custom`` (shrinks to Facebook)."""
    known = st.sampled_from(Platform.known())
    if not custom:
        return known
    return st.one_of(known, slugs().map(lambda s: Platform(f"custom-{s}")))


@functools.cache
def owners() -> st.SearchStrategy[Owner]:
    """Owners: a role, sometimes a person (shrinks to a role alone)."""
    return st.builds(Owner, role=words(), person=st.none() | words())


@functools.cache
def data_sources() -> st.SearchStrategy[DataSource]:
    """Data sources of any kind, optionally named (shrinks to the first kind, unnamed)."""
    return st.builds(
        DataSource,
        kind=st.sampled_from(DataSourceKind),
        name=st.none() | words(),
        details=st.none() | words(),
    )


@functools.cache
def periods(*, kinds: tuple[PeriodKind, ...] = tuple(PeriodKind)) -> st.SearchStrategy[Period]:
    """Calendar periods of the given kinds (shrinks to the first day of 2020)."""
    return st.builds(Period.containing, days(), st.sampled_from(kinds))


@functools.cache
def observations() -> st.SearchStrategy[Observation]:
    """Observations with non-negative finite values (shrinks to 0 on the first day)."""
    return st.builds(
        Observation,
        date=days(),
        platform=platforms(),
        metric=slugs(),
        value=st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
        account=st.just("") | slugs(),
        campaign=st.just("") | slugs(),
        post=st.just("") | slugs(),
        source=st.just("") | slugs(),
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each model of ``socialgoals.model``, for registration."""
    return {
        Platform: platforms(),
        Owner: owners(),
        DataSource: data_sources(),
        Period: periods(),
        Observation: observations(),
    }
