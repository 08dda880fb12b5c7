"""Plain records the store hands out (rows turned into frozen objects)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from socialgoals.protocols import DeliveryItem

__all__ = ["ImportSummary", "OutboxEntry", "DeadLetter", "AuditRecord", "ErasureSummary"]


@attrs.frozen
class ImportSummary:
    """What an import did.

    Attributes:
        inserted: rows that were new.
        updated: rows whose value changed.
        unchanged: rows already stored with the same value.
        skipped: bad rows skipped (only when the source was asked to skip them).

    >>> ImportSummary(inserted=2, updated=0, unchanged=3).changed
    2
    """

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def changed(self) -> int:
        """Rows inserted or updated."""
        return self.inserted + self.updated

    @property
    def total(self) -> int:
        """Rows read (skipped ones included)."""
        return self.inserted + self.updated + self.unchanged + self.skipped


@attrs.frozen
class OutboxEntry:
    """One outbox row leased by a relay.

    Attributes:
        id: the row id.
        sink: the sink name it is for.
        item: what to deliver.
        enqueued_at: when it entered the outbox.
        attempts: delivery attempts made before this one.
        last_error: why the previous attempt failed ("" if none).
        lease_until: the lease held on it expires at this instant.
    """

    id: int
    sink: str
    item: DeliveryItem
    enqueued_at: datetime
    attempts: int
    last_error: str
    lease_until: datetime


@attrs.frozen
class DeadLetter:
    """An item that will not be retried, with the reason.

    Attributes:
        id: the dead-letter row id.
        sink: the sink that refused it.
        item: the item.
        attempts: how many attempts were made.
        reason: why it was given up (the sink's reason, or the cap reached).
        failed_at: when it was given up.
    """

    id: int
    sink: str
    item: DeliveryItem
    attempts: int
    reason: str
    failed_at: datetime


@attrs.frozen
class AuditRecord:
    """One entry of the audit log (no personal data; subjects by pseudonymous key).

    Attributes:
        id: the row id (increasing).
        at: when it happened.
        event: what happened (``"lead.captured"``, ``"erasure"``...).
        subject_key: the person concerned, by pseudonymous key, if any.
        details: plain JSON data.
    """

    id: int
    at: datetime
    event: str
    subject_key: str | None
    details: Mapping[str, Any]


@attrs.frozen
class ErasureSummary:
    """What an erasure removed from the store.

    Attributes:
        leads: lead rows removed.
        outbox: outbox rows removed (pending or delivered).
        dead_letters: dead letters removed.
    """

    leads: int = 0
    outbox: int = 0
    dead_letters: int = 0

    @property
    def total(self) -> int:
        """Rows removed in all."""
        return self.leads + self.outbox + self.dead_letters
