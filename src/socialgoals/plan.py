"""The plan: the aggregate root of a social-media strategy.

A :class:`Plan` gathers business goals, personas, custom KPIs and objectives,
and checks that they fit together: unique ids, and every reference (an
objective's business goal, persona, KPIs) pointing at something that exists.
All problems are reported at once, located like ``objectives[1].serves``.
KPI ids resolve against the standard catalogue extended with the plan's own
KPIs. Later sections (community, calendar...) join as new optional fields.

>>> from socialgoals.model import ObjectiveCategory
>>> from socialgoals.objectives import BusinessGoal, Objective
>>> plan = Plan(
...     business_goals=(BusinessGoal("leads", "More qualified B2B leads"),),
...     objectives=(Objective("li", "LinkedIn leads", ObjectiveCategory.LEAD_GENERATION,
...                           kpis=("leads",), serves="leads"),),
... )
>>> plan.catalogue.get("leads").label
'Leads generated'
>>> Plan(objectives=(Objective("li", "LinkedIn leads", ObjectiveCategory.LEAD_GENERATION,
...                            kpis=("leeds",), serves="sales"),))
Traceback (most recent call last):
...
socialgoals.errors.ValidationError: 2 problems:
  objectives[0].serves: is not a business goal of the plan (known: none) (got 'sales')
  objectives[0].kpis[0]: is not a standard KPI nor one of the plan's KPIs (got 'leeds')
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

import attrs

from socialgoals.community.playbook import Playbook
from socialgoals.errors import MISSING, KPIError, Problem, ValidationError, check
from socialgoals.kpi import KPI, Catalogue, UnitKind, standard_catalogue
from socialgoals.model import SLUG_RE
from socialgoals.objectives import BusinessGoal, Objective
from socialgoals.objectives.audit import AuditConfig, AuditReport, audit_objectives
from socialgoals.planning.personas import Persona

__all__ = ["Plan"]

_T = TypeVar("_T", BusinessGoal, Objective, Persona)


@attrs.frozen
class Plan:
    """A social-media strategy as data: goals, audiences, KPIs and objectives.

    Attributes:
        name: the plan's name.
        description: what it is about.
        currency: the ISO 4217 code money KPIs are expressed in.
        business_goals: the goals the objectives serve.
        personas: the audiences the objectives target.
        metrics: names of custom metrics the plan's KPIs read (beyond the
            standard ones).
        kpis: custom KPIs, added to the standard catalogue.
        objectives: the objectives.
        community: how comments and DMs are handled (triage rules, escalation,
            business hours, templates, moderation, flows, alerts).
    """

    name: str | None = None
    description: str | None = None
    currency: str = "EUR"
    business_goals: tuple[BusinessGoal, ...] = ()
    personas: tuple[Persona, ...] = ()
    metrics: tuple[str, ...] = ()
    kpis: tuple[KPI, ...] = ()
    objectives: tuple[Objective, ...] = ()
    community: Playbook | None = None
    _catalogue: Catalogue = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        sections: tuple[tuple[str, Sequence[object], type], ...] = (
            ("business_goals", self.business_goals, BusinessGoal),
            ("personas", self.personas, Persona),
            ("kpis", self.kpis, KPI),
            ("objectives", self.objectives, Objective),
        )
        for name, items, cls in sections:
            problems.extend(_shape(name, items, cls))
        problems.extend(_metric_names(self.metrics))
        check(problems)
        for name, items, _ in sections:
            problems.extend(_duplicates(name, items))
        catalogue, kpi_problems = _catalogue(self.currency, self.metrics, self.kpis)
        problems.extend(kpi_problems)
        check(problems)
        object.__setattr__(self, "_catalogue", catalogue)
        for i, objective in enumerate(self.objectives):
            problems.extend(p.prefixed(f"objectives[{i}]") for p in self._references(objective))
            problems.extend(p.prefixed(f"objectives[{i}]") for p in _units(objective, catalogue))
        check(problems)

    def _references(self, o: Objective) -> Iterator[Problem]:
        goals = [g.id for g in self.business_goals]
        if o.serves is not None and o.serves not in goals:
            known = ", ".join(goals) or "none"
            yield Problem(
                "serves",
                o.serves,
                f"is not a business goal of the plan (known: {known})",
                code="unknown_reference",
            )
        people = [p.id for p in self.personas]
        if o.persona is not None and o.persona not in people:
            known = ", ".join(people) or "none"
            yield Problem(
                "persona",
                o.persona,
                f"is not a persona of the plan (known: {known})",
                code="unknown_reference",
            )
        for field in ("kpis", "leading", "lagging"):
            for j, kpi_id in enumerate(getattr(o, field)):
                if kpi_id not in self._catalogue:
                    yield Problem(
                        f"{field}[{j}]",
                        kpi_id,
                        "is not a standard KPI nor one of the plan's KPIs",
                        code="unknown_reference",
                    )

    @property
    def catalogue(self) -> Catalogue:
        """The standard KPI catalogue extended with the plan's KPIs."""
        return self._catalogue

    def objective(self, objective_id: str) -> Objective:
        """The objective with this id (``KeyError`` when unknown)."""
        return _by_id(self.objectives, objective_id)

    def business_goal(self, goal_id: str) -> BusinessGoal:
        """The business goal with this id (``KeyError`` when unknown)."""
        return _by_id(self.business_goals, goal_id)

    def persona(self, persona_id: str) -> Persona:
        """The persona with this id (``KeyError`` when unknown)."""
        return _by_id(self.personas, persona_id)

    def audit(self, config: AuditConfig | None = None) -> AuditReport:
        """The SMART audit of every objective, with the plan-level checks."""
        return audit_objectives(
            self.objectives,
            kpis=self._catalogue,
            business_goals=self.business_goals,
            personas=self.personas,
            config=config,
        )


