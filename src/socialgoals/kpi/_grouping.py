"""Group keys of the rollup: key columns coded to small integers, combined per row.

Every key column is coded once (value -> code, codes in the sorted order of
the values), the codes of a row combine into one group id by mixed radix, and
the group keys are decoded from the combined codes of the groups present. The
combined code of a group sorts like its key, so groups come out sorted.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, tzinfo
from itertools import pairwise, repeat
from operator import add
from typing import Final

from socialgoals.errors import ValidationError
from socialgoals.kpi._table import Window
from socialgoals.model import Period, PeriodKind

__all__ = [
    "OUTSIDE",
    "Coding",
    "check_windows",
    "code_column",
    "code_periods",
    "decode",
    "group_ids",
    "local_day",
    "sort_labels",
]

OUTSIDE: Final = object()
"""The label of rows that fall outside every custom window (dropped)."""


def sort_labels(values: Iterable[object]) -> list[object]:
    unique = list(values)
    try:
        return sorted(unique)  # type: ignore[type-var]
    except TypeError:
        return sorted(unique, key=lambda v: (type(v).__name__, repr(v)))


Coding = tuple[dict[object, int], Sequence[object], list[object]]
"""A key column coded: value -> code, the column itself, and the label of each code."""


def code_column(column: Sequence[object]) -> Coding:
    lookup: dict[object, int] = dict.fromkeys(column, 0)
    labels = sort_labels(lookup)
    lookup.update((label, code) for code, label in enumerate(labels))
    return lookup, column, labels


def local_day(value: object, tz: tzinfo | None) -> date:
    if isinstance(value, datetime):
        if tz is None:
            raise ValidationError(
                "is needed: the date column holds instants (give an IANA zone)",
                path="tz",
                value=None,
            )
        return value.astimezone(tz).date()
    assert isinstance(value, date)
    return value


def check_windows(windows: Sequence[Window]) -> list[Window]:
    ordered = sorted(windows)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise ValidationError(
                f"overlaps window {before}", path="period", value=str(after), code="overlap"
            )
    return ordered


def code_periods(
    dates: Sequence[object], period: PeriodKind | Sequence[Window], tz: tzinfo | None
) -> Coding:
    lookup: dict[object, int] = dict.fromkeys(dates, 0)
    label_of: dict[object, object] = {}
    if isinstance(period, PeriodKind):
        for value in lookup:
            label_of[value] = Period.containing(local_day(value, tz), period)
    else:
        windows = check_windows(period)
        for value in lookup:
            day = local_day(value, tz)
            label_of[value] = next((w for w in windows if w.contains(day)), OUTSIDE)
    labels = sort_labels(v for v in set(label_of.values()) if v is not OUTSIDE)
    code_of: dict[object, int] = {label: code for code, label in enumerate(labels)}
    outside = len(labels)
    for value in lookup:
        lookup[value] = code_of.get(label_of[value], outside)
    if any(v is OUTSIDE for v in label_of.values()):
        labels.append(OUTSIDE)
    return lookup, dates, labels


def group_ids(codings: list[Coding], rows: int) -> tuple[list[int], list[int], int]:
    """Combine the key columns: (group id per row, combined code per group, groups).

    Each column's codes are pre-multiplied by its stride, so the combined code
    of a row is one lazy chain of C-level lookups and additions.
    """
    if not codings:
        return [0] * rows, [0], 1
    sizes = [len(labels) for _, _, labels in codings]
    stride = 1
    chain: Iterator[int] | None = None
    for (lookup, column, _), size in zip(reversed(codings), reversed(sizes), strict=True):
        scaled = {value: code * stride for value, code in lookup.items()}
        codes = map(scaled.__getitem__, column)
        chain = codes if chain is None else map(add, chain, codes)
        stride *= size
    combined = list(chain or ())
    space = stride
    if space <= max(1 << 16, rows):
        present = sorted(set(combined))
        return combined, present, space
    group_of: dict[int, int] = dict.fromkeys(combined, 0)
    present = sorted(group_of)
    group_of.update(zip(present, range(len(present)), strict=True))
    return list(map(group_of.__getitem__, combined)), present, -len(present)


def decode(
    present: list[int], sizes: list[int], labels: list[list[object]], *, dense: bool
) -> tuple[list[tuple[object, ...]], list[int]]:
    """Group keys from combined codes, and where each group's sums live."""
    label_columns: list[list[object]] = []
    rest: list[int] = present
    for size, lab in zip(reversed(sizes), reversed(labels), strict=True):
        label_columns.append(list(map(lab.__getitem__, map(operator.mod, rest, repeat(size)))))
        rest = list(map(operator.floordiv, rest, repeat(size)))
    label_columns.reverse()
    keys: list[tuple[object, ...]] = list(zip(*label_columns, strict=True)) or [()] * len(present)
    slots = present if dense else list(range(len(present)))
    if not any(OUTSIDE in lab for lab in labels):
        return keys, slots
    inside = [i for i, key in enumerate(keys) if OUTSIDE not in key]
    return [keys[i] for i in inside], [slots[i] for i in inside]
