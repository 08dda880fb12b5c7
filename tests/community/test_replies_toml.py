"""Replies configs survive a TOML round trip (the plan file format)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings

from socialgoals.community.alerts import AlertConfig
from socialgoals.community.audit import AuditTrail
from socialgoals.community.flows import BotFlow
from socialgoals.community.moderation import ModerationPolicy
from socialgoals.community.templates import TemplateLibrary
from socialgoals.converters import structure, unstructure
from socialgoals.testing.strategies._community_replies import type_strategies

CONFIGS = [TemplateLibrary, ModerationPolicy, BotFlow, AlertConfig, AuditTrail]


def _drop_none(data: Any) -> Any:
    # TOML has no null: plan files leave optional fields out instead.
    if isinstance(data, dict):
        return {k: _drop_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_drop_none(v) for v in data]
    return data


@pytest.mark.parametrize("model", CONFIGS, ids=lambda m: m.__name__)
def test_toml_round_trip(model: type) -> None:
    @settings(max_examples=15)
    @given(type_strategies()[model])
    def check(obj: object) -> None:
        text = tomli_w.dumps({"section": _drop_none(unstructure(obj))})
        assert structure(tomllib.loads(text)["section"], model) == obj

    check()


def test_defaults_in_toml() -> None:
    policy = ModerationPolicy.default()
    text = tomli_w.dumps(_drop_none(unstructure(policy)))
    assert structure(tomllib.loads(text), ModerationPolicy) == policy
    flow = BotFlow.example()
    text = tomli_w.dumps(_drop_none(unstructure(flow)))
    assert structure(tomllib.loads(text), BotFlow) == flow
