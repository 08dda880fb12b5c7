"""The playbook (the plan's community section): plan data, cross references, triage."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

import pytest

from socialgoals.community.flows import BotFlow
from socialgoals.community.messages import Author, Message, MessageKind
from socialgoals.community.playbook import Playbook
from socialgoals.community.rules import SendFlow, Tag
from socialgoals.converters import structure, unstructure
from socialgoals.errors import DuplicateIdError, UnknownReferenceError, ValidationError
from socialgoals.model import Platform
from socialgoals.plan import Plan
from socialgoals.planfile import dumps_plan, loads_plan

FLOW = unstructure(BotFlow.example())
SEEDS_WORDS = ["price", "buy", "order", "prix", "acheter", "commander"]


def playbook_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule_sets": [
            {
                "id": "comments",
                "rules": [
                    {
                        "id": "sales-lead",
                        "when": {
                            "any_keywords": [
                                "price",
                                "buy",
                                "order",
                                "prix",
                                "acheter",
                                "commander",
                            ]
                        },
                        "actions": [
                            {"tag": "sales_lead"},
                            {"send_flow": FLOW["id"]},
                            {"follow_up": True},
                        ],
                    }
                ],
            }
        ],
        "flows": [FLOW],
        "hours": {"timezone": "Europe/Paris", "weekdays": {"mon": ["09:00-18:00"]}},
    }
    data.update(extra)
    return data


def test_a_playbook_loads_round_trips_and_triages() -> None:
    playbook = structure(playbook_data(), Playbook)
    assert structure(unstructure(playbook), Playbook) == playbook
    triage = playbook.triage()
    msg = Message(
        id="m1",
        platform=Platform.INSTAGRAM,
        kind=MessageKind.COMMENT,
        thread_id="t1",
        author=Author(id="u1"),
        text="Combien pour le PRIX ?",
        received_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    decision = triage.decide(msg)
    assert decision.actions[:2] == (Tag("sales_lead"), SendFlow(FLOW["id"]))
    assert decision.route is not None  # the default matrix stands in


def test_unknown_references_are_located() -> None:
    data = playbook_data()
    data["rule_sets"][0]["rules"][0]["actions"] += [
        {"reply": "thanks"},
        {"escalate": "ceo"},
        {"send_flow": "nope"},
    ]
    with pytest.raises(UnknownReferenceError) as info:
        structure(data, Playbook)
    prefix = "rule_sets[0].rules[0].actions"
    assert info.value.paths == [
        f"{prefix}[3].reply",
        f"{prefix}[4].escalate",
        f"{prefix}[5].send_flow",
    ]
    assert "known: community_manager, support_agent" in str(info.value)


def test_duplicates_and_limits_are_reported() -> None:
    data = playbook_data()
    data["rule_sets"].append(data["rule_sets"][0])
    with pytest.raises(DuplicateIdError) as info:
        structure(data, Playbook)
    assert info.value.paths == ["rule_sets[1].id"]
    tight = playbook_data(limits={"max_terms": 3})
    with pytest.raises(ValidationError, match=r"rule_sets\[0\].rules: has more keywords"):
        structure(tight, Playbook)


def test_triage_needs_a_rule_set_name_when_there_are_several() -> None:
    data = playbook_data()
    data["rule_sets"].append({**data["rule_sets"][0], "id": "dms"})
    playbook = structure(data, Playbook)
    assert playbook.triage("dms").rule_set.id == "dms"
    with pytest.raises(UnknownReferenceError, match="name the rule set"):
        playbook.triage()
    with pytest.raises(UnknownReferenceError, match="known: comments, dms"):
        playbook.triage("nope")


def test_the_plan_has_a_community_section() -> None:
    plan = structure({"name": "Boutique", "community": playbook_data()}, Plan)
    assert plan.community is not None
    assert plan.community.rule_sets[0].id == "comments"
    assert structure({"name": "No inbox"}, Plan).community is None
    bad = playbook_data()
    bad["rule_sets"][0]["rules"][0]["when"] = {"regex": "(a+)+$"}
    with pytest.raises(ValidationError) as info:
        structure({"community": bad}, Plan)
    assert info.value.paths == ["community.rule_sets[0].rules[0].when.regex"]


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_plan_files_round_trip_the_community_section(fmt: Literal["toml", "json"]) -> None:
    plan = structure({"name": "Boutique", "community": playbook_data()}, Plan)
    assert loads_plan(dumps_plan(plan, fmt), fmt) == plan
