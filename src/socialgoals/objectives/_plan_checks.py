"""The SMART audit's plan-level checks (private; see ``audit``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialgoals.model import Indicator
from socialgoals.objectives._config import AuditConfig
from socialgoals.objectives._objective import Objective, Priority
from socialgoals.objectives._smart import is_setup_task
from socialgoals.objectives.kpis import KPILookup
from socialgoals.objectives.reasons import Finding, Reason, Verdict


def plan_findings(
    objectives: Sequence[Objective], kpis: KPILookup | None, config: AuditConfig
) -> Iterator[Finding]:
    """Primary counts, primary KPIs, leading and lagging indicators, campaign outcomes."""
    primary = [o for o in objectives if o.priority is Priority.PRIMARY]
    if objectives and not primary:
        yield Finding(
            Reason.NO_PRIMARY_OBJECTIVE,
            Verdict.WARN,
            f"none of the {len(objectives)} objectives is primary (choose 1 to "
            f"{config.max_primary_objectives})",
        )
    elif len(primary) > config.max_primary_objectives:
        yield Finding(
            Reason.TOO_MANY_PRIMARY_OBJECTIVES,
            Verdict.WARN,
            f"{len(primary)} primary objectives (at most {config.max_primary_objectives}): "
            + ", ".join(o.id for o in primary),
        )
    for o in objectives:
        if len(o.kpis) > config.max_primary_kpis:
            yield Finding(
                Reason.TOO_MANY_PRIMARY_KPIS,
                Verdict.WARN,
                f"{len(o.kpis)} primary KPIs (at most {config.max_primary_kpis})",
                objective=o.id,
            )
        if not is_setup_task(o, config):
            yield from _indicators(o, kpis)
    yield from _campaigns(primary)


def _indicators(o: Objective, kpis: KPILookup | None) -> Iterator[Finding]:
    kinds: set[Indicator] = set()
    if o.leading:
        kinds.add(Indicator.LEADING)
    if o.lagging:
        kinds.add(Indicator.LAGGING)
    if kpis is not None:
        kinds.update(kpis.get(k).indicator for k in o.kpis if k in kpis)
    if Indicator.LEADING not in kinds:
        yield Finding(
            Reason.NO_LEADING_INDICATOR,
            Verdict.WARN,
            "no leading indicator (a KPI that moves early, such as CTR)",
            objective=o.id,
        )
    if Indicator.LAGGING not in kinds:
        yield Finding(
            Reason.NO_LAGGING_INDICATOR,
            Verdict.WARN,
            "no lagging indicator (a KPI that measures the outcome, such as conversions)",
            objective=o.id,
        )


def _campaigns(primary: Sequence[Objective]) -> Iterator[Finding]:
    by_campaign: dict[str, list[str]] = {}
    for o in primary:
        if o.campaign is not None:
            by_campaign.setdefault(o.campaign, []).append(o.id)
    for campaign, ids in by_campaign.items():
        if len(ids) > 1:
            yield Finding(
                Reason.COMPETING_PRIMARY_OUTCOMES,
                Verdict.WARN,
                f"campaign {campaign!r} has {len(ids)} primary outcomes ({', '.join(ids)}): "
                "keep one primary, make the others secondary with their own KPI and owner",
            )