def _by_id(items: Iterable[_T], item_id: str) -> _T:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def _shape(name: str, items: object, cls: type) -> Iterator[Problem]:
    if not isinstance(items, tuple):
        yield Problem(name, items, f"must be a tuple of {cls.__name__}", code="wrong_type")
        return
    for i, item in enumerate(items):
        if not isinstance(item, cls):
            yield Problem(f"{name}[{i}]", item, f"must be a {cls.__name__}", code="wrong_type")


def _metric_names(metrics: object) -> Iterator[Problem]:
    if not isinstance(metrics, tuple):
        yield Problem("metrics", metrics, "must be a tuple of metric names", code="wrong_type")
        return
    for i, metric in enumerate(metrics):
        if not isinstance(metric, str) or not SLUG_RE.match(metric):
            yield Problem(f"metrics[{i}]", metric, "must be a metric name slug", code="bad_slug")


def _duplicates(name: str, items: Sequence[object]) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        item_id = getattr(item, "id", None)
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            yield Problem(
                f"{name}[{i}].id",
                item_id,
                f"is already the id of {name}[{first[item_id]}]",
                code="duplicate_id",
            )
        else:
            first[item_id] = i


@functools.lru_cache(maxsize=8)
def _standard(currency: str) -> Catalogue:
    """The standard catalogue in a currency (immutable, so built once)."""
    return standard_catalogue(currency=currency)


def _catalogue(
    currency: str, metrics: tuple[str, ...], kpis: tuple[KPI, ...]
) -> tuple[Catalogue, list[Problem]]:
    try:
        standard = _standard(currency)
    except ValidationError as exc:
        return Catalogue((), ()), [p.prefixed("currency") for p in exc.problems]
    clashes = [
        Problem(f"kpis[{i}].id", k.id, "is already a standard KPI", code="duplicate_id")
        for i, k in enumerate(kpis)
        if k.id in standard
    ]
    if clashes:
        return standard, clashes
    try:
        return standard.extended(kpis, metrics=metrics), []
    except (KPIError, ValidationError) as exc:
        index = {k.id: i for i, k in enumerate(kpis)}
        chain = [*getattr(exc, "referenced_by", ()), *getattr(exc, "chain", ())]
        culprit = next((index[c] for c in chain if c in index), None)
        where = "kpis" if culprit is None else f"kpis[{culprit}].formula"
        value = MISSING if culprit is None else kpis[culprit].formula_text
        problems = (
            [p.prefixed("kpis") for p in exc.problems]
            if isinstance(exc, ValidationError)
            else [Problem(where, value, str(exc), code="bad_kpi")]
        )
        return standard, problems


def _units(o: Objective, catalogue: Catalogue) -> Iterator[Problem]:
    """Negative counts and percentages out of 0..100, for the target's KPI."""
    if o.kpi is None or o.kpi not in catalogue:
        return
    kind = catalogue.get(o.kpi).unit.kind
    if kind not in (UnitKind.COUNT, UnitKind.PERCENT, UnitKind.CURRENCY, UnitKind.DURATION):
        return
    values: list[tuple[str, float | None]] = []
    if o.baseline is not None:
        values.append(("baseline.value", o.baseline.value))
        values.append(("baseline.benchmark", o.baseline.benchmark))
        values.extend(
            (f"baseline.history[{j}].value", h.value) for j, h in enumerate(o.baseline.history)
        )
    if o.target is not None:
        values.extend(
            (f"target.{name}", getattr(o.target, name)) for name in ("value", "lower", "upper")
        )
    values.extend((f"checkpoints[{j}].expected", c.expected) for j, c in enumerate(o.checkpoints))
    for path, value in values:
        if value is None:
            continue
        if value < 0:
            yield Problem(
                path,
                value,
                f"must be >= 0 ({o.kpi!r} is a {kind.value})",
                code="negative",
            )
        elif kind is UnitKind.PERCENT and value > 100:
            yield Problem(
                path,
                value,
                f"must be a percentage between 0 and 100 ({o.kpi!r} is in percent)",
                code="out_of_range",
            )
