"""Target setting: conservative, expected and stretch targets from evidence.

"Target = baseline + realistic progress." From a baseline and up to three
sources of evidence, :func:`propose_targets` proposes three targets for each
horizon (90 and 180 days by default), each with its rationale:

- **own history**: the KPI's past growth per 30 days (the baseline's
  ``history``). Conservative = half the average growth, expected = the
  average growth, stretch = the best growth, applied over the horizon.
- **industry benchmark**: a typical value of the KPI in the sector.
- **competitor sample**: the mean of at least three competitors' values
  (the starting point when there is no history).

A benchmark or competitor level L pulls the target towards it: by 180 days
the expected target closes the gap to L, the conservative one half of it and
the stretch one goes 1.5 times as far (a quarter, half and three quarters of
that at 90 days). When the baseline already beats L, the level proposes to
hold the baseline.

Across sources, the conservative target is the most cautious candidate, the
expected one the mean of the expected candidates, the stretch one the boldest
candidate; so conservative <= expected <= stretch for a KPI where higher is
better, and the reverse for one where lower is better (a cost, a delay).

>>> proposals = propose_targets(
...     Baseline(2.0), competitors=CompetitorSample((2.4, 3.0, 3.6)), horizons=(90,))
>>> [(p.ambition.value, round(p.value, 2)) for p in proposals.proposals]
[('conservative', 2.25), ('expected', 2.5), ('stretch', 2.75)]
>>> propose_targets(Baseline(2.0), competitors=CompetitorSample((2.4, 3.0)))
Traceback (most recent call last):
...
socialgoals.errors.ValidationError: values: needs at least 3 competitors' values, got 2 ...
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Sequence
from statistics import fmean

import attrs

from socialgoals.errors import Problem, ValidationError, check
from socialgoals.objectives import _checks
from socialgoals.objectives._objective import Baseline, HistoryPoint, Target

__all__ = [
    "Ambition",
    "CompetitorSample",
    "ProposedTarget",
    "TargetProposals",
    "growth_per_30_days",
    "propose_targets",
]


class Ambition(enum.Enum):
    """How ambitious a proposed target is."""

    CONSERVATIVE = "conservative"
    EXPECTED = "expected"
    STRETCH = "stretch"


@attrs.frozen
class CompetitorSample:
    """The same KPI measured on at least three competitors.

    Attributes:
        values: one value per competitor.
        names: the competitors' names, if you want them in the rationale.
    """

    values: tuple[float, ...]
    names: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        values: object = self.values
        if not isinstance(values, tuple):
            problems.append(Problem("values", values, "must be a tuple", code="wrong_type"))
        else:
            for i, value in enumerate(self.values):
                problems.extend(_checks.number(f"values[{i}]", value))
            if len(self.values) < 3:
                problems.append(
                    Problem(
                        "values",
                        self.values,
                        f"needs at least 3 competitors' values, got {len(self.values)}",
                        code="too_few_competitors",
                    )
                )
            if self.names and len(self.names) != len(self.values):
                problems.append(
                    Problem(
                        "names",
                        self.names,
                        f"must name each of the {len(self.values)} values",
                        code="length",
                    )
                )
        check(problems)

    @property
    def mean(self) -> float:
        """The competitors' average."""
        return fmean(self.values)


@attrs.frozen
class ProposedTarget:
    """One proposed target.

    Attributes:
        ambition: conservative, expected or stretch.
        horizon_days: days from the baseline to the target.
        value: the value to reach.
        rationale: how it was derived, in words.
    """

    ambition: Ambition
    horizon_days: int
    value: float
    rationale: str

    def as_target(self) -> Target:
        """This proposal as an objective's absolute :class:`Target`."""
        return Target(value=self.value)


@attrs.frozen
class TargetProposals:
    """Conservative, expected and stretch targets for each horizon.

    Attributes:
        baseline: the baseline's value.
        higher_is_better: the KPI's direction of improvement.
        proposals: three per horizon, horizon by horizon, in ambition order.
    """

    baseline: float
    higher_is_better: bool
    proposals: tuple[ProposedTarget, ...]

    def get(self, ambition: Ambition, horizon_days: int) -> ProposedTarget:
        """The proposal of one ambition for one horizon (``KeyError`` when absent)."""
        for p in self.proposals:
            if p.ambition is ambition and p.horizon_days == horizon_days:
                return p
        raise KeyError((ambition, horizon_days))

    @property
    def horizons(self) -> tuple[int, ...]:
        """The horizons, in the order asked."""
        return tuple(dict.fromkeys(p.horizon_days for p in self.proposals))

    def to_text(self) -> str:
        """The proposals as readable lines."""
        lines = [f"baseline {self.baseline:g}"]
        lines.extend(
            f"  {p.horizon_days:>3} days {p.ambition.value:<12} {p.value:.4g}  ({p.rationale})"
            for p in self.proposals
        )
        return "\n".join(lines)


