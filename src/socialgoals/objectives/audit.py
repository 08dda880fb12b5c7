"""The SMART audit: a verdict per letter, with reasons, for each objective.

:func:`audit_objective` judges one objective; :func:`audit_objectives` judges a
set of them and adds the plan-level checks (1 to 3 primary objectives, 1 to 2
primary KPIs each, a leading and a lagging indicator per objective, one
primary outcome per campaign). ``Plan.audit()`` calls it with the plan's KPI
catalogue, business goals and personas.

The audit never raises on a valid objective: everything it dislikes becomes a
:class:`Finding`. Results are frozen and unstructure to plain JSON-able data
through ``socialgoals.converters.unstructure``.

>>> from datetime import date
>>> from socialgoals.model import ObjectiveCategory
>>> from socialgoals.objectives import Objective
>>> result = audit_objective(Objective("grow", "Grow", ObjectiveCategory.AWARENESS))
>>> result.verdict, sorted(f.code.value for f in result.findings_for(Letter.S))
(<Verdict.FAIL: 'fail'>, ['no_audience', 'no_channel', 'no_outcome'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from socialgoals.objectives import _plan_checks, _smart
from socialgoals.objectives._config import AuditConfig
from socialgoals.objectives._goal import BusinessGoal
from socialgoals.objectives._objective import Objective
from socialgoals.objectives.kpis import KPILookup
from socialgoals.objectives.reasons import Finding, Letter, Reason, Verdict
from socialgoals.planning.personas import Persona

__all__ = [
    "AuditConfig",
    "Finding",
    "LetterVerdict",
    "ObjectiveAudit",
    "AuditReport",
    "audit_objective",
    "audit_objectives",
]


@attrs.frozen
class LetterVerdict:
    """The verdict on one SMART criterion and the findings behind it."""

    letter: Letter
    verdict: Verdict
    findings: tuple[Finding, ...] = ()

    @property
    def summary(self) -> str:
        """One sentence: the worst finding's message, or that the criterion passes."""
        worst = [f for f in self.findings if f.verdict is self.verdict]
        if self.verdict is Verdict.PASS or not worst:
            return f"{self.letter.word}: passes"
        return f"{self.letter.word}: {worst[0].message}"


