"""The numpy engine of the rollup (optional: the ``numpy`` extra).

Two passes dominate a rollup of millions of rows: giving each row its group id
and adding each metric column into per-group sums. With numpy installed they
run vectorised. Each key column is coded in one pass of dictionary lookups
(codes in order of first appearance, then ranked so that they follow the
sorted labels, as the Python engine codes them), the codes combine by mixed
radix in 64-bit integers, and each float column is summed with
``numpy.bincount``, which adds the values in row order: the sums are bit for
bit those of the Python engine.

Columns with gaps (``None``) or values other than floats, stock metrics (latest
value) and key spaces beyond 2**62 stay on the Python engine, which also
reports every bad value.
"""

from __future__ import annotations

import functools
import math
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal

from socialgoals.errors import ValidationError
from socialgoals.kpi._grouping import Coding, sort_labels

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    GroupIds = NDArray[np.intp]
    Floats = NDArray[np.float64]

__all__ = [
    "ENGINES",
    "Engine",
    "numpy_available",
    "numpy_column",
    "numpy_group_ids",
    "numpy_index",
    "numpy_sums",
    "wants_numpy",
]

Engine = Literal["auto", "numpy", "python"]
"""Which engine computes a rollup: numpy when installed (``auto``), or one by name."""

ENGINES: Final[tuple[str, ...]] = ("auto", "numpy", "python")

_KEY_LIMIT: Final = 1 << 62
"""Key spaces at least this large do not fit the 64-bit combined codes."""


@functools.cache
def numpy_available() -> bool:
    """Whether numpy is importable (the ``numpy`` extra), which speeds up large rollups.

    >>> isinstance(numpy_available(), bool)
    True
    """
    try:
        import numpy  # noqa: F401, PLC0415 - optional extra, probed lazily
    except ImportError:
        return False
    return True


def wants_numpy(engine: str) -> bool:
    """Whether a rollup asked to run on ``engine`` runs on numpy (validates the name)."""
    if engine not in ENGINES:
        raise ValidationError(f"must be one of {', '.join(ENGINES)}", path="engine", value=engine)
    if engine == "python":
        return False
    if numpy_available():
        return True
    if engine == "numpy":
        raise ValidationError(
            "needs numpy, which is not installed (pip install 'socialgoals[numpy]')",
            path="engine",
            value=engine,
        )
    return False


class _FirstSeen(dict[object, int]):
    """Value -> code in order of first appearance; only a new value costs a Python call."""

    def __missing__(self, key: object) -> int:
        code = self[key] = len(self)
        return code


def numpy_group_ids(
    columns: Sequence[Sequence[object]], extra: Coding | None, rows: int
) -> tuple[GroupIds, list[list[object]], list[int], int] | None:
    """Group ids of ``rows`` rows keyed by ``columns`` (and an already coded ``extra`` key).

    Returns (group id per row, sorted labels per key, combined code per group,
    space) with the conventions of :func:`~socialgoals.kpi._grouping.group_ids`:
    a positive space means the ids are the combined codes themselves, a
    negative one that they are positions in the sorted combined codes. ``None``
    when the key space does not fit 64-bit codes.
    """
    import numpy as np  # noqa: PLC0415 - optional extra

    coded: list[tuple[GroupIds, list[object]]] = []
    for column in columns:
        first = _FirstSeen()
        codes = np.fromiter(map(first.__getitem__, column), dtype=np.intp, count=rows)
        labels = sort_labels(first)
        rank = np.empty(len(labels), dtype=np.intp)
        rank[[first[label] for label in labels]] = np.arange(len(labels), dtype=np.intp)
        coded.append((rank[codes], labels))
    if extra is not None:
        lookup, column, labels = extra
        codes = np.fromiter(map(lookup.__getitem__, column), dtype=np.intp, count=rows)
        coded.append((codes, labels))
    space = math.prod(len(labels) for _, labels in coded)
    if space >= _KEY_LIMIT:
        return None
    combined = np.zeros(rows, dtype=np.intp)
    stride = 1
    for codes, labels in reversed(coded):
        combined += codes * stride
        stride *= len(labels)
    all_labels = [labels for _, labels in coded]
    if space <= max(1 << 16, rows):
        present = np.flatnonzero(np.bincount(combined, minlength=space))
        return combined, all_labels, present.tolist(), space
    unique, inverse = np.unique(combined, return_inverse=True)
    return inverse.astype(np.intp, copy=False), all_labels, unique.tolist(), -len(unique)


def numpy_column(column: Sequence[float | None], rows: int) -> Floats | None:
    """A metric column as float64 (no copy of an ``array("d")``), or ``None`` if not all floats."""
    import numpy as np  # noqa: PLC0415 - optional extra

    if isinstance(column, array):
        if column.typecode != "d":
            return None
        return np.frombuffer(column, dtype=np.float64)
    if isinstance(column, list | tuple) and set(map(type, column)) <= {float}:
        return np.fromiter(column, dtype=np.float64, count=rows)
    return None


def numpy_index(positions: Sequence[int]) -> GroupIds:
    """Positions as an index array (built once, read by every :func:`numpy_sums`)."""
    import numpy as np  # noqa: PLC0415 - optional extra

    return np.asarray(positions, dtype=np.intp)


def numpy_sums(gid: GroupIds, values: Floats, size: int, slots: GroupIds) -> list[float | None]:
    """Per-group sums of ``values``, added in row order, read at ``slots``."""
    import numpy as np  # noqa: PLC0415 - optional extra

    picked: list[float | None] = np.bincount(gid, weights=values, minlength=size)[slots].tolist()
    return picked
