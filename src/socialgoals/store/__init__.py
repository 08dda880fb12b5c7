"""The embedded SQLite store: observations, leads, the outbox, dead letters, the audit log.

Stdlib :mod:`sqlite3` in WAL mode (one writer and many readers), schema
versioned with migrations, idempotent imports (the same export imported twice
changes nothing) and one transaction per import (a malformed file leaves the
store as it was). The outbox feeds :mod:`socialgoals.delivery`.
"""

from __future__ import annotations

from socialgoals.store._records import (
    AuditRecord,
    DeadLetter,
    ErasureSummary,
    ImportSummary,
    OutboxEntry,
)
from socialgoals.store._schema import SCHEMA_VERSION
from socialgoals.store._store import Store, Transaction

__all__ = [
    "Store",
    "Transaction",
    "ImportSummary",
    "OutboxEntry",
    "DeadLetter",
    "AuditRecord",
    "ErasureSummary",
    "SCHEMA_VERSION",
]