@attrs.frozen
class ObjectiveAudit:
    """The SMART audit of one objective.

    Attributes:
        objective: the objective's id.
        statement: its statement, for display.
        letters: one verdict per letter, in S, M, A, R, T order.
    """

    objective: str
    statement: str
    letters: tuple[LetterVerdict, ...]

    @property
    def verdict(self) -> Verdict:
        """The worst verdict over the five letters."""
        return Verdict.worst(lv.verdict for lv in self.letters)

    @property
    def is_smart(self) -> bool:
        """Whether no letter fails (warnings allowed)."""
        return self.verdict is not Verdict.FAIL

    def letter(self, letter: Letter) -> LetterVerdict:
        """The verdict on one letter."""
        return next(lv for lv in self.letters if lv.letter is letter)

    def findings_for(self, letter: Letter) -> tuple[Finding, ...]:
        """The findings of one letter."""
        return self.letter(letter).findings

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, letter by letter."""
        return tuple(f for lv in self.letters for f in lv.findings)

    @property
    def codes(self) -> frozenset[Reason]:
        """The reasons of every warn or fail finding."""
        return frozenset(f.code for f in self.findings if f.verdict is not Verdict.PASS)

    @property
    def badge(self) -> str:
        """The five letters with their verdicts: ``S+ M+ A? R- T+``.

        ``+`` passes, ``?`` warns, ``-`` fails.
        """
        marks = {Verdict.PASS: "+", Verdict.WARN: "?", Verdict.FAIL: "-"}
        return " ".join(f"{lv.letter.value}{marks[lv.verdict]}" for lv in self.letters)

    def to_text(self) -> str:
        """The audit as a few readable lines."""
        lines = [f"[{self.badge}] {self.objective}: {self.statement}"]
        for lv in self.letters:
            lines.extend(
                f"    {lv.letter.value} {f.render()}"
                for f in lv.findings
                if f.verdict is not Verdict.PASS
            )
        return "\n".join(lines)


@attrs.frozen
class AuditReport:
    """The SMART audit of a set of objectives, with the plan-level checks.

    Attributes:
        objectives: one audit per objective, in plan order.
        plan: findings about the plan as a whole.
    """

    objectives: tuple[ObjectiveAudit, ...]
    plan: tuple[Finding, ...] = ()

    @property
    def verdict(self) -> Verdict:
        """The worst verdict of any objective or plan-level finding."""
        return Verdict.worst(
            [*(a.verdict for a in self.objectives), *(f.verdict for f in self.plan)]
        )

    def for_objective(self, objective_id: str) -> ObjectiveAudit:
        """The audit of one objective (``KeyError`` when unknown)."""
        for audit in self.objectives:
            if audit.objective == objective_id:
                return audit
        raise KeyError(objective_id)

    def counts(self) -> dict[Verdict, int]:
        """How many objectives got each overall verdict."""
        counts = dict.fromkeys(Verdict, 0)
        for audit in self.objectives:
            counts[audit.verdict] += 1
        return counts

    def to_text(self) -> str:
        """The whole report as readable text, objective by objective."""
        counts = self.counts()
        n = len(self.objectives)
        head = (
            f"SMART audit: {n} objective{'' if n == 1 else 's'}, "
            f"{counts[Verdict.PASS]} pass, {counts[Verdict.WARN]} warn, "
            f"{counts[Verdict.FAIL]} fail"
        )
        lines = [head, "", *(audit.to_text() for audit in self.objectives)]
        if self.plan:
            lines.extend(["", "Plan:"])
            lines.extend(
                f"    {f.render()}" + (f" [{f.objective}]" if f.objective else "")
                for f in self.plan
            )
        return "\n".join(lines)


def audit_objective(
    objective: Objective,
    *,
    kpis: KPILookup | None = None,
    business_goals: Iterable[BusinessGoal] | None = None,
    personas: Iterable[Persona] | None = None,
    config: AuditConfig | None = None,
) -> ObjectiveAudit:
    """Audit one objective against the SMART criteria.

    Args:
        objective: the objective.
        kpis: where its KPI ids are looked up (a KPI catalogue); without it,
            the formula and stage checks cannot run and M warns.
        business_goals: the known business goals; ``None`` skips the check
            that ``serves`` refers to one of them.
        personas: the known personas, for the platform-audience fit; ``None``
            skips the check that ``persona`` refers to one of them.
        config: thresholds (defaults: :class:`AuditConfig`).
    """
    context = _smart.Context(
        objective=objective,
        kpis=kpis,
        goal_ids=None if business_goals is None else frozenset(g.id for g in business_goals),
        personas=None if personas is None else {p.id: p for p in personas},
        config=config or AuditConfig(),
    )
    letters = tuple(
        LetterVerdict(letter, Verdict.worst(f.verdict for f in found), tuple(found))
        for letter, found in _smart.check_letters(context)
    )
    return ObjectiveAudit(objective.id, objective.statement, letters)


def audit_objectives(
    objectives: Sequence[Objective],
    *,
    kpis: KPILookup | None = None,
    business_goals: Iterable[BusinessGoal] | None = None,
    personas: Iterable[Persona] | None = None,
    config: AuditConfig | None = None,
) -> AuditReport:
    """Audit each objective, then the set as a plan (primary counts, indicators...)."""
    config = config or AuditConfig()
    goals = None if business_goals is None else tuple(business_goals)
    people = None if personas is None else tuple(personas)
    audits = tuple(
        audit_objective(o, kpis=kpis, business_goals=goals, personas=people, config=config)
        for o in objectives
    )
    return AuditReport(audits, tuple(_plan_checks.plan_findings(objectives, kpis, config)))
