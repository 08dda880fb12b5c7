"""The triage pipeline: message -> classifications -> rules -> explained decision.

:class:`Triage` compiles a :class:`~socialgoals.community.rules.RuleSet` once:
every keyword and phrase of every rule goes into one
:class:`~socialgoals.community.matcher.KeywordIndex`, regexes are checked, and
each rule learns which terms it needs, so a message that contains none of a
rule's keywords never evaluates that rule. :meth:`Triage.decide` returns a
:class:`Decision` that says which rules matched and why, the intent,
sentiment, tags, priority and ordered actions, the escalation route with its
SLA due times (from the :class:`~socialgoals.community.EscalationMatrix` and
:class:`~socialgoals.community.BusinessHours`), and the lead to create.

Classifiers are plain callables ``Message -> Classification | None`` (the
plugin manager's ``socialgoals_classify_message`` hook fits); answers computed
elsewhere can be passed in as well. Triage does no I/O and reads no clock.

>>> from datetime import datetime, timezone
>>> from socialgoals.community.rules import AnyKeywords, Rule, RuleSet, SendFlow, Tag, FollowUp
>>> from socialgoals.community.messages import Author, MessageKind
>>> from socialgoals.model import Platform
>>> seeds = RuleSet("comments", [Rule("sales-lead",
...     AnyKeywords(["price", "buy", "order", "prix", "acheter", "commander"]),
...     [Tag("sales_lead"), SendFlow("qualifier"), FollowUp()])])
>>> msg = Message(id="m1", platform=Platform.INSTAGRAM, kind=MessageKind.COMMENT,
...     thread_id="t1", author=Author(id="u1"), text="Quel est le PRIX ?",
...     received_at=datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc))
>>> decision = Triage(seeds).decide(msg)
>>> decision.rule_ids, decision.tags, decision.follow_up
(('sales-lead',), ('sales_lead',), True)
>>> print(decision.explain())
message m1: rule 'sales-lead' matched (rules[0].when.any_keywords matched 'prix')
  actions: tag sales_lead; send_flow qualifier; follow_up
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Final, Literal, NamedTuple

import attrs

from socialgoals.community import rules as r
from socialgoals.community._conditions import (
    Check,
    ConditionMatch,
    Facts,
    compile_condition,
    trigger_terms,
)
from socialgoals.community.classifiers import Combined, combine
from socialgoals.community.decision import Decision, LeadRequest, RuleMatch
from socialgoals.community.escalation import EscalationMatrix, Route
from socialgoals.community.hours import BusinessHours
from socialgoals.community.matcher import DEFAULT_LIMITS, KeywordIndex, MatchLimits
from socialgoals.community.messages import (
    Classification,
    Conversation,
    Intent,
    Message,
)
from socialgoals.errors import Problem, check

__all__ = [
    "ConditionMatch",
    "RuleMatch",
    "LeadRequest",
    "Decision",
    "Classifier",
    "Triage",
]

Classifier = Callable[[Message], Classification | None]
"""A classifier: a message in, a classification (or ``None`` to abstain) out."""


_REMOVALS: Final = (r.Hide, r.Delete, r.Ban)
_UNCLASSIFIED: Final = Combined()
_ROUTE_CACHE: Final = 4096
"""Routes (without due times) kept per intent, VIP flag, platform, exchanges, escalation."""
_OUTCOME_CACHE: Final = 4096
"""Rule outcomes kept per set of terms found, for rule sets that only look at keywords."""
_KEYWORD_ONLY: Final = frozenset({r.AnyKeywords, r.AllKeywords, r.AllOf, r.AnyOf, r.Not})
"""Conditions whose truth and evidence depend on nothing but the terms found."""


@attrs.frozen
class _CompiledRule:
    rule: r.Rule
    check: Check
    trigger: frozenset[int] | None
    set_intent: Intent | None
    set_priority: r.MessagePriority | None
    tags: tuple[str, ...]
    escalate: r.Escalate | None
    removes: bool
    wants_lead: bool


class _Outcome(NamedTuple):
    """What the matching rules decide together, whatever the message's other facts."""

    matches: tuple[RuleMatch, ...]
    set_intent: Intent | None
    priority: r.MessagePriority
    escalate: r.Escalate | None
    lead_rule: str | None
    removed: bool
    tags: tuple[str, ...]
    actions: tuple[r.Action, ...]


