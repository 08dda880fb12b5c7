"""The bundled classifier plugin answers the classify hook through the plugin manager."""

from __future__ import annotations

from datetime import UTC, datetime

from socialgoals.community.messages import Author, Classification, Intent, Message, MessageKind
from socialgoals.community.rules import AnyKeywords, IntentIs, Rule, RuleSet, Tag
from socialgoals.community.triage import Triage
from socialgoals.model import Platform
from socialgoals.plugins import get_plugin_manager


def _message(text: str, *, brand: bool = False) -> Message:
    return Message(
        id="m1",
        platform=Platform.FACEBOOK,
        kind=MessageKind.COMMENT,
        thread_id="t1",
        author=Author(id="b" if brand else "u1", is_brand=brand),
        text=text,
        received_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )


def test_the_lexicon_answers_the_hook() -> None:
    pm = get_plugin_manager(environ={}, entry_points=False)
    answers = pm.hook.socialgoals_classify_message(message=_message("Je veux un remboursement"))
    names = [a.classifier for a in answers]
    assert "socialgoals.lexicon" in names
    assert pm.hook.socialgoals_classify_message(message=_message("merci", brand=True)) == []


def test_it_can_be_blocked() -> None:
    environ = {"SOCIALGOALS_BLOCK_PLUGINS": "socialgoals.adapters.classifiers"}
    pm = get_plugin_manager(environ=environ, entry_points=False)
    assert pm.hook.socialgoals_classify_message(message=_message("remboursement")) == []


def test_triage_takes_the_hook_as_a_classifier() -> None:
    pm = get_plugin_manager(environ={}, entry_points=False)

    def classify_with_plugins(message: Message) -> list[Classification]:
        return list(pm.hook.socialgoals_classify_message(message=message))

    rules = RuleSet("c", [Rule("refunds", IntentIs([Intent.REFUND]), [Tag("refund")]),
                          Rule("never", AnyKeywords(["zzz"]), [Tag("x")])])  # fmt: skip
    msg = _message("Je veux être remboursé")
    decision = Triage(rules).decide(msg, classifications=classify_with_plugins(msg))
    assert decision.rule_ids == ("refunds",)
