"""Hypothesis strategies for community playbooks and the decisions they make.

Every strategy is valid by construction: rule sets have unique ids and every
``reply``, ``send_flow`` and ``escalate`` action names a template, flow or
role of the playbook. Playbooks shrink towards one empty rule set with the
default matrix and no templates or flows; decisions towards the empty
decision of an empty comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from socialgoals.community import rules as r
from socialgoals.community.decision import Decision
from socialgoals.community.escalation import EscalationMatrix
from socialgoals.community.flows import BotFlow
from socialgoals.community.playbook import Playbook
from socialgoals.community.templates import TemplateLibrary
from socialgoals.testing.strategies._community_replies import bot_flows, template_libraries
from socialgoals.testing.strategies._community_sla import escalation_matrices
from socialgoals.testing.strategies._community_triage import messages, rule_sets

__all__ = ["playbooks", "decisions", "type_strategies"]


def _resolve(
    action: r.Action, templates: Sequence[str], flows: Sequence[str], roles: Sequence[str], n: int
) -> r.Action:
    """``action`` pointing at an existing template, flow or role (a tag when there is none)."""
    if isinstance(action, r.Reply):
        return r.Reply(templates[n % len(templates)]) if templates else r.Tag(action.template)
    if isinstance(action, r.SendFlow):
        return r.SendFlow(flows[n % len(flows)]) if flows else r.Tag(action.flow)
    if isinstance(action, r.Escalate):
        return r.Escalate(roles[n % len(roles)])
    return action


def _playbook(
    drawn: list[r.RuleSet],
    matrix: EscalationMatrix | None,
    library: TemplateLibrary,
    flows: list[BotFlow],
) -> Playbook:
    templates = [t.id for t in library.templates]
    flow_ids = [f.id for f in flows]
    roles = [role.id for role in (matrix or EscalationMatrix.default()).roles]
    sets = []
    for i, rule_set in enumerate(drawn):
        fixed = tuple(
            attrs.evolve(
                rule,
                actions=tuple(
                    _resolve(a, templates, flow_ids, roles, j + k)
                    for k, a in enumerate(rule.actions)
                ),
            )
            for j, rule in enumerate(rule_set.rules)
        )
        sets.append(attrs.evolve(rule_set, id=f"rules-{i}", rules=fixed))
    return Playbook(
        rule_sets=tuple(sets),
        escalation=matrix,
        templates=library,
        flows=tuple(flows),
    )


def playbooks(*, max_rule_sets: int = 2, max_rules: int = 3) -> st.SearchStrategy[Playbook]:
    """Playbooks of 1 to ``max_rule_sets`` rule sets whose references all resolve.

    Rule sets, templates, bot flows and escalation matrices come from the
    triage, replies and SLA strategies; actions naming a missing template or
    flow become tags, and references are pointed at existing ids. Shrinks
    towards one empty rule set with the default matrix, no templates, no flows.
    """
    return st.builds(
        _playbook,
        st.lists(rule_sets(max_rules=max_rules), min_size=1, max_size=max(1, max_rule_sets)),
        st.none() | escalation_matrices(),
        template_libraries(max_templates=2),
        st.lists(bot_flows(), max_size=2, unique_by=lambda f: f.id),
    )


def decisions() -> st.SearchStrategy[Decision]:
    """Decisions made by a generated playbook's first rule set on a generated message.

    The message is triaged at its arrival or up to two days later. Shrinks
    towards the decision an empty playbook makes on an empty comment.
    """

    @st.composite
    def decide(draw: st.DrawFn) -> Decision:
        playbook = draw(playbooks(max_rule_sets=1))
        message = draw(messages(brand=None))
        delay = draw(st.integers(min_value=0, max_value=2 * 24 * 60))
        now = message.received_at + timedelta(minutes=delay)
        return playbook.triage().decide(message, now=now)

    return decide()


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of the playbook and decision types, for ``st.register_type_strategy``."""
    return {Playbook: playbooks(), Decision: decisions()}
