"""From a measured baseline (socialgoals.kpi) to an objective's baseline."""

from __future__ import annotations

from socialgoals.errors import ValidationError
from socialgoals.kpi import MeasuredBaseline, Undefined
from socialgoals.objectives import Baseline

__all__ = ["as_baseline"]


def as_baseline(measured: MeasuredBaseline) -> Baseline:
    """The objective :class:`~socialgoals.objectives.Baseline` of a measurement.

    The window and source are kept; an undefined measurement is an error that
    says why.

    >>> from datetime import date
    >>> m = MeasuredBaseline("ctr", 1.25, date(2026, 1, 1), date(2026, 3, 1))
    >>> as_baseline(m)
    Baseline(value=1.25, window_start=datetime.date(2026, 1, 1), ...)
    >>> as_baseline(MeasuredBaseline("ctr", Undefined("no data"), date(2026, 1, 1),
    ...                              date(2026, 3, 1)))
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: baseline.value: cannot be measured: no data (got 'ctr')
    """
    if isinstance(measured.value, Undefined):
        raise ValidationError(
            f"cannot be measured: {measured.value.reason}",
            path="baseline.value",
            value=measured.kpi,
        )
    return Baseline(
        measured.value,
        window_start=measured.window_start,
        window_end=measured.window_end,
        source=measured.source,
    )
