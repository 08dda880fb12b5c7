"""The five SMART checks, one function per letter (private; see ``audit``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

import attrs

from socialgoals.model import Direction
from socialgoals.objectives._config import AuditConfig
from socialgoals.objectives._objective import HistoryPoint, Objective
from socialgoals.objectives.kpis import KPILike, KPILookup
from socialgoals.objectives.reasons import Finding, Letter, Reason, Verdict
from socialgoals.objectives.targets import growth_per_30_days
from socialgoals.planning.personas import Persona
from socialgoals.planning.platforms import Fit, platform_profile

_PASS, _WARN, _FAIL = Verdict.PASS, Verdict.WARN, Verdict.FAIL


@attrs.frozen
class Context:
    """What one objective's audit can see."""

    objective: Objective
    kpis: KPILookup | None
    goal_ids: frozenset[str] | None
    personas: Mapping[str, Persona] | None
    config: AuditConfig

    def kpi(self, kpi_id: str) -> KPILike | None:
        """The KPI with this id, or ``None`` when unknown or without a lookup."""
        if self.kpis is None or kpi_id not in self.kpis:
            return None
        return self.kpis.get(kpi_id)


def check_letters(ctx: Context) -> list[tuple[Letter, list[Finding]]]:
    """The findings of each letter, in S, M, A, R, T order."""
    return [
        (Letter.S, list(specific(ctx))),
        (Letter.M, list(measurable(ctx))),
        (Letter.A, list(achievable(ctx))),
        (Letter.R, list(relevant(ctx))),
        (Letter.T, list(time_bound(ctx))),
    ]


def is_setup_task(objective: Objective, config: AuditConfig) -> bool:
    """Whether the objective reads as a short setup task (3 accounts in a week)."""
    horizon, target = objective.horizon_days, objective.target_value
    return (
        objective.baseline is not None
        and objective.baseline.value == 0
        and objective.direction is Direction.INCREASE
        and target is not None
        and float(target).is_integer()
        and 0 < target <= config.setup_task_max
        and horizon is not None
        and horizon <= config.setup_task_days
    )


def _f(code: Reason, verdict: Verdict, message: str) -> Finding:
    return Finding(code, verdict, message)


def specific(ctx: Context) -> Iterator[Finding]:
    """S: audience + channel + outcome."""
    o = ctx.objective
    if o.audience is None and o.persona is None:
        yield _f(Reason.NO_AUDIENCE, _FAIL, "names no audience or persona: who is it for?")
    if not o.platforms:
        yield _f(Reason.NO_CHANNEL, _FAIL, "names no platform: where will it happen?")
    if not o.kpis and o.target is None:
        yield _f(Reason.NO_OUTCOME, _FAIL, "names no KPI and no target: what should change?")


def measurable(ctx: Context) -> Iterator[Finding]:
    """M: a KPI with a formula and a data source, a baseline, a numeric target."""
    o = ctx.objective
    if not o.kpis:
        yield _f(Reason.NO_KPI, _FAIL, "no KPI measures it")
    for kpi_id in o.kpis:
        if ctx.kpis is None:
            yield _f(Reason.UNKNOWN_KPI, _WARN, f"no KPI catalogue was given to look up {kpi_id!r}")
            continue
        kpi = ctx.kpi(kpi_id)
        if kpi is None:
            yield _f(Reason.UNKNOWN_KPI, _FAIL, f"KPI {kpi_id!r} is not defined")
        elif not kpi.formula_text.strip():
            yield _f(Reason.NO_FORMULA, _FAIL, f"KPI {kpi_id!r} has no formula")
    if o.baseline is None:
        yield _f(Reason.NO_BASELINE, _FAIL, "no baseline: progress cannot be measured")
    else:
        yield from _baseline_window(ctx)
    if o.target is None:
        yield _f(Reason.NO_TARGET, _FAIL, "no numeric target")
    if o.source is None and (o.baseline is None or o.baseline.source is None):
        yield _f(Reason.NO_DATA_SOURCE, _WARN, "no data source says where the numbers come from")
    if o.owner is None:
        yield _f(Reason.NO_OWNER, _WARN, "nobody owns the KPI")
    if o.cadence is None:
        yield _f(Reason.NO_CADENCE, _WARN, "no review cadence")
    first = ctx.kpi(o.kpis[0]) if o.kpis else None
    wanted = o.higher_is_better
    if first is not None and wanted is not None and wanted != first.higher_is_better:
        better = "higher" if first.higher_is_better else "lower"
        yield _f(
            Reason.DIRECTION_AGAINST_KPI,
            _WARN,
            f"aims to {o.direction.value} {first.id!r}, for which {better} is better",
        )


