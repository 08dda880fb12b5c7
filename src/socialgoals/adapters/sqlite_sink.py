"""The SQLite sink (the default): items kept in a local database file.

Each item is stored once under its idempotency key (re-delivery changes
nothing); ``erase(subject_key)`` removes a person's items. Use a file of its
own, not the :class:`~socialgoals.store.Store`'s.

>>> import tempfile, os
>>> sink = SQLiteSink(os.path.join(tempfile.mkdtemp(), "leads.db"))
>>> item = DeliveryItem(ItemKind.LEAD, "lead_1", {"id": "l1"}, subject_key="subj_1")
>>> [r.status.value for r in sink.deliver([item, item])]
['persisted', 'persisted']
>>> sink.items()
{'lead_1': {'id': 'l1'}}
>>> sink.erase("subj_1"); sink.items()
{}
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Final

from socialgoals.errors import StoreError, TransientDeliveryError
from socialgoals.protocols import DeliveryItem, DeliveryResult, ItemKind, SinkCapabilities

__all__ = ["SQLiteSink"]

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS sink_items (
    idempotency_key TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    subject_key     TEXT,
    payload         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sink_items_subject ON sink_items (subject_key);
"""


class SQLiteSink:
    """Keep delivered items in a SQLite file, once per idempotency key.

    Args:
        path: the database file (created when missing).
        accepts: the item kinds it takes (all by default).
    """

    name: ClassVar[str] = "sqlite"

    def __init__(
        self, path: str | os.PathLike[str], *, accepts: Iterable[str | ItemKind] = tuple(ItemKind)
    ) -> None:
        self.path = Path(path)
        self._capabilities = SinkCapabilities(
            accepts=frozenset(ItemKind(a) for a in accepts), erase=True, max_batch=500
        )
        try:
            self._conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the sink database {self.path.name!r}: {exc}") from None

    def __repr__(self) -> str:
        return f"SQLiteSink({str(self.path)!r})"

    @property
    def capabilities(self) -> SinkCapabilities:
        """Every item kind, with erasure."""
        return self._capabilities

    def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
        """Store the items in one transaction (existing keys are left as they are)."""
        refused = [
            DeliveryResult.failed(
                i.idempotency_key, f"this sink does not accept {i.kind.value!r}", permanent=True
            )
            for i in items
            if i.kind not in self._capabilities.accepts
        ]
        accepted = [i for i in items if i.kind in self._capabilities.accepts]
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    "INSERT OR IGNORE INTO sink_items (idempotency_key, kind, subject_key, "
                    "payload) VALUES (?, ?, ?, ?)",
                    [
                        (
                            i.idempotency_key,
                            i.kind.value,
                            i.subject_key,
                            json.dumps(i.payload, sort_keys=True),
                        )
                        for i in accepted
                    ],
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            return [
                *refused,
                *(DeliveryResult.failed(i.idempotency_key, f"sqlite: {exc}") for i in accepted),
            ]
        return [*refused, *(DeliveryResult.persisted(i.idempotency_key) for i in accepted)]

    def erase(self, subject_key: str) -> None:
        """Delete every item about ``subject_key``."""
        try:
            self._conn.execute("DELETE FROM sink_items WHERE subject_key = ?", (subject_key,))
        except sqlite3.Error as exc:
            raise TransientDeliveryError(f"sqlite: {exc}") from None

    def items(self) -> Mapping[str, Any]:
        """Every stored payload by idempotency key (for read-back and tests)."""
        return {
            key: json.loads(payload)
            for key, payload in self._conn.execute(
                "SELECT idempotency_key, payload FROM sink_items ORDER BY idempotency_key"
            )
        }

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()
