"""The store's schema, as an ordered list of migrations.

Each migration moves the database from ``user_version`` N-1 to N. A database
newer than this code is refused rather than misread.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

MIGRATIONS: Final[tuple[str, ...]] = (
    # 1: observations, leads, outbox, dead letters, audit log.
    """
    CREATE TABLE observations (
        source   TEXT NOT NULL,
        day      TEXT NOT NULL,
        platform TEXT NOT NULL,
        account  TEXT NOT NULL,
        campaign TEXT NOT NULL,
        post     TEXT NOT NULL,
        metric   TEXT NOT NULL,
        value    REAL NOT NULL,
        PRIMARY KEY (source, day, platform, account, campaign, post, metric)
    ) WITHOUT ROWID;
    CREATE INDEX observations_metric_day ON observations (metric, day);

    CREATE TABLE leads (
        id              TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        subject_key     TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        payload         TEXT NOT NULL
    );
    CREATE INDEX leads_subject ON leads (subject_key);

    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,
        sink            TEXT NOT NULL,
        kind            TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        subject_key     TEXT,
        payload         TEXT NOT NULL,
        enqueued_at     REAL NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        lease_owner     TEXT,
        lease_until     REAL NOT NULL DEFAULT 0,
        last_error      TEXT NOT NULL DEFAULT '',
        delivered_at    REAL,
        UNIQUE (sink, idempotency_key)
    );
    CREATE INDEX outbox_due ON outbox (sink, delivered_at, next_attempt_at);
    CREATE INDEX outbox_subject ON outbox (subject_key);

    CREATE TABLE dead_letters (
        id              INTEGER PRIMARY KEY,
        sink            TEXT NOT NULL,
        kind            TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        subject_key     TEXT,
        payload         TEXT NOT NULL,
        enqueued_at     REAL NOT NULL,
        attempts        INTEGER NOT NULL,
        reason          TEXT NOT NULL,
        failed_at       REAL NOT NULL,
        UNIQUE (sink, idempotency_key)
    );
    CREATE INDEX dead_letters_subject ON dead_letters (subject_key);

    CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        event       TEXT NOT NULL,
        subject_key TEXT,
        details     TEXT NOT NULL
    );
    CREATE INDEX audit_subject ON audit_log (subject_key);
    """,
)

SCHEMA_VERSION: Final = len(MIGRATIONS)
"""The schema version this code writes (``PRAGMA user_version``)."""