def _baseline_window(ctx: Context) -> Iterator[Finding]:
    assert ctx.objective.baseline is not None
    days, cfg = ctx.objective.baseline.window_length, ctx.config
    if days is None:
        yield _f(Reason.BASELINE_WINDOW_UNKNOWN, _WARN, "the baseline's window is not given")
    elif days < cfg.min_baseline_days:
        yield _f(
            Reason.BASELINE_WINDOW_SHORT,
            _WARN,
            f"the baseline covers {days} days (fewer than {cfg.min_baseline_days})",
        )
    elif days > cfg.max_baseline_days:
        yield _f(
            Reason.BASELINE_WINDOW_LONG,
            _WARN,
            f"the baseline covers {days} days (more than {cfg.max_baseline_days})",
        )


def _better(a: float, b: float, direction: Direction) -> bool:
    """Whether ``a`` is strictly better than ``b``."""
    return a > b if direction is Direction.INCREASE else a < b


def _gain(old: float, new: float, direction: Direction) -> float | None:
    """Relative improvement from ``old`` to ``new`` (``None`` when ``old`` is 0)."""
    if old == 0:
        return None
    change = (new - old) / abs(old)
    return change if direction is Direction.INCREASE else -change


def best_growth(points: list[HistoryPoint], direction: Direction) -> float | None:
    """The best improvement per 30 days between consecutive points (``None``: unknown)."""
    rates = growth_per_30_days(points, higher_is_better=direction is Direction.INCREASE)
    return max(rates) if rates else None


def _series(o: Objective) -> list[HistoryPoint]:
    assert o.baseline is not None
    points = list(o.baseline.history)
    on: date | None = o.baseline.window_end or o.start
    if on is not None and (not points or on > points[-1].on):
        points.append(HistoryPoint(on, o.baseline.value))
    return points


def achievable(ctx: Context) -> Iterator[Finding]:
    """A: the required change against the KPI's own history and a benchmark."""
    o, cfg = ctx.objective, ctx.config
    if o.baseline is None or o.target is None:
        yield _f(Reason.NO_REFERENCE, _WARN, "without a baseline and a target, cannot judge")
        return
    if is_setup_task(o, cfg):
        yield _f(Reason.SETUP_TASK, _PASS, "a short setup task: achievable if the time is booked")
        return
    base = o.baseline.value
    if o.direction is Direction.STAY_WITHIN:
        inside = o.within_bounds(base)
        if inside:
            yield _f(Reason.ALREADY_WITHIN_BOUNDS, _PASS, f"the baseline {base:g} is within bounds")
        else:
            yield _f(
                Reason.OUTSIDE_BOUNDS,
                _WARN,
                f"the baseline {base:g} is outside {o.target.describe()}: it must first get there",
            )
        return
    target = o.target_value
    assert target is not None
    judged = False
    if o.baseline.history and o.horizon_days:
        judged = True
        yield _against_history(ctx, base, target, o.horizon_days)
    if o.baseline.benchmark is not None:
        judged = True
        bench = o.baseline.benchmark
        if _better(target, bench, o.direction):
            yield _f(
                Reason.BEYOND_BENCHMARK,
                _WARN,
                f"the target {target:g} is better than the benchmark {bench:g}",
            )
        else:
            yield _f(
                Reason.WITHIN_BENCHMARK,
                _PASS,
                f"the target {target:g} is no better than the benchmark {bench:g}",
            )
    if not judged:
        yield _f(
            Reason.NO_REFERENCE,
            _WARN,
            "no history or benchmark to judge whether the target is realistic",
        )


def _against_history(ctx: Context, base: float, target: float, horizon: int) -> Finding:
    o, n = ctx.objective, ctx.config.max_growth_multiple
    gain = _gain(base, target, o.direction)
    best = best_growth(_series(o), o.direction)
    if gain is None or best is None:
        return _f(
            Reason.NO_REFERENCE,
            _WARN,
            "the history cannot be compared (a zero value or too few dated points)",
        )
    required = gain * 30 / horizon
    need = f"needs {required:+.1%} per 30 days, best observed {best:+.1%}"
    if best <= 0:
        return _f(Reason.HISTORY_NEVER_IMPROVED, _WARN, f"{need}: the KPI never improved")
    ratio = required / best
    if ratio > n:
        return _f(
            Reason.EXCEEDS_HISTORY, _FAIL, f"{need} ({ratio:.1f}x, more than the {n:g}x allowed)"
        )
    if ratio > 1:
        return _f(Reason.ABOVE_HISTORY, _WARN, f"{need} ({ratio:.1f}x): ambitious")
    return _f(Reason.WITHIN_HISTORY, _PASS, f"{need}: within what the KPI has shown")


