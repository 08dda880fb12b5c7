"""Reading the Graph API's timestamps (``2026-03-02T08:00:00+0000``)."""

from __future__ import annotations

from datetime import datetime

__all__ = ["parse_graph_time"]


def parse_graph_time(value: object) -> datetime | None:
    """An aware datetime, or None for anything that is not an aware ISO timestamp.

    >>> parse_graph_time("2026-03-02T08:00:00+0000")
    datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.timezone.utc)
    >>> parse_graph_time("2026-03-02T08:00:00"), parse_graph_time(None)
    (None, None)
    """
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
