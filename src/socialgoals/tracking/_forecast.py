"""Closed-form forecasting: a least-squares linear trend with its residual spread.

No randomness and no optimiser: the forecast at the deadline is the fitted
line's value there, its 80% prediction interval uses Student's t quantile
with ``n - 2`` degrees of freedom, and the probability of reaching a
threshold uses a normal approximation scaled so that it agrees with the 80%
interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import attrs

__all__ = ["Forecast", "linear_forecast", "t_quantile_90"]

_T90: Final = (
    3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
    1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
    1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310,
)  # fmt: skip
"""Student's t 0.90 quantile for 1 to 30 degrees of freedom."""
_Z90: Final = 1.2815515655446004


def t_quantile_90(df: int) -> float:
    """Student's t quantile at 0.90 (the upper end of a two-sided 80% interval).

    >>> t_quantile_90(1), round(t_quantile_90(1000), 3)
    (3.078, 1.282)
    """
    if df < 1:
        raise ValueError(f"degrees of freedom must be >= 1, got {df}")
    if df <= len(_T90):
        return _T90[df - 1]
    z = _Z90  # Cornish-Fisher expansion, accurate to 1e-3 beyond 30 df
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def _normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


@attrs.frozen
class Forecast:
    """Where the KPI is heading at the deadline.

    Attributes:
        value: the trend's value at the deadline.
        low: lower end of the 80% prediction interval.
        high: upper end of the 80% prediction interval.
        slope: the trend per day.
        points: how many observations the trend was fitted on.
        spread: the residual standard deviation (0 for a perfect line).
    """

    value: float
    low: float
    high: float
    slope: float
    points: int
    spread: float

    @property
    def _scale(self) -> float:
        return (self.high - self.value) / _Z90

    def probability_at_least(self, threshold: float) -> float:
        """The probability that the value at the deadline is >= ``threshold``."""
        scale = self._scale
        if scale <= 0:
            return 1.0 if self.value >= threshold else 0.0
        return 1.0 - _normal_cdf((threshold - self.value) / scale)

    def probability_at_most(self, threshold: float) -> float:
        """The probability that the value at the deadline is <= ``threshold``."""
        scale = self._scale
        if scale <= 0:
            return 1.0 if self.value <= threshold else 0.0
        return _normal_cdf((threshold - self.value) / scale)

    def probability_within(self, lower: float | None, upper: float | None) -> float:
        """The probability that the value at the deadline is within the bounds."""
        below_upper = 1.0 if upper is None else self.probability_at_most(upper)
        below_lower = 0.0 if lower is None else 1.0 - self.probability_at_least(lower)
        return max(0.0, below_upper - below_lower)


def linear_forecast(xs: Sequence[float], ys: Sequence[float], at: float) -> Forecast | None:
    """Fit ``y = a + b x`` by least squares and forecast at ``x = at``.

    Needs at least three points with two distinct ``x`` (two points fit a
    line but leave no spread to estimate an interval); returns ``None`` otherwise.

    >>> f = linear_forecast([0, 1, 2, 3], [10.0, 12.0, 13.0, 15.0], at=10)
    >>> round(f.value, 2), round(f.slope, 2), f.low < f.value < f.high
    (26.1, 1.6, True)
    """
    n = len(xs)
    if n < 3 or len(set(xs)) < 2:
        return None
    mean_x = math.fsum(xs) / n
    mean_y = math.fsum(ys) / n
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    residuals = math.fsum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    spread = math.sqrt(residuals / (n - 2))
    value = intercept + slope * at
    se = spread * math.sqrt(1 + 1 / n + (at - mean_x) ** 2 / sxx)
    half = t_quantile_90(n - 2) * se
    return Forecast(value, value - half, value + half, slope, n, spread)
