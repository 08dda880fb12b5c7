"""Units of KPI values: count, percent, currency (with a code), duration, score, ratio."""

from __future__ import annotations

import enum
import re
from typing import Final

import attrs

from socialgoals.errors import ValidationError

__all__ = ["Unit", "UnitKind"]

_CODE_RE: Final = re.compile(r"^[A-Z]{3}$")


class UnitKind(enum.Enum):
    """What kind of quantity a KPI measures."""

    COUNT = "count"
    PERCENT = "percent"
    CURRENCY = "currency"
    DURATION = "duration"
    """A duration in seconds."""
    SCORE = "score"
    """A score on a scale of its own (NPS runs from -100 to 100)."""
    RATIO = "ratio"
    """A plain ratio (LTV / CAC = 3.2)."""


@attrs.frozen(order=True)
class Unit:
    """The unit of a KPI's values.

    Attributes:
        kind: the kind of quantity.
        currency: the ISO 4217 code, for (and only for) currency units.

    >>> Unit.parse("currency:EUR")
    Unit('currency:EUR')
    >>> Unit.parse("percent").symbol
    '%'
    >>> Unit.parse("furlongs")
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: unit: must be one of count, percent, ... (got 'furlongs')
    """

    kind: UnitKind
    currency: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind is UnitKind.CURRENCY:
            if not isinstance(self.currency, str) or not _CODE_RE.match(self.currency):
                raise ValidationError(
                    "must be a 3-letter ISO 4217 code such as 'EUR'",
                    path="unit.currency",
                    value=self.currency,
                    code="bad_currency",
                )
        elif self.currency is not None:
            raise ValidationError(
                f"only currency units have a currency code (unit is {self.kind.value})",
                path="unit.currency",
                value=self.currency,
            )

    @classmethod
    def parse(cls, text: str) -> Unit:
        """Parse ``count``, ``percent``, ``duration``, ``score``, ``ratio`` or ``currency:EUR``.

        A bare currency code (``EUR``) is accepted as a currency unit too.
        """
        if isinstance(text, Unit):
            return text
        raw = text.strip() if isinstance(text, str) else ""
        kind, _, code = raw.partition(":")
        if kind.lower() == "currency" and code:
            return cls(UnitKind.CURRENCY, code.strip().upper())
        if _CODE_RE.match(raw):
            return cls(UnitKind.CURRENCY, raw)
        for member in UnitKind:
            if member is not UnitKind.CURRENCY and raw.lower() == member.value:
                return cls(member)
        raise ValidationError(
            "must be one of count, percent, duration, score, ratio or currency:<CODE>",
            path="unit",
            value=text,
            code="bad_unit",
        )

    @property
    def symbol(self) -> str:
        """A short suffix for display: ``%``, ``EUR``, ``s`` or empty."""
        if self.kind is UnitKind.PERCENT:
            return "%"
        if self.kind is UnitKind.CURRENCY:
            return self.currency or ""
        if self.kind is UnitKind.DURATION:
            return "s"
        return ""

    def __str__(self) -> str:
        if self.kind is UnitKind.CURRENCY:
            return f"currency:{self.currency}"
        return str(self.kind.value)

    def __repr__(self) -> str:
        return f"Unit({str(self)!r})"


COUNT: Final = Unit(UnitKind.COUNT)
PERCENT: Final = Unit(UnitKind.PERCENT)
DURATION: Final = Unit(UnitKind.DURATION)
SCORE: Final = Unit(UnitKind.SCORE)
RATIO: Final = Unit(UnitKind.RATIO)