def relevant(ctx: Context) -> Iterator[Finding]:
    """R: a business goal, a KPI that fits, platforms that reach the audience."""
    o = ctx.objective
    if o.serves is None:
        yield _f(Reason.NO_BUSINESS_GOAL, _FAIL, "serves no business goal")
    elif ctx.goal_ids is not None and o.serves not in ctx.goal_ids:
        yield _f(Reason.UNKNOWN_BUSINESS_GOAL, _FAIL, f"business goal {o.serves!r} is unknown")
    if o.stage is not None and o.stage not in o.category.stages:
        yield _f(
            Reason.STAGE_CATEGORY_MISMATCH,
            _WARN,
            f"stage {o.stage.value} is unusual for a {o.category.value} objective",
        )
    first = ctx.kpi(o.kpis[0]) if o.kpis else None
    if first is not None and first.stage not in {*o.category.stages, o.funnel_stage}:
        yield _f(
            Reason.KPI_STAGE_MISMATCH,
            _FAIL,
            f"KPI {first.id!r} measures {first.stage.value}, "
            f"not a {o.category.value} objective at the {o.funnel_stage.value} stage",
        )
    yield from _platform_fit(ctx)
    if is_setup_task(o, ctx.config):
        yield _f(
            Reason.TASK_NOT_OUTCOME,
            _WARN,
            "a setup task, not an outcome: pair it with the objective it prepares",
        )


def _platform_fit(ctx: Context) -> Iterator[Finding]:
    o = ctx.objective
    persona = None
    if o.persona is not None:
        persona = None if ctx.personas is None else ctx.personas.get(o.persona)
        if persona is None and ctx.personas is not None:
            yield _f(Reason.UNKNOWN_PERSONA, _FAIL, f"persona {o.persona!r} is unknown")
    profiles = [p for p in (platform_profile(pl) for pl in o.platforms) if p is not None]
    if profiles and not any(p.suits(o.category) for p in profiles):
        names = ", ".join(p.platform.label for p in profiles)
        yield _f(
            Reason.PLATFORM_NOT_SUITED,
            _WARN,
            f"{names} is not known for {o.category.value.replace('_', ' ')} objectives",
        )
    if persona is None:
        return
    for profile in profiles:
        fit = profile.fit(persona)
        why = "; ".join(fit.reasons)
        if fit.level is Fit.ABSENT:
            yield _f(Reason.PLATFORM_AUDIENCE_MISMATCH, _FAIL, f"{persona.name}: {why}")
        elif fit.level is Fit.WEAK:
            yield _f(Reason.PLATFORM_AUDIENCE_WEAK, _WARN, f"{persona.name}: {why}")


def time_bound(ctx: Context) -> Iterator[Finding]:
    """T: a deadline after the start, checkpoints for long horizons."""
    o, cfg = ctx.objective, ctx.config
    if o.deadline is None:
        yield _f(Reason.NO_DEADLINE, _FAIL, "no deadline")
    if o.start is None:
        yield _f(Reason.NO_START, _WARN, "no start date: the pace cannot be judged")
    horizon = o.horizon_days
    if horizon is not None and horizon > cfg.checkpoint_horizon_days and not o.checkpoints:
        yield _f(
            Reason.NO_CHECKPOINTS,
            _WARN,
            f"{horizon} days without a checkpoint (set one every month or so)",
        )
    for cp in o.checkpoints:
        if not _on_path(o, cp.expected):
            yield _f(
                Reason.CHECKPOINT_OFF_PATH,
                _WARN,
                f"checkpoint {cp.on} expects {cp.expected:g}, off the path to the target",
            )


def _on_path(o: Objective, value: float) -> bool:
    if o.direction is Direction.STAY_WITHIN:
        return bool(o.within_bounds(value)) if o.target is not None else True
    target = o.target_value
    if o.baseline is None or target is None:
        return True
    low, high = sorted((o.baseline.value, target))
    return low <= value <= high
