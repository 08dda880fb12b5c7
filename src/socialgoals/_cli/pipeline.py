"""What the commands compose: sources from the plugin registry, imports, the store's table.

A source is named on the command line as ``[PRESET[,key=value...]:]PATH``:

- ``meta_instagram_posts:data/ig.csv``: a CSV export read with a preset;
- ``long,campaign_column=campaign:data/attribution.csv``: a preset with changes;
- ``data/shop.csv``: a CSV in the tidy ``long`` form (date, platform, metric, value);
- ``data/inbox.jsonl`` (or ``conversations:PATH``): a conversation log.

A conversation log is triaged with the plan's playbook when it has one: each
lead a rule creates is stored with its outbox rows (for the sinks), every
decision that touched a message goes to the audit log, and the log's daily
counts become metrics (``conversations``, ``dm_conversations``,
``messages_received``, ``messages_responded``, ``first_responses``,
``first_response_seconds``, ``escalations``, ``conversation_leads``) so the
conversation KPIs roll up like any other. (``leads`` is left to the CRM or
form exports, so the two are never counted twice.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, Final

import attrs
import pluggy

from socialgoals.community import (
    Consent,
    ConsentStatus,
    Contact,
    Conversation,
    Decision,
    Lead,
    Message,
    MessageKind,
    Triage,
    conversations_from_messages,
    dry_run,
)
from socialgoals.community.triage import Classifier
from socialgoals.errors import ValidationError
from socialgoals.kpi import MetricTable
from socialgoals.model import Observation, Platform
from socialgoals.plan import Plan
from socialgoals.plugins import Registry, classify_message
from socialgoals.protocols import DeliveryItem, MessageQuery
from socialgoals.store import ImportSummary, Store

__all__ = [
    "SourceSpec",
    "parse_source",
    "plugin_classifiers",
    "plan_triage",
    "read_conversations",
    "conversation_observations",
    "lead_from_decision",
    "ConversationImport",
    "import_conversations",
    "import_metric_source",
    "load_table",
]

_PRESET_RE: Final = re.compile(r"^[a-z][a-z0-9_]*(,[a-z_]+=[^,:]*)*$")
_CONVERSATION_SUFFIXES: Final = (".jsonl", ".ndjson")


@attrs.frozen
class SourceSpec:
    """A source named on the command line.

    Attributes:
        path: the file.
        kind: ``"metrics"`` or ``"conversations"``.
        plugin: the source's registered name (``csv``, ``json``, ``jsonl``...).
        preset: the column-mapping preset, for metric files.
        changes: preset attributes changed (``campaign_column=campaign``).
    """

    path: Path
    kind: str
    plugin: str
    preset: str | None = None
    changes: tuple[tuple[str, str], ...] = ()


def parse_source(text: str) -> SourceSpec:
    """Read ``[PRESET[,key=value...]:]PATH``.

    >>> parse_source("meta_ads_daily:data/ads.csv")
    SourceSpec(path=PosixPath('data/ads.csv'), kind='metrics', plugin='csv', preset='meta_ads_daily', changes=())
    >>> parse_source("data/inbox.jsonl").kind
    'conversations'
    >>> parse_source("long,campaign_column=campaign:a.csv").changes
    (('campaign_column', 'campaign'),)
    """  # noqa: E501 - a doctest output line
    head, sep, tail = text.partition(":")
    preset_part = head if sep and _PRESET_RE.match(head) else None
    path = Path(tail if preset_part is not None else text)
    if not str(path):
        raise ValidationError("names no file", path="source", value=text, code="bad_source")
    suffix = path.suffix.lower()
    if preset_part == "conversations" or (preset_part is None and suffix in _CONVERSATION_SUFFIXES):
        return SourceSpec(path, "conversations", "jsonl")
    name, *pairs = (preset_part or "long").split(",")
    changes = tuple((key, value) for key, _, value in (p.partition("=") for p in pairs))
    if suffix in (".json", ".jsonl", ".ndjson"):
        plugin = "json"
    elif suffix in (".csv", ".tsv", ".txt"):
        plugin = "csv"
    else:
        raise ValidationError(
            "is not a .csv, .json or .jsonl file", path="source", value=text, code="bad_source"
        )
    return SourceSpec(path, "metrics", plugin, name, changes)


def plugin_classifiers(pm: pluggy.PluginManager) -> list[Classifier]:
    """One classifier per plugin implementing ``socialgoals_classify_message``.

    Each message is asked once; a failing plugin is left out of that answer.
    """
    cache: dict[str, tuple[tuple[str, Any], ...]] = {}

    def answers(message: Message) -> tuple[tuple[str, Any], ...]:
        if message.id not in cache:
            cache.clear()
            cache[message.id] = classify_message(pm, message).results
        return cache[message.id]

    def for_plugin(name: str) -> Classifier:
        return lambda m: next((c for p, c in answers(m) if p == name), None)

    names = [
        name
        for name, plugin in pm.list_name_plugin()
        if plugin is not None and hasattr(plugin, "socialgoals_classify_message")
    ]
    return [for_plugin(n) for n in names]


def plan_triage(plan: Plan, pm: pluggy.PluginManager, rule_set: str | None = None) -> Triage | None:
    """The plan's triage for ``rule_set`` (the only one by default), or ``None`` without one."""
    if plan.community is None or not plan.community.rule_sets:
        return None
    chosen = rule_set
    if chosen is None and len(plan.community.rule_sets) > 1:
        chosen = plan.community.rule_sets[0].id
    return plan.community.triage(chosen, classifiers=plugin_classifiers(pm))


