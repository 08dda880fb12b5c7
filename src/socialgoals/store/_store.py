"""The embedded SQLite store: observations, leads, the outbox, dead letters, the audit log."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from socialgoals.community.leads import Lead
from socialgoals.errors import StoreError
from socialgoals.model import Observation, Platform
from socialgoals.protocols import DeliveryItem
from socialgoals.store._records import (
    AuditRecord,
    DeadLetter,
    ErasureSummary,
    ImportSummary,
    OutboxEntry,
)
from socialgoals.store._schema import MIGRATIONS, SCHEMA_VERSION
from socialgoals.store._transaction import Transaction, from_seconds, row_item, to_seconds

__all__ = ["Store", "Transaction"]


class Store:
    """An embedded SQLite store, in WAL mode: one writer and many readers at once.

    Args:
        path: the database file (created with its schema when missing).
        readonly: open for reading only (a reader next to a writer).
        synchronous: SQLite's ``synchronous`` setting; ``"FULL"`` survives a
            power loss, ``"NORMAL"`` survives a process crash and is faster.
        timeout: seconds to wait for another writer's lock.

    A ``Store`` object is used from one thread; open one per thread or
    process (they coordinate through SQLite's locks and the outbox leases).

    >>> import tempfile, os
    >>> from datetime import date
    >>> from socialgoals.model import Observation, Platform
    >>> path = os.path.join(tempfile.mkdtemp(), "sg.db")
    >>> with Store(path) as store:
    ...     rows = [Observation(date(2026, 3, 1), Platform.INSTAGRAM, "reach", 1200.0)]
    ...     first = store.import_observations(rows, source="export.csv")
    ...     again = store.import_observations(rows, source="export.csv")
    >>> first.inserted, again.unchanged
    (1, 1)
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        synchronous: Literal["FULL", "NORMAL"] = "FULL",
        timeout: float = 10.0,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if synchronous not in ("FULL", "NORMAL"):
            raise StoreError(f"synchronous must be FULL or NORMAL, not {synchronous!r}")
        try:
            if readonly:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
            else:
                self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not readonly:
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute(f"PRAGMA synchronous = {synchronous}")
                self._migrate()
            self._check_version()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path.name!r}: {exc}") from None

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, readonly={self.readonly})"

    @property
    def schema_version(self) -> int:
        """The database's schema version (``PRAGMA user_version``)."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_version(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path.name!r} has schema version {version}, newer than "
                f"this socialgoals ({SCHEMA_VERSION}); upgrade socialgoals"
            )

    def _migrate(self) -> None:
        if self.schema_version >= SCHEMA_VERSION:
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            version = self.schema_version  # another process may have migrated meanwhile
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[number - 1].split(";"):
                    if statement.strip():
                        self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {number}")
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Run writes in one transaction: all of them commit, or none on error.

        >>> import tempfile, os
        >>> store = Store(os.path.join(tempfile.mkdtemp(), "sg.db"))
        >>> from datetime import UTC
        >>> with store.transaction() as tx:
        ...     tx.audit("demo", at=datetime(2026, 3, 1, tzinfo=UTC))
        >>> [r.event for r in store.audit_log()]
        ['demo']
        """
        if self.readonly:
            raise StoreError("the store is open read-only")
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield Transaction(self._conn)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # ------------------------------------------------------------------ observations

    def import_observations(
        self, observations: Iterable[Observation], *, source: str | None = None
    ) -> ImportSummary:
        """Upsert observations in one transaction; on any error nothing is kept.

        Rows are keyed by ``source`` (or each row's own ``source``) and the
        observation's natural key, so importing the same data twice changes
        nothing.
        """
        counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        with self.transaction() as tx:
            for obs in observations:
                counts[tx.upsert_observation(obs, source=source)] += 1
        return ImportSummary(**counts)

    def observations(
        self,
        *,
        source: str | None = None,
        metric: str | None = None,
        platform: Platform | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Observation]:
        """The stored observations matching every filter given, in key order."""
        where: list[str] = []
        args: list[object] = []
        for column, value in (("source", source), ("metric", metric)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if platform is not None:
            where.append("platform = ?")
            args.append(platform.id)
        if start is not None:
            where.append("day >= ?")
            args.append(start.isoformat())
        if end is not None:
            where.append("day < ?")
            args.append(end.isoformat())
        sql = (
            "SELECT source, day, platform, account, campaign, post, metric, value FROM observations"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY source, day, platform, account, campaign, post, metric"
        return [
            Observation(
                date=date.fromisoformat(day),
                platform=Platform(plat),
                metric=met,
                value=value,
                account=account,
                campaign=campaign,
                post=post,
                source=src,
            )
            for src, day, plat, account, campaign, post, met, value in self._conn.execute(sql, args)
        ]

    # ------------------------------------------------------------------ leads and audit

    def add_lead(self, lead: Lead, *, sinks: Sequence[str], now: datetime) -> bool:
        """Store ``lead`` and queue it for ``sinks``, in one transaction.

        Returns ``False`` (and changes nothing) when the lead is already stored.
        """
        with self.transaction() as tx:
            if not tx.insert_lead(lead):
                return False
            tx.enqueue(DeliveryItem.for_lead(lead), sinks=sinks, now=now)
            tx.audit(
                "lead.captured",
                at=now,
                subject_key=lead.subject_key,
                details={"lead": lead.idempotency_key, "sinks": list(sinks)},
            )
        return True

    def lead_payloads(self) -> dict[str, Mapping[str, Any]]:
        """Every stored lead's payload, by lead id."""
        return {
            lead_id: json.loads(payload)
            for lead_id, payload in self._conn.execute("SELECT id, payload FROM leads ORDER BY id")
        }

    def enqueue(self, items: Iterable[DeliveryItem], *, sinks: Sequence[str], now: datetime) -> int:
        """Queue items for ``sinks`` in one transaction; returns the new rows."""
        with self.transaction() as tx:
            return sum(tx.enqueue(item, sinks=sinks, now=now) for item in items)

    def append_audit(
        self,
        event: str,
        *,
        at: datetime,
        details: Mapping[str, Any] | None = None,
        subject_key: str | None = None,
    ) -> None:
        """Append one audit record in its own transaction."""
        with self.transaction() as tx:
            tx.audit(event, at=at, details=details, subject_key=subject_key)

    def audit_log(self, *, subject_key: str | None = None) -> list[AuditRecord]:
        """The audit records, oldest first (only one subject's when given)."""
        sql = "SELECT id, at, event, subject_key, details FROM audit_log"
        args: tuple[object, ...] = ()
        if subject_key is not None:
            sql += " WHERE subject_key = ?"
            args = (subject_key,)
        return [
            AuditRecord(rid, datetime.fromisoformat(at), event, subj, json.loads(details))
            for rid, at, event, subj, details in self._conn.execute(sql + " ORDER BY id", args)
        ]

    # ------------------------------------------------------------------ outbox

    def lease(
        self, sink: str, *, owner: str, now: datetime, lease_seconds: float, limit: int
    ) -> list[OutboxEntry]:
        """Lease up to ``limit`` due rows of ``sink`` for ``owner``, oldest first.

        A leased row is invisible to other relays until the lease expires, so
        two relays never deliver the same row at the same time.
        """
        at = to_seconds(now)
        until = at + lease_seconds
        with self.transaction():
            rows = self._conn.execute(
                "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id IN ("
                "SELECT id FROM outbox WHERE sink = ? AND delivered_at IS NULL "
                "AND next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at, id "
                "LIMIT ?) RETURNING id, sink, kind, idempotency_key, subject_key, payload, "
                "enqueued_at, attempts, last_error, lease_until",
                (owner, until, sink, at, at, limit),
            ).fetchall()
        rows.sort(key=lambda r: int(r[0]))
        return [
            OutboxEntry(
                id=rid,
                sink=snk,
                item=row_item(kind, key, subject, payload),
                enqueued_at=from_seconds(enq),
                attempts=attempts,
                last_error=err,
                lease_until=from_seconds(lease_until),
            )
            for rid, snk, kind, key, subject, payload, enq, attempts, err, lease_until in rows
        ]

    def mark_delivered(self, entry_id: int, *, now: datetime) -> bool:
        """Record that the sink confirmed the row; ``False`` if it already was."""
        with self.transaction():
            cur = self._conn.execute(
                "UPDATE outbox SET delivered_at = ?, lease_owner = NULL, lease_until = 0, "
                "attempts = attempts + 1, last_error = '' "
                "WHERE id = ? AND delivered_at IS NULL",
                (to_seconds(now), entry_id),
            )
        return cur.rowcount == 1

    def reschedule(
        self, entry_id: int, *, owner: str, attempts: int, next_attempt: datetime, error: str
    ) -> bool:
        """Release ``owner``'s lease and schedule the next attempt."""
        with self.transaction():
            cur = self._conn.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, "
                "lease_owner = NULL, lease_until = 0 "
                "WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL",
                (attempts, to_seconds(next_attempt, "next_attempt"), error, entry_id, owner),
            )
        return cur.rowcount == 1

    def dead_letter(
        self, entry_id: int, *, owner: str, attempts: int, reason: str, now: datetime
    ) -> bool:
        """Move ``owner``'s leased row to the dead letters with ``reason``."""
        with self.transaction():
            cur = self._conn.execute(
                "INSERT OR REPLACE INTO dead_letters (sink, kind, idempotency_key, subject_key, "
                "payload, enqueued_at, attempts, reason, failed_at) "
                "SELECT sink, kind, idempotency_key, subject_key, payload, enqueued_at, ?, ?, ? "
                "FROM outbox WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL",
                (attempts, reason, to_seconds(now), entry_id, owner),
            )
            if cur.rowcount == 1:
                self._conn.execute("DELETE FROM outbox WHERE id = ?", (entry_id,))
        return cur.rowcount == 1

    def pending(self, sink: str | None = None) -> int:
        """How many rows wait for delivery (for ``sink``, or in all)."""
        sql = "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"
        args: tuple[object, ...] = ()
        if sink is not None:
            sql += " AND sink = ?"
            args = (sink,)
        return int(self._conn.execute(sql, args).fetchone()[0])

    def delivered(self, sink: str | None = None) -> int:
        """How many rows were delivered (to ``sink``, or in all)."""
        sql = "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL"
        args: tuple[object, ...] = ()
        if sink is not None:
            sql += " AND sink = ?"
            args = (sink,)
        return int(self._conn.execute(sql, args).fetchone()[0])

    def purge_delivered(self, *, before: datetime) -> int:
        """Delete outbox rows delivered before ``before``; returns how many.

        Leads stay in their table, so a lead captured again is still not re-sent.
        """
        with self.transaction():
            cur = self._conn.execute(
                "DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?",
                (to_seconds(before, "before"),),
            )
        return cur.rowcount

    def next_due(self, sink: str) -> datetime | None:
        """When the next row of ``sink`` may be tried (lease and schedule), if any waits."""
        row = self._conn.execute(
            "SELECT MIN(MAX(next_attempt_at, lease_until)) FROM outbox "
            "WHERE sink = ? AND delivered_at IS NULL",
            (sink,),
        ).fetchone()
        return None if row[0] is None else from_seconds(row[0])

    def pending_sinks(self) -> list[str]:
        """The sinks that have rows waiting, sorted."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT DISTINCT sink FROM outbox WHERE delivered_at IS NULL ORDER BY sink"
            )
        ]

    def dead_letters(self, sink: str | None = None) -> list[DeadLetter]:
        """The dead letters, oldest first (for ``sink``, or all)."""
        sql = (
            "SELECT id, sink, kind, idempotency_key, subject_key, payload, attempts, reason, "
            "failed_at FROM dead_letters"
        )
        args: tuple[object, ...] = ()
        if sink is not None:
            sql += " WHERE sink = ?"
            args = (sink,)
        return [
            DeadLetter(
                rid, snk, row_item(kind, key, subj, payload), attempts, reason, from_seconds(failed)
            )
            for rid, snk, kind, key, subj, payload, attempts, reason, failed in self._conn.execute(
                sql + " ORDER BY id", args
            )
        ]

    def replay_dead_letter(self, dead_letter_id: int, *, now: datetime) -> bool:
        """Put a dead letter back in the outbox (after the cause was fixed)."""
        with self.transaction():
            cur = self._conn.execute(
                "INSERT OR REPLACE INTO outbox (sink, kind, idempotency_key, subject_key, "
                "payload, enqueued_at, next_attempt_at) SELECT sink, kind, idempotency_key, "
                "subject_key, payload, enqueued_at, ? FROM dead_letters WHERE id = ?",
                (to_seconds(now), dead_letter_id),
            )
            self._conn.execute("DELETE FROM dead_letters WHERE id = ?", (dead_letter_id,))
        return cur.rowcount == 1

    # ------------------------------------------------------------------ erasure

    def erase_subject(self, subject_key: str, *, now: datetime) -> ErasureSummary:
        """Remove a person's leads, outbox rows and dead letters; safe to repeat.

        The audit log keeps an ``erasure`` record (pseudonymous key and counts only).
        """
        with self.transaction() as tx:
            counts = [
                self._conn.execute(
                    f"DELETE FROM {table} WHERE subject_key = ?",  # noqa: S608 - fixed names
                    (subject_key,),
                ).rowcount
                for table in ("leads", "outbox", "dead_letters")
            ]
            summary = ErasureSummary(*counts)
            tx.audit(
                "erasure",
                at=now,
                subject_key=subject_key,
                details={"leads": summary.leads, "outbox": summary.outbox},
            )
        return summary

    def subject_rows(self, subject_key: str) -> int:
        """How many rows still hold data about ``subject_key`` (audit log excluded)."""
        return sum(
            int(
                self._conn.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE subject_key = ?",  # noqa: S608 - fixed
                    (subject_key,),
                ).fetchone()[0]
            )
            for table in ("leads", "outbox", "dead_letters")
        )

    def dump(self) -> list[tuple[Any, ...]]:
        """Every row of every data table, for comparisons in tests and audits."""
        rows: list[tuple[Any, ...]] = []
        for table in ("observations", "leads", "outbox", "dead_letters", "audit_log"):
            # `table` comes from the fixed tuple above, never from input.
            query = f"SELECT * FROM {table} ORDER BY 1, 2"  # noqa: S608 - see above
            rows.extend((table, *r) for r in self._conn.execute(query))
        return rows