def growth_per_30_days(
    points: Sequence[HistoryPoint], *, higher_is_better: bool = True
) -> list[float]:
    """The improvement per 30 days between consecutive points (as fractions).

    Pairs that start at 0 are skipped (no relative growth from nothing).

    >>> from datetime import date
    >>> growth_per_30_days([HistoryPoint(date(2026, 1, 1), 100.0),
    ...                     HistoryPoint(date(2026, 1, 31), 110.0)])
    [0.1]
    """
    rates = []
    for before, after in itertools.pairwise(points):
        days = (after.on - before.on).days
        if before.value == 0 or days <= 0:
            continue
        change = (after.value - before.value) / abs(before.value)
        rates.append((change if higher_is_better else -change) * 30 / days)
    return rates


# A candidate is (conservative, expected, stretch, rationale of each).
_Candidate = tuple[float, float, float, tuple[str, str, str]]


def _from_history(base: float, rates: list[float], horizon: int, up: bool) -> _Candidate | None:
    if base <= 0 or not rates:
        return None
    mean = max(0.0, fmean(rates))
    best = max(mean, *rates)
    k = horizon / 30

    def at(rate: float) -> float:
        return base * (1 + rate * k) if up else base / (1 + rate * k)

    why = (
        f"history: half the average growth ({mean / 2:+.1%}/30 days)",
        f"history: the average growth ({mean:+.1%}/30 days)",
        f"history: the best growth ({best:+.1%}/30 days)",
    )
    return at(mean / 2), at(mean), at(best), why


def _from_level(base: float, level: float, label: str, horizon: int, up: bool) -> _Candidate:
    better = level > base if up else level < base
    if not better:
        hold = f"{label} {level:g}: the baseline already beats it, hold it"
        return base, base, base, (hold, hold, hold)
    gap, share = level - base, min(1.0, horizon / 180)

    def at(factor: float) -> float:
        value = base + gap * share * factor
        return value if up else max(0.0, value)

    why = tuple(f"{label} {level:g}: {share * f:.0%} of the gap closed" for f in (0.5, 1.0, 1.5))
    return at(0.5), at(1.0), at(1.5), (why[0], why[1], why[2])


def propose_targets(
    baseline: Baseline | float,
    *,
    higher_is_better: bool = True,
    history: Sequence[HistoryPoint] | None = None,
    benchmark: float | None = None,
    competitors: CompetitorSample | None = None,
    horizons: Sequence[int] = (90, 180),
) -> TargetProposals:
    """Propose conservative / expected / stretch targets for each horizon.

    Args:
        baseline: the baseline (its ``history`` and ``benchmark`` are used
            unless given here) or just its value.
        higher_is_better: the KPI's direction of improvement.
        history: past values, oldest first (default: the baseline's).
        benchmark: an industry benchmark value (default: the baseline's).
        competitors: a sample of at least three competitors' values.
        horizons: days from the baseline, 90 and 180 by default.

    Raises:
        ValidationError: no usable source, a bad horizon or a bad number.
    """
    base_value = baseline.value if isinstance(baseline, Baseline) else baseline
    if history is None:
        history = baseline.history if isinstance(baseline, Baseline) else ()
    if benchmark is None and isinstance(baseline, Baseline):
        benchmark = baseline.benchmark
    problems = [
        *_checks.number("baseline", base_value),
        *_checks.number("benchmark", benchmark, optional=True),
    ]
    problems.extend(
        Problem(f"horizons[{i}]", h, "must be a whole number of days > 0", code="not_positive")
        for i, h in enumerate(horizons)
        if isinstance(h, bool) or not isinstance(h, int) or h <= 0
    )
    check(problems)
    up = higher_is_better
    points = list(history)
    rates = growth_per_30_days(points, higher_is_better=up)
    proposals: list[ProposedTarget] = []
    for horizon in horizons:
        candidates = [
            c
            for c in (
                _from_history(base_value, rates, horizon, up),
                None
                if benchmark is None
                else _from_level(base_value, benchmark, "benchmark", horizon, up),
                None
                if competitors is None
                else _from_level(base_value, competitors.mean, "competitor mean", horizon, up),
            )
            if c is not None
        ]
        if not candidates:
            raise ValidationError(
                "no source to set targets from: give a history (with a baseline above 0), "
                "a benchmark, or at least three competitors' values",
                path="baseline",
                value=base_value,
                code="no_source",
            )
        proposals.extend(_combine(candidates, horizon, up))
    return TargetProposals(base_value, up, tuple(proposals))


def _combine(candidates: list[_Candidate], horizon: int, up: bool) -> list[ProposedTarget]:
    def boldness(value: float) -> float:
        return value if up else -value

    cautious = min(candidates, key=lambda c: boldness(c[0]))
    boldest = max(candidates, key=lambda c: boldness(c[2]))
    conservative, stretch = cautious[0], boldest[2]
    mean = fmean(c[1] for c in candidates)
    low, high = sorted((conservative, stretch))
    expected = min(max(mean, low), high)
    expected_why = (
        candidates[0][3][1]
        if len(candidates) == 1
        else "mean of " + "; ".join(c[3][1] for c in candidates)
    )
    return [
        ProposedTarget(Ambition.CONSERVATIVE, horizon, conservative, cautious[3][0]),
        ProposedTarget(Ambition.EXPECTED, horizon, expected, expected_why),
        ProposedTarget(Ambition.STRETCH, horizon, stretch, boldest[3][2]),
    ]
