"""The vocabulary of the SMART audit: letters, verdicts and reason codes.

Every finding the audit reports carries a :class:`Reason`, a stable
machine-readable code whose :attr:`~Reason.meaning` explains it.

>>> Reason.NO_AUDIENCE.value, Reason.NO_AUDIENCE.letter
('no_audience', <Letter.S: 'S'>)
>>> Verdict.worst([Verdict.PASS, Verdict.WARN])
<Verdict.WARN: 'warn'>
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Final

import attrs

__all__ = ["Letter", "Verdict", "Reason", "Finding"]


class Letter(enum.Enum):
    """The five SMART criteria."""

    S = "S"
    M = "M"
    A = "A"
    R = "R"
    T = "T"

    @property
    def word(self) -> str:
        """The criterion in full ("Specific"...)."""
        return _WORDS[self]


_WORDS: Final = {
    Letter.S: "Specific",
    Letter.M: "Measurable",
    Letter.A: "Achievable",
    Letter.R: "Relevant",
    Letter.T: "Time-bound",
}


class Verdict(enum.Enum):
    """How an objective does on one criterion, from best to worst."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        """0 for pass, 1 for warn, 2 for fail."""
        return list(Verdict).index(self)

    @staticmethod
    def worst(verdicts: Iterable[Verdict]) -> Verdict:
        """The worst of ``verdicts`` (pass when there is none)."""
        return max(verdicts, key=lambda v: v.rank, default=Verdict.PASS)


class Reason(enum.Enum):
    """Why the audit gave a verdict: one stable code per finding."""

    # Specific
    NO_AUDIENCE = "no_audience"
    NO_CHANNEL = "no_channel"
    NO_OUTCOME = "no_outcome"
    # Measurable
    NO_KPI = "no_kpi"
    UNKNOWN_KPI = "unknown_kpi"
    NO_FORMULA = "no_formula"
    NO_BASELINE = "no_baseline"
    NO_TARGET = "no_target"
    NO_DATA_SOURCE = "no_data_source"
    NO_OWNER = "no_owner"
    NO_CADENCE = "no_cadence"
    BASELINE_WINDOW_UNKNOWN = "baseline_window_unknown"
    BASELINE_WINDOW_SHORT = "baseline_window_short"
    BASELINE_WINDOW_LONG = "baseline_window_long"
    DIRECTION_AGAINST_KPI = "direction_against_kpi"
    # Achievable
    WITHIN_HISTORY = "within_history"
    ABOVE_HISTORY = "above_history"
    EXCEEDS_HISTORY = "exceeds_history"
    HISTORY_NEVER_IMPROVED = "history_never_improved"
    WITHIN_BENCHMARK = "within_benchmark"
    BEYOND_BENCHMARK = "beyond_benchmark"
    NO_REFERENCE = "no_reference"
    ALREADY_WITHIN_BOUNDS = "already_within_bounds"
    OUTSIDE_BOUNDS = "outside_bounds"
    SETUP_TASK = "setup_task"
    # Relevant
    NO_BUSINESS_GOAL = "no_business_goal"
    UNKNOWN_BUSINESS_GOAL = "unknown_business_goal"
    UNKNOWN_PERSONA = "unknown_persona"
    KPI_STAGE_MISMATCH = "kpi_stage_mismatch"
    STAGE_CATEGORY_MISMATCH = "stage_category_mismatch"
    PLATFORM_AUDIENCE_MISMATCH = "platform_audience_mismatch"
    PLATFORM_AUDIENCE_WEAK = "platform_audience_weak"
    PLATFORM_NOT_SUITED = "platform_not_suited"
    TASK_NOT_OUTCOME = "task_not_outcome"
    # Time-bound
    NO_DEADLINE = "no_deadline"
    NO_START = "no_start"
    NO_CHECKPOINTS = "no_checkpoints"
    CHECKPOINT_OFF_PATH = "checkpoint_off_path"
    # Plan level
    NO_PRIMARY_OBJECTIVE = "no_primary_objective"
    TOO_MANY_PRIMARY_OBJECTIVES = "too_many_primary_objectives"
    TOO_MANY_PRIMARY_KPIS = "too_many_primary_kpis"
    NO_LEADING_INDICATOR = "no_leading_indicator"
    NO_LAGGING_INDICATOR = "no_lagging_indicator"
    COMPETING_PRIMARY_OUTCOMES = "competing_primary_outcomes"

    @property
    def letter(self) -> Letter | None:
        """The criterion the reason belongs to (``None`` for plan-level reasons)."""
        return _REASONS[self][0]

    @property
    def meaning(self) -> str:
        """What the reason means, in one sentence."""
        return _REASONS[self][1]


_S, _M, _A, _R, _T = Letter.S, Letter.M, Letter.A, Letter.R, Letter.T
_REASONS: Final[dict[Reason, tuple[Letter | None, str]]] = {
    Reason.NO_AUDIENCE: (_S, "The objective names no audience and no persona: who is it for?"),
    Reason.NO_CHANNEL: (_S, "The objective names no platform: where will it happen?"),
    Reason.NO_OUTCOME: (_S, "The objective names neither a KPI nor a target: what changes?"),
    Reason.NO_KPI: (_M, "No KPI measures the objective."),
    Reason.UNKNOWN_KPI: (_M, "The KPI id is neither a standard KPI nor defined in the plan."),
    Reason.NO_FORMULA: (_M, "The KPI has no documented formula, so nobody can recompute it."),
    Reason.NO_BASELINE: (_M, "There is no baseline, so progress cannot be measured."),
    Reason.NO_TARGET: (_M, "There is no numeric target."),
    Reason.NO_DATA_SOURCE: (_M, "Neither the objective nor its baseline names a data source."),
    Reason.NO_OWNER: (_M, "Nobody owns the KPI."),
    Reason.NO_CADENCE: (_M, "No review cadence is set for the KPI."),
    Reason.BASELINE_WINDOW_UNKNOWN: (
        _M,
        "The baseline does not say which period it summarises.",
    ),
    Reason.BASELINE_WINDOW_SHORT: (
        _M,
        "The baseline covers fewer days than recommended (30 by default): it may be noise.",
    ),
    Reason.BASELINE_WINDOW_LONG: (
        _M,
        "The baseline covers more days than recommended (92 by default): it may be stale.",
    ),
    Reason.DIRECTION_AGAINST_KPI: (
        _M,
        "The objective pushes the KPI the way the KPI calls worse (e.g. increase a cost).",
    ),
    Reason.WITHIN_HISTORY: (_A, "The required growth is within what the KPI has already shown."),
    Reason.ABOVE_HISTORY: (
        _A,
        "The required growth is above the best observed growth, but within the allowed multiple.",
    ),
    Reason.EXCEEDS_HISTORY: (
        _A,
        "The required growth exceeds the allowed multiple of the best observed growth.",
    ),
    Reason.HISTORY_NEVER_IMPROVED: (
        _A,
        "The KPI's history never moved the way the objective needs.",
    ),
    Reason.WITHIN_BENCHMARK: (_A, "The target is no better than the sector benchmark."),
    Reason.BEYOND_BENCHMARK: (_A, "The target is better than the sector benchmark."),
    Reason.NO_REFERENCE: (
        _A,
        "Neither a history nor a benchmark is given to judge whether the target is realistic.",
    ),
    Reason.ALREADY_WITHIN_BOUNDS: (_A, "The baseline already respects the bounds to keep."),
    Reason.OUTSIDE_BOUNDS: (_A, "The baseline is outside the bounds the objective must keep."),
    Reason.SETUP_TASK: (
        _A,
        "A short setup task (a few actions in days): achievable if the team has the time.",
    ),
    Reason.NO_BUSINESS_GOAL: (_R, "The objective serves no business goal."),
    Reason.UNKNOWN_BUSINESS_GOAL: (_R, "The business goal it serves is not in the plan."),
    Reason.UNKNOWN_PERSONA: (_R, "The persona it targets is not in the plan."),
    Reason.KPI_STAGE_MISMATCH: (
        _R,
        "The KPI measures another funnel stage than the objective's category and stage.",
    ),
    Reason.STAGE_CATEGORY_MISMATCH: (
        _R,
        "The funnel stage given is unusual for the objective's category.",
    ),
    Reason.PLATFORM_AUDIENCE_MISMATCH: (
        _R,
        "The audience is not on the platform (TikTok for a B2B decision maker).",
    ),
    Reason.PLATFORM_AUDIENCE_WEAK: (
        _R,
        "The platform reaches the audience only weakly (segment, age or habits).",
    ),
    Reason.PLATFORM_NOT_SUITED: (
        _R,
        "None of the platforms is known to be good at this category of objective.",
    ),
    Reason.TASK_NOT_OUTCOME: (
        _R,
        "A setup task, not a business outcome: pair it with the outcome it prepares.",
    ),
    Reason.NO_DEADLINE: (_T, "There is no deadline."),
    Reason.NO_START: (_T, "There is no start date, so the pace cannot be judged."),
    Reason.NO_CHECKPOINTS: (
        _T,
        "The horizon is longer than 60 days (by default) and no checkpoint is set.",
    ),
    Reason.CHECKPOINT_OFF_PATH: (
        _T,
        "A checkpoint's expected value does not lie between the baseline and the target.",
    ),
    Reason.NO_PRIMARY_OBJECTIVE: (None, "No objective is marked primary."),
    Reason.TOO_MANY_PRIMARY_OBJECTIVES: (
        None,
        "More than 3 (by default) primary objectives: focus is lost.",
    ),
    Reason.TOO_MANY_PRIMARY_KPIS: (
        None,
        "An objective has more than 2 (by default) primary KPIs.",
    ),
    Reason.NO_LEADING_INDICATOR: (
        None,
        "An objective has no leading indicator (a KPI that moves early, like CTR).",
    ),
    Reason.NO_LAGGING_INDICATOR: (
        None,
        "An objective has no lagging indicator (a KPI that measures the outcome).",
    ),
    Reason.COMPETING_PRIMARY_OUTCOMES: (
        None,
        "A campaign has more than one primary outcome, so its KPIs compete.",
    ),
}


@attrs.frozen
class Finding:
    """One thing the audit noticed.

    Attributes:
        code: the machine-readable reason.
        verdict: how serious it is (pass findings are informative).
        message: a human sentence about this objective.
        objective: the objective's id, for plan-level findings about one.
    """

    code: Reason
    verdict: Verdict
    message: str
    objective: str | None = None

    @property
    def letter(self) -> Letter | None:
        """The criterion (``None`` for plan-level findings)."""
        return self.code.letter

    def render(self) -> str:
        """The finding on one line: ``warn no_start: ...``."""
        return f"{self.verdict.value:<4} {self.code.value}: {self.message}"
