"""Writes that commit together: observations, leads, outbox items, audit records."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from socialgoals.community.leads import Lead
from socialgoals.model import Observation, require_aware
from socialgoals.protocols import DeliveryItem, ItemKind

__all__ = ["Transaction", "Upsert", "to_seconds", "from_seconds", "row_item"]

Upsert = Literal["inserted", "updated", "unchanged"]


def to_seconds(instant: datetime, path: str = "now") -> float:
    """Unix seconds of an aware instant (naive ones are refused)."""
    return require_aware(instant, path).timestamp()


def from_seconds(seconds: float) -> datetime:
    """The aware UTC instant of Unix ``seconds``."""
    return datetime.fromtimestamp(seconds, UTC)


def row_item(kind: str, key: str, subject: str | None, payload: str) -> DeliveryItem:
    """The delivery item stored in an outbox or dead-letter row."""
    return DeliveryItem(ItemKind(kind), key, json.loads(payload), subject_key=subject)


class Transaction:
    """Writes that commit together (see :meth:`Store.transaction`).

    A record and the outbox items it produces are written in one transaction,
    so an item exists if and only if its record does.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def upsert_observation(self, obs: Observation, *, source: str | None = None) -> Upsert:
        """Insert or update one observation keyed by source + natural key."""
        src = source if source is not None else obs.source
        key = (src, *obs.natural_key)
        row = self._conn.execute(
            "SELECT value FROM observations WHERE source=? AND day=? AND platform=? "
            "AND account=? AND campaign=? AND post=? AND metric=?",
            key,
        ).fetchone()
        if row is None:
            self._conn.execute(
                "INSERT INTO observations (source, day, platform, account, campaign, post, "
                "metric, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, float(obs.value)),
            )
            return "inserted"
        if row[0] == float(obs.value):
            return "unchanged"
        self._conn.execute(
            "UPDATE observations SET value=? WHERE source=? AND day=? AND platform=? "
            "AND account=? AND campaign=? AND post=? AND metric=?",
            (float(obs.value), *key),
        )
        return "updated"

    def insert_lead(self, lead: Lead) -> bool:
        """Store ``lead``; ``False`` when a lead with its id is already stored."""
        item = DeliveryItem.for_lead(lead)
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO leads (id, idempotency_key, subject_key, created_at, payload) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                lead.id,
                item.idempotency_key,
                lead.subject_key,
                lead.created_at.isoformat(),
                json.dumps(item.payload, sort_keys=True),
            ),
        )
        return cur.rowcount == 1

    def enqueue(self, item: DeliveryItem, *, sinks: Iterable[str], now: datetime) -> int:
        """Put ``item`` in the outbox of each sink; returns how many rows were new.

        An item already queued (or delivered) for a sink under the same
        idempotency key is not queued again.
        """
        at = to_seconds(now)
        payload = json.dumps(item.payload, sort_keys=True)
        added = 0
        for sink in sinks:
            cur = self._conn.execute(
                "INSERT OR IGNORE INTO outbox (sink, kind, idempotency_key, subject_key, payload, "
                "enqueued_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (sink, item.kind.value, item.idempotency_key, item.subject_key, payload, at, at),
            )
            added += cur.rowcount
        return added

    def audit(
        self,
        event: str,
        *,
        at: datetime,
        details: Mapping[str, Any] | None = None,
        subject_key: str | None = None,
    ) -> None:
        """Append an audit record (``details`` must hold no personal data)."""
        self._conn.execute(
            "INSERT INTO audit_log (at, event, subject_key, details) VALUES (?, ?, ?, ?)",
            (
                require_aware(at, "at").isoformat(),
                event,
                subject_key,
                json.dumps(dict(details or {}), sort_keys=True),
            ),
        )