def read_conversations(registry: Registry, path: Path) -> list[Conversation]:
    """Every conversation of a log, through the ``jsonl`` conversation source."""
    source = registry.get("conversation source", "jsonl")(path)
    return conversations_from_messages(source.messages(MessageQuery()))


def _zone(plan: Plan) -> tzinfo:
    hours = plan.community.hours if plan.community is not None else None
    return hours.timezone if hours is not None else UTC


def lead_from_decision(decision: Decision, message: Message) -> Lead:
    """A lead for the message a rule asked to turn into one (no consent recorded yet)."""
    author = message.author
    return Lead(
        id=f"lead-{message.platform.id}-{message.id}",
        contact=Contact(name=author.name or None, handle=author.handle, platform_user_id=author.id),
        platform=message.platform,
        created_at=message.received_at,
        consent=Consent(ConsentStatus.UNKNOWN),
        source_message_id=message.id,
        source_post_id=message.post_id,
        intent=decision.intent,
        tags=decision.tags,
    )


def conversation_observations(
    conversations: Sequence[Conversation],
    decisions: Iterable[Decision],
    *,
    tz: tzinfo,
    source: str,
) -> list[Observation]:
    """Daily counts of a conversation log, by platform, in the team's timezone."""
    counts: dict[tuple[date, Platform, str], float] = {}

    def add(at: datetime, platform: Platform, metric: str, value: float = 1.0) -> None:
        key = (at.astimezone(tz).date(), platform, metric)
        counts[key] = counts.get(key, 0.0) + value

    by_id: dict[str, Message] = {}
    for conv in conversations:
        msgs = conv.messages
        customer = [m for m in msgs if not m.from_brand]
        if not customer:
            continue
        first = customer[0]
        add(first.received_at, first.platform, "conversations")
        if first.kind is MessageKind.DM:
            add(first.received_at, first.platform, "dm_conversations")
        answer = next(
            (m for m in msgs if m.from_brand and m.received_at >= first.received_at), None
        )
        if answer is not None:
            add(first.received_at, first.platform, "first_responses")
            seconds = (answer.received_at - first.received_at).total_seconds()
            add(first.received_at, first.platform, "first_response_seconds", seconds)
        for i, m in enumerate(msgs):
            if m.from_brand:
                continue
            by_id[m.id] = m
            add(m.received_at, m.platform, "messages_received")
            if any(later.from_brand for later in msgs[i + 1 :]):
                add(m.received_at, m.platform, "messages_responded")
    for d in decisions:
        message = by_id.get(d.message_id)
        if message is None:
            continue
        if d.route is not None and (d.route.escalated or d.escalated_to):
            add(message.received_at, message.platform, "escalations")
        if d.lead is not None:
            add(message.received_at, message.platform, "conversation_leads")
    return [
        Observation(day, platform, metric, float(value), source=source)
        for (day, platform, metric), value in sorted(counts.items(), key=lambda kv: _key(kv[0]))
    ]


