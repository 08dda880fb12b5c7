"""Hypothesis strategies for replies: templates, moderation, bot flows, audit, alerts.

Every strategy is valid by construction (templates pass the safety checks
and the linter, flows have 2-4 questions and a cap they can honour...).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from socialgoals.community._template_lint import LintSeverity, lint_text
from socialgoals.community.alerts import (
    AlertConfig,
    AlertSignal,
    KeywordAlert,
    SpikeMethod,
    SpikeRule,
)
from socialgoals.community.audit import AuditTrail, DecisionRecord, HumanReview
from socialgoals.community.flows import BotFlow, Offer, QualifyingQuestion, Tone, UserReply
from socialgoals.community.messages import Intent, Sentiment
from socialgoals.community.moderation import (
    Detector,
    ModerationAction,
    ModerationPolicy,
    ModerationReason,
    ModerationTrigger,
)
from socialgoals.community.templates import (
    DEFAULT_SLOTS,
    PART_NAMES,
    ReplyTemplate,
    TemplateLibrary,
    Visibility,
)

__all__ = [
    "template_texts",
    "slot_values",
    "reply_templates",
    "template_libraries",
    "moderation_triggers",
    "moderation_policies",
    "bot_flows",
    "user_replies",
    "decision_records",
    "audit_trails",
    "spike_rules",
    "keyword_alerts",
    "alert_configs",
    "type_strategies",
]

_WORDS = st.sampled_from(
    (
        "thanks", "merci", "hello", "bonjour", "your", "order", "commande", "we", "will",
        "check", "today", "sorry", "désolé", "🙂", "!", "?", "—", "à", "bientôt", "team",
    )
)  # fmt: skip
_SLUG = st.builds(
    "".join,
    st.tuples(
        st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
        st.text("abcdefghijklmnopqrstuvwxyz0123456789_", max_size=8),
    ),
)
_T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _words(min_size: int = 0, max_size: int = 6) -> st.SearchStrategy[str]:
    return st.lists(_WORDS, min_size=min_size, max_size=max_size).map(" ".join)


def _clean_public(text: str) -> bool:
    return not any(f.severity is LintSeverity.ERROR for f in lint_text(text, public=True))


def template_texts(*, slots: Sequence[str] = DEFAULT_SLOTS) -> st.SearchStrategy[str]:
    """Valid template sources: words, escaped braces and ``{slot}`` / ``{slot|fallback}``.

    Shrinks towards the empty template.
    """
    slot = st.builds(
        lambda name, fallback: f"{{{name}}}" if fallback is None else f"{{{name}|{fallback}}}",
        st.sampled_from(tuple(slots)),
        st.none() | _words(1, 3),
    )
    chunk = st.one_of(_words(1, 4), slot, st.sampled_from(("{{", "}}", " ")))
    return st.lists(chunk, max_size=5).map("".join).filter(_clean_public)


def slot_values(*, slots: Sequence[str] = DEFAULT_SLOTS) -> st.SearchStrategy[dict[str, Any]]:
    """Any slot values: text of any kind (braces, newlines, control characters), or ``None``.

    Shrinks towards no values at all.
    """
    return st.dictionaries(
        st.sampled_from(tuple(slots)), st.none() | st.text(max_size=300), max_size=len(slots)
    )


def reply_templates(
    *,
    slots: Sequence[str] = DEFAULT_SLOTS,
    visibility: Visibility | None = None,
    max_variants: int = 2,
) -> st.SearchStrategy[ReplyTemplate]:
    """Valid reply templates; shrinks towards one part with one empty-ish variant."""
    parts = st.fixed_dictionaries(
        {
            name: st.lists(template_texts(slots=slots), max_size=max_variants).map(tuple)
            for name in PART_NAMES
        }
    ).filter(lambda p: any(p.values()))
    vis = st.sampled_from(Visibility) if visibility is None else st.just(visibility)
    return st.builds(lambda i, p, v: ReplyTemplate(id=i, visibility=v, **p), _SLUG, parts, vis)


def template_libraries(
    *, max_templates: int = 3, slots: Sequence[str] = DEFAULT_SLOTS
) -> st.SearchStrategy[TemplateLibrary]:
    """Libraries with unique template ids; shrinks towards an empty library."""
    return st.lists(
        reply_templates(slots=slots), max_size=max_templates, unique_by=lambda t: t.id
    ).map(lambda ts: TemplateLibrary(templates=tuple(ts), allowed_slots=tuple(slots)))


def moderation_triggers() -> st.SearchStrategy[ModerationTrigger]:
    """Valid triggers; shrinks towards a hide trigger on one keyword."""
    return st.builds(
        lambda i, reason, action, kws, dets, spam, prior: ModerationTrigger(
            id=i,
            reason=reason,
            action=action,
            keywords=tuple(kws) or ("spam",),
            detectors=tuple(dets),
            spam=spam,
            min_prior_offences=prior,
        ),
        _SLUG,
        st.sampled_from(ModerationReason),
        st.sampled_from([a for a in ModerationAction if a.removes]),
        st.lists(_words(1, 2), max_size=3, unique=True),
        st.lists(st.sampled_from(Detector), max_size=3, unique=True),
        st.booleans(),
        st.integers(0, 3),
    )


def moderation_policies() -> st.SearchStrategy[ModerationPolicy]:
    """Policies with unique trigger ids; shrinks towards no triggers."""
    return st.lists(moderation_triggers(), max_size=4, unique_by=lambda t: t.id).map(
        lambda ts: ModerationPolicy(triggers=tuple(ts))
    )


def _questions(n: int) -> st.SearchStrategy[tuple[QualifyingQuestion, ...]]:
    question = st.builds(
        lambda text, replies, free: QualifyingQuestion(
            id="q", text=text + "?", quick_replies=tuple(replies), free_text=free or not replies
        ),
        _words(1, 5),
        st.lists(_words(1, 3).filter(str.strip), max_size=3, unique=True),
        st.booleans(),
    )
    return st.lists(question, min_size=n, max_size=n).map(
        lambda qs: tuple(
            QualifyingQuestion(f"q{i}", q.text, q.quick_replies, q.free_text)
            for i, q in enumerate(qs)
        )
    )


def bot_flows() -> st.SearchStrategy[BotFlow]:
    """Valid flows: 2-4 questions and a cap between their count and 8.

    Shrinks towards two questions with the cap equal to two.
    """

    def build(n: int, extra: int, questions: tuple[QualifyingQuestion, ...]) -> BotFlow:
        return BotFlow(
            id="flow",
            greetings={Tone.FRIENDLY: "Hi {first_name|there}!", Tone.FORMAL: "Hello."},
            questions=questions,
            offer=Offer("demo", "Book a demo?"),
            max_bot_questions=min(8, n + extra),
        )

    return st.integers(2, 4).flatmap(
        lambda n: st.builds(build, st.just(n), st.integers(0, 4), _questions(n))
    )


def user_replies() -> st.SearchStrategy[UserReply]:
    """Replies of every kind: words, quick replies, calls for a human, urgency,
    confusion, empty text, with or without a sentiment. Shrinks towards ``""``."""
    text = st.one_of(
        _words(0, 4),
        st.sampled_from(
            ("Book a demo", "human please", "je ne comprends pas", "urgent", "enterprise", "")
        ),
        st.text(max_size=20),
    )
    return st.builds(
        UserReply,
        text,
        st.none() | st.sampled_from(Sentiment),
        st.none() | st.floats(-1, 1),
    )


def decision_records(*, id: str = "d1") -> st.SearchStrategy[DecisionRecord]:  # noqa: A002 - mirrors the field
    """Decision records at or after 2026-03-02 09:00 UTC; shrinks towards no rule."""
    return st.builds(
        lambda minutes, rule, conds, intent: DecisionRecord(
            id=id,
            decided_at=_T0 + timedelta(minutes=minutes),
            message_id=f"m-{id}",
            conversation_id="t1",
            rule_id=rule,
            conditions=tuple(conds),
            actions=("tag:sales lead",) if rule else (),
            intent=intent,
        ),
        st.integers(0, 10_000),
        st.none() | _SLUG,
        st.lists(_words(1, 3), max_size=3),
        st.none() | st.sampled_from([Intent(i) for i in Intent.KNOWN]),
    )


def audit_trails(*, max_decisions: int = 4) -> st.SearchStrategy[AuditTrail]:
    """Trails whose reviews name recorded decisions; shrinks towards an empty trail."""

    def with_reviews(decisions: list[DecisionRecord]) -> st.SearchStrategy[AuditTrail]:
        if not decisions:
            return st.just(AuditTrail())
        review = st.tuples(st.integers(0, len(decisions) - 1), st.integers(0, 600))
        return st.lists(review, max_size=len(decisions)).map(
            lambda picks: AuditTrail(
                decisions=tuple(decisions),
                reviews=tuple(
                    HumanReview(
                        decisions[i].id,
                        "agent-1",
                        "ok",
                        "resolved",
                        decisions[i].decided_at + timedelta(minutes=delay),
                    )
                    for i, delay in picks
                ),
            )
        )

    return (
        st.integers(0, max_decisions)
        .flatmap(lambda n: st.tuples(*(decision_records(id=f"d{i}") for i in range(n))))
        .map(list)
        .flatmap(with_reviews)
    )


def spike_rules() -> st.SearchStrategy[SpikeRule]:
    """Valid spike rules; shrinks towards a 3-bucket z-score volume rule."""
    return st.builds(
        SpikeRule,
        id=_SLUG,
        signal=st.sampled_from(AlertSignal),
        method=st.sampled_from(SpikeMethod),
        window=st.integers(3, 24),
        threshold=st.floats(0.5, 5),
        min_value=st.floats(0, 10),
        min_spread=st.none() | st.floats(0, 3),
        alpha=st.floats(0.05, 1),
    )


def keyword_alerts() -> st.SearchStrategy[KeywordAlert]:
    """Valid keyword alerts; shrinks towards one word and a count of one."""
    return st.builds(
        lambda i, kws, n: KeywordAlert(i, tuple(kws), n),
        _SLUG,
        st.lists(_words(1, 2).filter(str.strip), min_size=1, max_size=3, unique=True),
        st.integers(1, 3),
    )


def alert_configs() -> st.SearchStrategy[AlertConfig]:
    """Configs with unique rule ids; shrinks towards no rules and one-hour buckets."""
    return st.builds(
        lambda bucket, spikes, kws: AlertConfig(
            bucket=timedelta(minutes=bucket),
            spikes=tuple(spikes),
            keywords=tuple(k for k in kws if k.id not in {s.id for s in spikes}),
        ),
        st.sampled_from((60, 15, 1440)),
        st.lists(spike_rules(), max_size=2, unique_by=lambda r: r.id),
        st.lists(keyword_alerts(), max_size=2, unique_by=lambda r: r.id),
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each public replies type, for ``st.register_type_strategy``."""
    return {
        ReplyTemplate: reply_templates(),
        TemplateLibrary: template_libraries(),
        ModerationTrigger: moderation_triggers(),
        ModerationPolicy: moderation_policies(),
        BotFlow: bot_flows(),
        UserReply: user_replies(),
        DecisionRecord: decision_records(),
        AuditTrail: audit_trails(),
        SpikeRule: spike_rules(),
        KeywordAlert: keyword_alerts(),
        AlertConfig: alert_configs(),
    }


TYPE_STRATEGIES = type_strategies
"""Alias: the function producing the ``{type: strategy}`` mapping."""
