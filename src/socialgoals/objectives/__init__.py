"""Objectives: business goals, SMART objectives, the SMART audit, target setting.

>>> from datetime import date
>>> from socialgoals.model import ObjectiveCategory
>>> o = Objective("reach", "Monthly reach 20k -> 50k", ObjectiveCategory.AWARENESS,
...               kpis=("reach",), baseline=Baseline(20_000), target=Target(value=50_000))
>>> o.target_value
50000.0
>>> audit_objective(o).letter(Letter.R).verdict
<Verdict.FAIL: 'fail'>
"""

from __future__ import annotations

from socialgoals.objectives import _hooks
from socialgoals.objectives._goal import BusinessGoal, GoalKind
from socialgoals.objectives._objective import (
    Baseline,
    Checkpoint,
    HistoryPoint,
    Objective,
    Priority,
    Target,
)
from socialgoals.objectives.audit import (
    AuditConfig,
    AuditReport,
    LetterVerdict,
    ObjectiveAudit,
    audit_objective,
    audit_objectives,
)
from socialgoals.objectives.kpis import KPILike, KPILookup
from socialgoals.objectives.reasons import Finding, Letter, Reason, Verdict
from socialgoals.objectives.targets import (
    Ambition,
    CompetitorSample,
    ProposedTarget,
    TargetProposals,
    growth_per_30_days,
    propose_targets,
)

__all__ = [
    # model
    "BusinessGoal",
    "GoalKind",
    "Baseline",
    "Checkpoint",
    "HistoryPoint",
    "Objective",
    "Priority",
    "Target",
    # SMART audit
    "AuditConfig",
    "AuditReport",
    "Finding",
    "Letter",
    "LetterVerdict",
    "ObjectiveAudit",
    "Reason",
    "Verdict",
    "audit_objective",
    "audit_objectives",
    "KPILike",
    "KPILookup",
    # target setting
    "Ambition",
    "CompetitorSample",
    "ProposedTarget",
    "TargetProposals",
    "growth_per_30_days",
    "propose_targets",
]

del _hooks
