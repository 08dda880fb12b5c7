"""The implementation of the ``socialgoals`` command (see :mod:`socialgoals.cli`)."""

from __future__ import annotations

__all__: list[str] = []