def _key(key: tuple[date, Platform, str]) -> tuple[date, str, str]:
    return (key[0], key[1].id, key[2])


@attrs.frozen
class ConversationImport:
    """What importing a conversation log did."""

    conversations: int
    messages: int
    decisions: int
    leads: int
    observations: ImportSummary


def import_conversations(
    store: Store,
    plan: Plan,
    conversations: Sequence[Conversation],
    *,
    triage: Triage | None,
    sinks: Sequence[str],
    source: str,
) -> ConversationImport:
    """Triage a log and store its leads, audit records and daily counts, in one transaction."""
    summary = dry_run(triage, conversations) if triage is not None else None
    decisions = summary.decisions if summary is not None else ()
    observations = conversation_observations(
        conversations, decisions, tz=_zone(plan), source=source
    )
    messages = {m.id: m for c in conversations for m in c.messages}
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    leads = 0
    with store.transaction() as tx:
        for obs in observations:
            counts[tx.upsert_observation(obs)] += 1
        for d in decisions:
            message = messages[d.message_id]
            if d.touched:
                tx.audit(
                    "triage.decision",
                    at=message.received_at,
                    details={
                        "message": d.message_id,
                        "rules": list(d.rule_ids),
                        "actions": [a.key for a in d.actions],
                        "intent": d.intent.id if d.intent else None,
                        "role": d.route.role.id if d.route else None,
                    },
                )
            if d.lead is not None:
                lead = lead_from_decision(d, message)
                if tx.insert_lead(lead):
                    leads += 1
                    _enqueue(tx, lead, sinks, message.received_at)
    return ConversationImport(
        conversations=len(conversations),
        messages=sum(not m.from_brand for m in messages.values()),
        decisions=len(decisions),
        leads=leads,
        observations=ImportSummary(**counts),
    )


def _enqueue(tx: Any, lead: Lead, sinks: Sequence[str], now: datetime) -> None:
    if sinks:
        tx.enqueue(DeliveryItem.for_lead(lead), sinks=sinks, now=now)


def import_metric_source(
    store: Store, registry: Registry, spec: SourceSpec
) -> tuple[ImportSummary, Callable[[], int]]:
    """Import one metric file through its registered source; returns the summary."""
    from socialgoals.adapters import import_metrics  # noqa: PLC0415 - services, on demand

    cls = registry.get("metric source", spec.plugin)
    source = cls(spec.path, preset=spec.preset, mapping=dict(spec.changes) or None)
    summary = import_metrics(store, source)
    return summary, lambda: int(getattr(source, "skipped", 0))


def load_table(store: Store, *, end: date | None = None) -> MetricTable:
    """Every stored observation (before ``end``) as one metric table.

    Raises:
        ValidationError: two sources give the same metric for the same day,
            platform, account, campaign and post (one message, with the count).
    """
    observations = store.observations(end=end)
    seen: dict[tuple[str, ...], str] = {}
    clashes: list[tuple[tuple[str, ...], str, str]] = []
    for obs in observations:
        first = seen.setdefault(obs.natural_key, obs.source)
        if first != obs.source:
            clashes.append((obs.natural_key, first, obs.source))
    if clashes:
        key, a, b = clashes[0]
        raise ValidationError(
            f"metric {key[5]!r} on {key[0]} ({key[1]}) comes from two sources, {a!r} and "
            f"{b!r} ({len(clashes)} such rows): import each metric from one source",
            path="store",
            code="duplicate_metric",
        )
    return MetricTable.from_observations(observations)
