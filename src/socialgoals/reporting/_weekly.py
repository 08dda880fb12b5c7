"""The weekly triage report: spike alerts, top posts, escalations waiting, SLAs per role.

Alerts come from the playbook's :class:`~socialgoals.community.AlertConfig`,
escalations and SLA clocks from :func:`~socialgoals.community.dry_run` over
the week's conversations, top posts from a :func:`~socialgoals.kpi.rollup`
of post-level metrics. Without a conversation log, the community sections
say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from socialgoals.community import (
    AlertConfig,
    Conversation,
    Decision,
    Triage,
    dry_run,
)
from socialgoals.kpi import MetricTable, Window, rollup
from socialgoals.model import Period
from socialgoals.plan import Plan
from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._model import Callout, Callouts, Cell, Column, Section, Table, Tone

__all__ = ["alerts_section", "top_posts_section", "community_sections", "weekly_sections"]

TOP_POSTS = 5


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def alerts_section(
    conversations: Sequence[Conversation],
    config: AlertConfig,
    decisions: Sequence[Decision],
    msgs: Messages,
    *,
    period: Period,
) -> Section:
    """Volume and sentiment spikes (and keyword alerts) of the week."""
    start, end = _instant(period.start), _instant(period.end)
    widest = max((rule.window for rule in config.spikes), default=0)
    messages = [m for c in conversations for m in c.messages if not m.from_brand]
    sentiments = {d.message_id: d.sentiment for d in decisions if d.sentiment is not None}
    alerts = config.evaluate(
        messages,
        start=start - config.bucket * widest,
        end=end,
        sentiments=sentiments,
    )
    items: list[Callout] = []
    for alert in alerts:
        if alert.bucket_start < start:
            continue
        day = msgs.day(alert.bucket_start.date())
        hour = alert.bucket_start.astimezone(UTC).strftime("%H:%M UTC")
        if alert.kind == "volume":
            text = msgs(
                "spike_volume",
                day=f"{day} {hour}",
                value=msgs.auto(alert.value),
                threshold=msgs.auto(alert.threshold),
            )
        elif alert.kind in ("negative", "negative_share"):
            text = msgs(
                "spike_sentiment",
                day=f"{day} {hour}",
                value=msgs.auto(alert.value),
                threshold=msgs.auto(alert.threshold),
            )
        else:
            text = alert.explain()
        items.append(Callout(text, Tone.BAD if alert.kind != "keyword" else Tone.WARNING))
    empty = msgs("no_alerts") if conversations else msgs("no_log")
    block = Callouts("alerts", msgs("alerts"), tuple(items), empty)
    return Section("alerts", msgs("alerts"), (block,))


def top_posts_section(
    plan: Plan, table: MetricTable, msgs: Messages, *, as_of: date, period: Period
) -> Section:
    """The 5 posts of the week with the most interactions."""
    window = Window(period.start, min(period.end, as_of + timedelta(days=1)))
    rows: list[tuple[Cell, ...]] = []
    if "post" in table.dimensions and len(table):
        kpis = ["interactions", "engagement_rate"]
        r = rollup(table, kpis, by=["platform", "post"], period=[window], catalogue=plan.catalogue)
        ranked = []
        for key in r.keys:
            value = r.get(key, "interactions")
            if key[1] and isinstance(value, int | float):
                ranked.append((-value, str(key[0]), str(key[1]), key))
        for neg, platform, post, key in sorted(ranked)[:TOP_POSTS]:
            rate = r.get(key, "engagement_rate")
            rows.append(
                (
                    Cell(post),
                    Cell(platform),
                    Cell(msgs.number(-neg), -neg),
                    Cell(msgs.percent(rate), rate)
                    if isinstance(rate, int | float)
                    else Cell(msgs("undefined")),
                )
            )
    columns = (
        Column("post", msgs("col_post")),
        Column("platform", msgs("col_platform")),
        Column("engagements", msgs("col_engagements"), numeric=True),
        Column("rate", msgs("col_rate"), numeric=True),
    )
    block = Table("top_posts", msgs("top_posts"), columns, tuple(rows), msgs("no_posts"))
    return Section("top_posts", msgs("top_posts"), (block,))


def _stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _in_week(conversations: Sequence[Conversation], period: Period) -> list[Conversation]:
    start, end = _instant(period.start), _instant(period.end)
    found = []
    for conv in conversations:
        msgs = tuple(m for m in conv.messages if m.received_at < end)
        if any(start <= m.received_at for m in msgs if not m.from_brand):
            found.append(Conversation(conv.id, msgs, conv.state))
    return found


def community_sections(
    conversations: Sequence[Conversation],
    triage: Triage | None,
    config: AlertConfig,
    msgs: Messages,
    *,
    as_of: date,
    period: Period,
) -> tuple[Section, ...]:
    """Alerts, escalations waiting for a human and SLA hits and misses per role."""
    week = _in_week(conversations, period)
    now = min(_instant(period.end), _instant(as_of + timedelta(days=1)))
    summary = dry_run(triage, week, as_of=now) if triage is not None and week else None
    decisions = summary.decisions if summary is not None else ()
    waiting_rows: list[tuple[Cell, ...]] = []
    by_id = {m.id: (c, m) for c in week for m in c.messages}
    for decision in decisions:
        route = decision.route
        if route is None or not (route.escalated or decision.escalated_to):
            continue
        conv, message = by_id[decision.message_id]
        if any(m.from_brand and m.received_at > message.received_at for m in conv.messages):
            continue
        due = route.due.first_response if route.due is not None else None
        late = due is not None and due < now
        waiting_rows.append(
            (
                Cell(conv.id),
                Cell(message.platform.label, message.platform.id),
                Cell(decision.intent.id if decision.intent else msgs("undefined")),
                Cell(decision.escalated_to or route.role.label, route.role.id),
                Cell(_stamp(message.received_at), message.received_at.isoformat()),
                Cell(_stamp(due) if due else msgs("undefined"),
                     due.isoformat() if due else None, Tone.BAD if late else Tone.WARNING),
            )
        )  # fmt: skip
    waiting = Table(
        "escalations",
        msgs("escalations"),
        (
            Column("conversation", msgs("col_conversation")),
            Column("platform", msgs("col_platform")),
            Column("intent", msgs("col_intent")),
            Column("role", msgs("col_role")),
            Column("waiting", msgs("col_waiting")),
            Column("due", msgs("col_due")),
        ),
        tuple(waiting_rows),
        msgs("no_escalations") if conversations else msgs("no_log"),
    )
    sla_rows: list[tuple[Cell, ...]] = []
    for role, counts in sorted((summary.sla if summary else {}).items()):
        settled = counts.hit + counts.missed
        rate = 100 * counts.hit / settled if settled else None
        tone = Tone.NEUTRAL if rate is None else (Tone.GOOD if rate >= 90 else Tone.BAD)
        sla_rows.append(
            (
                Cell(role),
                Cell(str(counts.hit), float(counts.hit)),
                Cell(str(counts.missed), float(counts.missed),
                     Tone.BAD if counts.missed else Tone.NEUTRAL),
                Cell(str(counts.active), float(counts.active)),
                Cell(msgs.percent(rate, 0), rate, tone),
            )
        )  # fmt: skip
    sla = Table(
        "sla",
        msgs("sla"),
        (
            Column("role", msgs("col_role")),
            Column("hits", msgs("col_hits"), numeric=True),
            Column("misses", msgs("col_misses"), numeric=True),
            Column("active", msgs("col_active"), numeric=True),
            Column("hit_rate", msgs("col_hit_rate"), numeric=True),
        ),
        tuple(sla_rows),
        msgs("no_sla") if conversations else msgs("no_log"),
    )
    return (
        alerts_section(week, config, decisions, msgs, period=period),
        Section("escalations", msgs("escalations"), (waiting,)),
        Section("sla", msgs("sla"), (sla,)),
    )


def weekly_sections(
    plan: Plan,
    table: MetricTable,
    msgs: Messages,
    *,
    as_of: date,
    period: Period,
    conversations: Sequence[Conversation] = (),
    triage: Triage | None = None,
) -> tuple[Section, ...]:
    """Every section of the weekly triage report."""
    playbook = plan.community
    config = playbook.alerts if playbook is not None else AlertConfig()
    alerts, escalations, sla = community_sections(
        conversations, triage, config, msgs, as_of=as_of, period=period
    )
    posts = top_posts_section(plan, table, msgs, as_of=as_of, period=period)
    return (alerts, posts, escalations, sla)