class Triage:
    """A compiled rule set with its escalation matrix, hours and classifiers.

    Args:
        rule_set: the rules.
        matrix: the escalation matrix; without one, decisions have no route.
        hours: business hours for due times and waiting conditions
            (wall-clock time without them).
        classifiers: callables run on every message, in order.
        limits: caps on rules, terms and regex length.
        regex_engine: ``"auto"`` (RE2 when installed), ``"re2"`` or ``"re"``.
        route_untouched: also route messages no rule matched (by default,
            only matched messages that are not removed go to a human queue).
        cache_outcomes: when every condition only looks at keywords and
            phrases, remember what the rules decide for each set of terms
            found (bounded); ``False`` evaluates every rule for every message
            (the same decisions, slower: for checks).

    Raises:
        ValidationError: the rule set breaks a limit (located by path).
        UnsafePatternError: a regex could backtrack or is too long (with its
            rule path, ``rules[3].when.regex``).
    """

    def __init__(
        self,
        rule_set: r.RuleSet,
        *,
        matrix: EscalationMatrix | None = None,
        hours: BusinessHours | None = None,
        classifiers: Sequence[Classifier] = (),
        limits: MatchLimits = DEFAULT_LIMITS,
        regex_engine: Literal["auto", "re2", "re"] = "auto",
        route_untouched: bool = False,
        cache_outcomes: bool = True,
    ) -> None:
        self.rule_set = rule_set
        self.matrix = matrix
        self.hours = hours
        self.classifiers = tuple(classifiers)
        self.route_untouched = route_untouched
        if len(rule_set.rules) > limits.max_rules:
            cap = f"has more rules than the cap of {limits.max_rules}"
            check([Problem("rules", len(rule_set.rules), cap, code="too_many")])
        words = [
            w
            for rule in rule_set.rules
            for _, cond in r.iter_conditions(rule.when)
            if isinstance(cond, r.AnyKeywords | r.AllKeywords)
            for w in cond.words
        ]
        self.index = KeywordIndex(words)
        problems = []
        if len(self.index.terms) > limits.max_terms:
            problems.append(Problem("rules", len(self.index.terms),
                                    f"has more keywords than the cap of {limits.max_terms}",
                                    code="too_many"))  # fmt: skip
        problems.extend(
            Problem(
                "rules", t.text, f"has more than {limits.max_term_tokens} tokens", code="too_long"
            )
            for t in self.index.terms
            if len(t.tokens) > limits.max_term_tokens
        )
        check(problems)
        position = {id(rule): i for i, rule in enumerate(rule_set.rules)}
        compiled = []
        for rule in rule_set.ordered:
            path = f"rules[{position[id(rule)]}].when"
            check_ = compile_condition(
                rule.when, path, self.index, limits=limits, engine=regex_engine
            )
            compiled.append(_compile_rule(rule, check_, trigger_terms(rule.when, self.index)))
        self._rules: tuple[_CompiledRule, ...] = tuple(compiled)
        self._always: tuple[int, ...] = tuple(
            i for i, c in enumerate(compiled) if c.trigger is None
        )
        by_term: dict[int, list[int]] = {}
        for i, c in enumerate(compiled):
            for term_id in c.trigger or ():
                by_term.setdefault(term_id, []).append(i)
        self._by_term = {t: tuple(rules) for t, rules in by_term.items()}
        self._first = rule_set.mode is r.MatchMode.FIRST
        self._routes: dict[tuple[object, ...], Route] = {}
        # When every condition only looks at the terms found, the rules' outcome
        # (matches, evidence, merged actions) is a function of those terms: cache it.
        self._keyword_only = cache_outcomes and all(
            type(cond) in _KEYWORD_ONLY
            for rule in rule_set.rules
            for _, cond in r.iter_conditions(rule.when)
        )
        self._outcomes: dict[frozenset[int], _Outcome] = {}
        self._quiet = not (self._always or self.classifiers or route_untouched)

    def candidates(self, found: Iterable[int]) -> list[int]:
        """Positions (in priority order) of the rules worth evaluating for these terms."""
        by_term = self._by_term
        chosen = set(self._always)
        for term_id in found:
            chosen.update(by_term.get(term_id, ()))
        return sorted(chosen)

    def decide(
        self,
        message: Message,
        *,
        conversation: Conversation | None = None,
        classifications: Sequence[Classification] = (),
        now: datetime | None = None,
    ) -> Decision:
        """Triage one message.

        Args:
            message: the message.
            conversation: its conversation so far (for exchanges and waiting time).
            classifications: answers already computed (e.g. by plugins); the
                configured classifiers add theirs.
            now: the time of the decision, for waiting-time conditions
                (the message's arrival when not given).

        Returns:
            The decision; the brand's own messages get an empty one (no rule runs).
        """
        if message.from_brand:
            return Decision(message.id, self.rule_set.id)  # our own replies are not triaged
        found = self.index.scan(message.text)
        if not found and self._quiet and not classifications:
            return Decision(message.id, self.rule_set.id)  # the common case: nothing to do
        classifiers = self.classifiers
        if self._keyword_only and conversation is None and not (classifiers or classifications):
            # Rules that only look at keywords, decided before for these terms: no facts needed.
            known = self._outcomes.get(frozenset(found))
            if known is not None:
                if not known.matches and not self.route_untouched:
                    return Decision(message.id, self.rule_set.id)
                return self._decision(message, None, known, None)

        def classify() -> Combined:
            answers = list(classifications)
            for classifier in classifiers:
                answer = classifier(message)
                if answer is not None:
                    answers.append(answer)
            return combine(answers)

        facts = Facts(
            message,
            found=found,
            classify=classify,
            conversation=conversation,
            hours=self.hours,
            now=now or message.received_at,
        )
        if classifiers or classifications:
            facts.combined  # noqa: B018 - classify every message when classifiers are configured
        if self._keyword_only:
            key = frozenset(found)
            outcome = self._outcomes.get(key)
            if outcome is None:
                outcome = _outcome(self._evaluate(facts))
                if len(self._outcomes) >= _OUTCOME_CACHE:
                    self._outcomes.clear()
                self._outcomes[key] = outcome
        else:
            outcome = _outcome(self._evaluate(facts))
        if not outcome.matches and not self.route_untouched and not facts.classified:
            return Decision(message.id, self.rule_set.id)
        return self._decision(message, facts, outcome, conversation)

    def _evaluate(self, facts: Facts) -> list[tuple[_CompiledRule, list[ConditionMatch]]]:
        """The rules that hold for ``facts``, in priority order, with their evidence."""
        found = facts.found
        matches: list[tuple[_CompiledRule, list[ConditionMatch]]] = []
        rules = self._rules
        for position in self.candidates(found) if found or self._always else ():
            compiled = rules[position]
            evidence: list[ConditionMatch] = []
            if compiled.check(facts, evidence):
                matches.append((compiled, evidence))
                if self._first:
                    break
                if facts.decided_intent is None:  # later rules see the intent decided so far
                    facts.decided_intent = compiled.set_intent
        return matches

    def _decision(
        self,
        message: Message,
        facts: Facts | None,
        outcome: _Outcome,
        conversation: Conversation | None,
    ) -> Decision:
        """The decision of ``outcome``; ``facts`` may be ``None`` when there is no
        conversation and nothing was classified."""
        combined = facts.combined if facts is not None and facts.classified else _UNCLASSIFIED
        intent = outcome.set_intent or combined.intent
        escalate = outcome.escalate
        route = None
        if self.matrix is not None and (
            ((outcome.matches or self.route_untouched) and not outcome.removed) or escalate
        ):
            route = self._route(message, intent, facts, conversation, escalate)
        lead = None
        if outcome.lead_rule is not None:
            lead = LeadRequest(
                message.id,
                message.thread_id,
                message.platform,
                message.author.id,
                message.post_id,
                intent,
                outcome.tags,
                outcome.lead_rule,
            )
        return Decision(
            message_id=message.id,
            rule_set=self.rule_set.id,
            matches=outcome.matches,
            intent=intent,
            sentiment=combined.sentiment,
            sentiment_score=combined.sentiment_score,
            is_spam=combined.is_spam,
            priority=outcome.priority,
            tags=outcome.tags,
            actions=outcome.actions,
            route=route,
            lead=lead,
            classifications=combined.classifications,
        )

    def _escalated(self, route: Route, role: str) -> Route:
        """``route`` sent to ``role``, under the SLA of the matrix's first row for that role."""
        assert self.matrix is not None
        found = _escalation_sla(self.matrix, role)
        if found is None:
            sla, reason = route.sla, f"escalated to {role} by a rule; SLA of {route.reason}"
        else:
            index, sla_id = found
            sla = self.matrix.sla(sla_id)
            reason = f"escalated to {role} by a rule; SLA {sla_id} of row {index}"
        return Route(self.matrix.role(role), sla, route.row, reason, escalated=True)

    def _route(
        self,
        message: Message,
        intent: Intent | None,
        facts: Facts | None,
        conversation: Conversation | None,
        escalate: r.Escalate | None,
    ) -> Route:
        assert self.matrix is not None
        follow_up = opened_at = None
        if conversation is not None and conversation.messages:
            opened_at = conversation.messages[0].received_at
            follow_up = any(
                m.from_brand for m in conversation.messages if m.received_at <= message.received_at
            )
        exchanges = 0 if facts is None else facts.unresolved_exchanges  # no conversation: 0
        key = (intent, message.author.is_vip, message.platform, exchanges, escalate)
        route = self._routes.get(key)
        if route is None:
            route = self.matrix.route(
                intent,
                vip=message.author.is_vip,
                platform=message.platform,
                exchanges_without_resolution=exchanges,
            )
            if escalate is not None and escalate.role != route.role.id:
                route = self._escalated(route, escalate.role)
            if len(self._routes) < _ROUTE_CACHE:
                self._routes[key] = route
        due = route.sla.due_times(
            message.received_at, self.hours, follow_up=bool(follow_up), opened_at=opened_at
        )
        return Route(route.role, route.sla, route.row, route.reason, route.escalated, due)


