"""The playbook: the plan's ``community`` section, checked as a whole.

A :class:`Playbook` groups what a team needs to run its inbox: triage rule
sets, the escalation matrix and business hours, reply templates, the
moderation policy, bot flows, alerts and the matching limits. Each part
validates itself; the playbook checks what crosses parts: a rule's ``reply``
names a template of the library, ``send_flow`` a flow, ``escalate`` a role of
the matrix, and every rule set compiles within the limits (regexes checked).
Every problem is reported at once, located like
``rule_sets[0].rules[2].actions[1].reply``.

>>> from socialgoals.converters import structure
>>> data = {"rule_sets": [{"id": "comments", "rules": [{"id": "sales-lead",
...     "when": {"any_keywords": ["price", "buy", "order", "prix", "acheter", "commander"]},
...     "actions": [{"tag": "sales_lead"}, {"send_flow": "qualifier"}, {"follow_up": True}]}]}]}
>>> structure(data, Playbook)
Traceback (most recent call last):
...
socialgoals.errors.UnknownReferenceError: rule_sets[0].rules[0].actions[1].send_flow: ...
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from socialgoals.community import rules as r
from socialgoals.community.alerts import AlertConfig
from socialgoals.community.escalation import EscalationMatrix
from socialgoals.community.flows import BotFlow
from socialgoals.community.hours import BusinessHours
from socialgoals.community.matcher import MatchLimits
from socialgoals.community.moderation import ModerationPolicy
from socialgoals.community.templates import TemplateLibrary
from socialgoals.community.triage import Classifier, Triage
from socialgoals.errors import (
    DuplicateIdError,
    Problem,
    UnknownReferenceError,
    ValidationError,
    check,
)

__all__ = ["Playbook"]


@attrs.frozen
class Playbook:
    """How a team handles comments and DMs (the plan's ``community`` section).

    Attributes:
        rule_sets: triage rule sets (``comments``, ``dms``...), unique ids.
        escalation: the escalation matrix; :meth:`EscalationMatrix.default`
            when not given.
        hours: the team's business hours (SLA clocks count wall-clock time
            without them).
        templates: the reply templates.
        moderation: the moderation policy.
        flows: the bot flows, unique ids.
        alerts: the reputation alerts.
        limits: caps on rules, keywords and regexes per rule set.

    Raises:
        UnknownReferenceError: a rule names a template, flow or role that
            does not exist (when that is the only kind of problem).
        ValidationError: duplicates, unsafe regexes, broken limits.
    """

    rule_sets: tuple[r.RuleSet, ...] = ()
    escalation: EscalationMatrix | None = None
    hours: BusinessHours | None = None
    templates: TemplateLibrary = attrs.field(factory=TemplateLibrary)
    moderation: ModerationPolicy = attrs.field(factory=ModerationPolicy)
    flows: tuple[BotFlow, ...] = ()
    alerts: AlertConfig = attrs.field(factory=AlertConfig)
    limits: MatchLimits = attrs.field(factory=MatchLimits)

    def __attrs_post_init__(self) -> None:
        duplicates = list(_duplicates("rule_sets", [s.id for s in self.rule_sets]))
        duplicates += _duplicates("flows", [f.id for f in self.flows])
        check(duplicates, DuplicateIdError)
        references = list(self._references())
        compiled: list[Problem] = []
        for i, rule_set in enumerate(self.rule_sets):
            try:
                Triage(rule_set, limits=self.limits)
            except ValidationError as exc:
                compiled.extend(p.prefixed(f"rule_sets[{i}]") for p in exc.problems)
        if references and not compiled:
            check(references, UnknownReferenceError)
        check([*references, *compiled])

    @property
    def matrix(self) -> EscalationMatrix:
        """The escalation matrix in force (the default one when none is given)."""
        return self.escalation if self.escalation is not None else EscalationMatrix.default()

    def rule_set(self, rule_set_id: str) -> r.RuleSet:
        """The rule set with this id.

        Raises:
            UnknownReferenceError: no such rule set.
        """
        for rule_set in self.rule_sets:
            if rule_set.id == rule_set_id:
                return rule_set
        known = ", ".join(s.id for s in self.rule_sets) or "none"
        raise UnknownReferenceError(
            f"is not a rule set of the playbook (known: {known})",
            path="rule_set",
            value=rule_set_id,
        )

    def triage(
        self,
        rule_set: str | None = None,
        *,
        classifiers: Sequence[Classifier] = (),
        route_untouched: bool = False,
    ) -> Triage:
        """A :class:`~socialgoals.community.triage.Triage` for one rule set.

        Args:
            rule_set: its id; the only rule set when there is just one.
            classifiers: message classifiers (e.g. the plugin hook's callers).
            route_untouched: also route messages no rule matched.

        Raises:
            UnknownReferenceError: no such rule set (or several and none named).
        """
        if rule_set is None:
            if len(self.rule_sets) != 1:
                raise UnknownReferenceError(
                    "name the rule set: the playbook has "
                    f"{len(self.rule_sets)} ({', '.join(s.id for s in self.rule_sets)})",
                    path="rule_set",
                )
            chosen = self.rule_sets[0]
        else:
            chosen = self.rule_set(rule_set)
        return Triage(
            chosen,
            matrix=self.matrix,
            hours=self.hours,
            classifiers=classifiers,
            limits=self.limits,
            route_untouched=route_untouched,
        )

    def _references(self) -> Iterator[Problem]:
        templates = [t.id for t in self.templates.templates]
        flows = [f.id for f in self.flows]
        roles = [role.id for role in self.matrix.roles]
        for i, rule_set in enumerate(self.rule_sets):
            for j, rule in enumerate(rule_set.rules):
                for k, action in enumerate(rule.actions):
                    path = f"rule_sets[{i}].rules[{j}].actions[{k}].{action.key}"
                    if isinstance(action, r.Reply) and action.template not in templates:
                        yield _unknown(path, action.template, "template", templates)
                    elif isinstance(action, r.SendFlow) and action.flow not in flows:
                        yield _unknown(path, action.flow, "flow", flows)
                    elif isinstance(action, r.Escalate) and action.role not in roles:
                        yield _unknown(path, action.role, "role of the escalation matrix", roles)


def _unknown(path: str, value: str, what: str, known: list[str]) -> Problem:
    listed = ", ".join(known) or "none"
    return Problem(
        path,
        value,
        f"is not a {what} of the playbook (known: {listed})"
        if what != "role of the escalation matrix"
        else f"is not a role of the escalation matrix (known: {listed})",
        code=UnknownReferenceError.default_code,
    )


def _duplicates(section: str, ids: list[str]) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        if item_id in first:
            yield Problem(
                f"{section}[{i}].id", item_id, f"repeats {section}[{first[item_id]}].id",
                code=DuplicateIdError.default_code,
            )  # fmt: skip
        first.setdefault(item_id, i)
