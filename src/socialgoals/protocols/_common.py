"""Shared validation helpers of the contract types."""

from __future__ import annotations

import re
from typing import Any, Final

from socialgoals.errors import Problem

__all__ = ["IDEMPOTENCY_KEY_RE", "frozenset_converter", "check_key"]


IDEMPOTENCY_KEY_RE: Final = re.compile(r"^[A-Za-z0-9_.:\-]{1,200}$")
"""What idempotency keys look like: short, opaque, never personal data."""


def frozenset_converter(value: Any) -> Any:
    """Turn an iterable into a frozenset; leave anything else for validation to refuse."""
    if isinstance(value, str | bytes) or value is None:
        return value  # refused by the validation below, with the value shown
    try:
        return frozenset(value)
    except TypeError:
        return value


def check_key(path: str, key: object) -> list[Problem]:
    """The problems of an idempotency (or subject) key at ``path``, if any."""
    if not isinstance(key, str) or not IDEMPOTENCY_KEY_RE.match(key):
        return [
            Problem(
                path,
                key,
                "must be 1-200 characters among letters, digits and _ . : -",
                code="bad_key",
            )
        ]
    return []