_Merged = tuple[
    Intent | None,
    r.MessagePriority | None,
    r.Escalate | None,
    str | None,
    bool,
    tuple[str, ...],
    tuple[r.Action, ...],
]


def _outcome(matches: list[tuple[_CompiledRule, list[ConditionMatch]]]) -> _Outcome:
    """What the matching rules decide, merged (the first rule wins on conflicts)."""
    if len(matches) == 1:  # the usual case, without merging
        only = matches[0][0]
        set_intent, priority, escalate = only.set_intent, only.set_priority, only.escalate
        removed, tags, actions = only.removes, only.tags, only.rule.actions
        lead_rule = only.rule.id if only.wants_lead else None
    else:
        set_intent, priority, escalate, lead_rule, removed, tags, actions = _merge(matches)
    return _Outcome(
        matches=tuple(RuleMatch(c.rule.id, tuple(e), c.rule.actions) for c, e in matches),
        set_intent=set_intent,
        priority=priority or r.MessagePriority.NORMAL,
        escalate=escalate,
        lead_rule=lead_rule,
        removed=removed,
        tags=tags,
        actions=actions,
    )


def _merge(matches: list[tuple[_CompiledRule, list[ConditionMatch]]]) -> _Merged:
    """What several matching rules decide together (the first rule wins on conflicts)."""
    set_intent = priority = escalate = lead_rule = None
    removed = False
    tags: list[str] = []
    actions: list[r.Action] = []
    for compiled, _ in matches:
        set_intent = set_intent or compiled.set_intent
        priority = priority or compiled.set_priority
        escalate = escalate or compiled.escalate
        removed = removed or compiled.removes
        if compiled.wants_lead and lead_rule is None:
            lead_rule = compiled.rule.id
        tags.extend(t for t in compiled.tags if t not in tags)
        actions.extend(compiled.rule.actions)
    return set_intent, priority, escalate, lead_rule, removed, tuple(tags), tuple(actions)


def _escalation_sla(matrix: EscalationMatrix, role: str) -> tuple[int, str] | None:
    """The first matrix row that routes to ``role``: its index and SLA id."""
    return next(((i, row.sla) for i, row in enumerate(matrix.rows) if row.role == role), None)


def _compile_rule(rule: r.Rule, check_: Check, trigger: frozenset[int] | None) -> _CompiledRule:
    actions = rule.actions
    return _CompiledRule(
        rule=rule,
        check=check_,
        trigger=trigger,
        set_intent=next((a.intent for a in actions if isinstance(a, r.SetIntent)), None),
        set_priority=next((a.priority for a in actions if isinstance(a, r.SetPriority)), None),
        tags=tuple(dict.fromkeys(a.tag for a in actions if isinstance(a, r.Tag))),
        escalate=next((a for a in actions if isinstance(a, r.Escalate)), None),
        removes=any(isinstance(a, _REMOVALS) for a in actions),
        wants_lead=any(isinstance(a, r.CreateLead) for a in actions),
    )
