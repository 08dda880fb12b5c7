"""Durable delivery: the outbox relay, retries with backoff, dead letters, erasure.

Items for sinks are written to the store's outbox in the same transaction as
the record they come from (:meth:`socialgoals.store.Store.add_lead`). A
:class:`Relay` leases due rows, hands them to the sink, and marks a row
delivered only after the sink answers ``PERSISTED``. Delivery is therefore
at-least-once; idempotency keys make re-delivery harmless.

- ``NOT_PERSISTED`` and ``permanent``: the row goes to the dead letters with
  the sink's reason, at once.
- ``NOT_PERSISTED`` (transient) or ``POSSIBLY_PERSISTED``: retried after an
  exponential backoff with jitter (at least the sink's Retry-After), until the
  policy's cap on attempts or on total time moves it to the dead letters.
- A sink that raises is treated as ``POSSIBLY_PERSISTED`` for its whole batch.

Time, sleep and randomness are injectable so tests are exact:

>>> policy = RetryPolicy(base_delay=1.0, multiplier=2.0, max_delay=10.0, jitter=0.0)
>>> [policy.backoff(n, random.Random(0)) for n in (1, 2, 3, 4, 5)]
[1.0, 2.0, 4.0, 8.0, 10.0]
>>> parse_retry_after("120", now=datetime(2026, 3, 2, tzinfo=UTC))
120.0
>>> parse_retry_after("Mon, 02 Mar 2026 00:00:30 GMT", now=datetime(2026, 3, 2, tzinfo=UTC))
30.0
"""

from __future__ import annotations

import math
import os
import random
import secrets
import socket
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import attrs

from socialgoals.errors import Problem, check
from socialgoals.model import require_aware
from socialgoals.protocols import (
    DeliveryResult,
    DeliveryStatus,
    ErasableSink,
    Notification,
    Severity,
    Sink,
)
from socialgoals.redaction import get_logger, redact
from socialgoals.store import ErasureSummary, OutboxEntry, Store

__all__ = [
    "Clock",
    "Sleep",
    "RetryPolicy",
    "RelayReport",
    "Relay",
    "ErasureReport",
    "erase",
    "parse_retry_after",
    "utc_now",
]

log = get_logger(__name__)

Clock = Callable[[], datetime]
"""Returns the current, timezone-aware instant."""

Sleep = Callable[[float], None]
"""Waits for a number of seconds."""


def utc_now() -> datetime:
    """The current instant in UTC (the default :data:`Clock`)."""
    return datetime.now(UTC)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Read an HTTP ``Retry-After`` header: delay seconds or an HTTP date.

    Returns seconds to wait (never negative), or ``None`` when absent or unreadable.

    >>> parse_retry_after("soon", now=datetime(2026, 3, 2, tzinfo=UTC)) is None
    True
    >>> parse_retry_after("Sun, 01 Mar 2026 00:00:00 GMT", now=datetime(2026, 3, 2, tzinfo=UTC))
    0.0
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:  # RFC 9110: an HTTP date is always GMT
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - require_aware(now, "now")).total_seconds())
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


@attrs.frozen
class RetryPolicy:
    """How often and how long to retry a failing delivery.

    Attributes:
        base_delay: seconds before the first retry.
        multiplier: each retry waits this many times longer.
        max_delay: the longest wait between two attempts (before Retry-After).
        jitter: the random fraction taken off each wait (0: none, 1: "full jitter").
        max_attempts: attempts after which the item is dead-lettered.
        max_age: seconds after enqueueing after which the item is dead-lettered.
        max_retry_after: the longest Retry-After honoured, in seconds.
    """

    base_delay: float = 1.0
    multiplier: float = 2.0
    max_delay: float = 300.0
    jitter: float = 0.5
    max_attempts: int = 12
    max_age: float = 3 * 86400.0
    max_retry_after: float = 3600.0

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("base_delay", "max_delay", "max_age", "max_retry_after"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                problems.append(Problem(name, value, "must be seconds >= 0"))
        if not isinstance(self.multiplier, int | float) or self.multiplier < 1:
            problems.append(Problem("multiplier", self.multiplier, "must be >= 1"))
        if not isinstance(self.jitter, int | float) or not 0 <= self.jitter <= 1:
            problems.append(Problem("jitter", self.jitter, "must be in [0, 1]"))
        if isinstance(self.max_attempts, bool) or not isinstance(self.max_attempts, int):
            problems.append(Problem("max_attempts", self.max_attempts, "must be a whole number"))
        elif self.max_attempts < 1:
            problems.append(Problem("max_attempts", self.max_attempts, "must be >= 1"))
        check(problems)

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        exponent = min(max(attempt - 1, 0), 64)
        raw = min(self.max_delay, self.base_delay * self.multiplier**exponent)
        return raw * (1.0 - self.jitter * rng.random())

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None) -> float:
        """The wait before the next attempt: the backoff, at least ``retry_after``."""
        wait = self.backoff(attempt, rng)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after))
        return wait


@attrs.frozen
class RelayReport:
    """What one relay pass (or run) did.

    Attributes:
        delivered: rows the sinks confirmed.
        retried: rows scheduled for another attempt.
        dead_lettered: rows given up, with a reason kept in the dead letters.
        lost_lease: rows not delivered because the lease expired first.
    """

    delivered: int = 0
    retried: int = 0
    dead_lettered: int = 0
    lost_lease: int = 0

    def __add__(self, other: RelayReport) -> RelayReport:
        return RelayReport(
            self.delivered + other.delivered,
            self.retried + other.retried,
            self.dead_lettered + other.dead_lettered,
            self.lost_lease + other.lost_lease,
        )

    @property
    def handled(self) -> int:
        """Rows this pass acted on."""
        return self.delivered + self.retried + self.dead_lettered


def _default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Relay:
    """Moves outbox rows to their sinks.

    Args:
        store: the store whose outbox is read.
        sinks: the configured sinks, by the name used when enqueueing.
        policy: the retry policy.
        clock: returns the current aware instant.
        sleep: waits (``run`` uses it while rows are scheduled for later).
        rng: the source of jitter (seed it for reproducible schedules).
        owner: this relay's lease owner id (unique per process by default).
        lease_seconds: how long a leased batch stays reserved. Rows are sent in
            chunks of the sink's ``max_batch``; a chunk whose lease has run out
            is not sent (another relay may own it), so keep the lease longer
            than the sink's worst time for one chunk.
        batch_size: the most rows leased at once.
        notify: called with a :class:`~socialgoals.protocols.Notification` when
            a row is dead-lettered (e.g. :func:`socialgoals.plugins.notify`).
    """

    def __init__(
        self,
        store: Store,
        sinks: Mapping[str, Sink],
        *,
        policy: RetryPolicy | None = None,
        clock: Clock = utc_now,
        sleep: Sleep = time.sleep,
        rng: random.Random | None = None,
        owner: str | None = None,
        lease_seconds: float = 120.0,
        batch_size: int = 50,
        notify: Callable[[Notification], None] | None = None,
    ) -> None:
        self.store = store
        self.sinks = dict(sinks)
        self.policy = policy or RetryPolicy()
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random(0)  # noqa: S311 - jitter, not cryptography
        self.owner = owner or _default_owner()
        self.lease_seconds = lease_seconds
        self.batch_size = batch_size
        self.notify = notify

    def __repr__(self) -> str:
        return f"Relay(owner={self.owner!r}, sinks={sorted(self.sinks)!r})"

    def run_once(self) -> RelayReport:
        """Lease and deliver one batch per sink that has due rows."""
        report = RelayReport()
        for name in sorted(self.sinks):
            report += self._deliver_batch(name, self.sinks[name])
        return report

    def run(self, *, until: datetime | None = None, idle_exit: bool = True) -> RelayReport:
        """Deliver until no row is waiting (``idle_exit``) or until ``until``.

        Between passes it sleeps until the next row is due (at most one second
        at a time, so new rows are picked up).
        """
        total = RelayReport()
        names = sorted(self.sinks)
        while True:
            report = self.run_once()
            total += report
            now = self.clock()
            if until is not None and now >= until:
                return total
            if report.handled:
                continue
            due = [d for d in (self.store.next_due(n) for n in names) if d is not None]
            if not due:
                if idle_exit:
                    return total
                wait = 1.0
            else:
                wait = min(1.0, max(0.0, (min(due) - now).total_seconds()))
            if until is not None:
                wait = min(wait, max(0.0, (until - now).total_seconds()))
            self.sleep(max(wait, 0.001))

    def _deliver_batch(self, name: str, sink: Sink) -> RelayReport:
        entries = self.store.lease(
            name,
            owner=self.owner,
            now=self.clock(),
            lease_seconds=self.lease_seconds,
            limit=max(1, self.batch_size),
        )
        report = RelayReport()
        size = max(1, sink.capabilities.max_batch)
        for start in range(0, len(entries), size):
            chunk = entries[start : start + size]
            if self.clock() >= min(e.lease_until for e in chunk):
                # The lease ran out (slow sink): another relay may own these rows
                # now, so they are not sent from here.
                report += RelayReport(lost_lease=len(chunk))
                continue
            results = self._call_sink(name, sink, chunk)
            for entry in chunk:
                result = results.get(entry.item.idempotency_key)
                if result is None:
                    result = DeliveryResult.unknown(
                        entry.item.idempotency_key, f"sink {name!r} gave no result for the item"
                    )
                report += self._settle(entry, result)
        return report

    def _call_sink(
        self, name: str, sink: Sink, entries: list[OutboxEntry]
    ) -> dict[str, DeliveryResult]:
        try:
            results = sink.deliver([e.item for e in entries])
        except Exception as exc:  # noqa: BLE001 - any sink failure must not lose rows
            reason = redact(f"sink {name!r} raised {type(exc).__name__}: {exc}")
            log.warning("delivery: %s", reason)
            return {
                e.item.idempotency_key: DeliveryResult.unknown(e.item.idempotency_key, reason)
                for e in entries
            }
        return {r.idempotency_key: r for r in results}

    def _settle(self, entry: OutboxEntry, result: DeliveryResult) -> RelayReport:
        now = self.clock()
        attempts = entry.attempts + 1
        if result.status is DeliveryStatus.PERSISTED:
            self.store.mark_delivered(entry.id, now=now)
            return RelayReport(delivered=1)
        reason = redact(result.reason or result.status.value)
        if result.permanent:
            return self._give_up(entry, attempts, f"refused by the sink: {reason}", now)
        delay = self.policy.delay(attempts, self.rng, result.retry_after)
        next_attempt = now + timedelta(seconds=delay)
        age = (next_attempt - entry.enqueued_at).total_seconds()
        if attempts >= self.policy.max_attempts:
            return self._give_up(
                entry, attempts, f"gave up after {attempts} attempts: {reason}", now
            )
        if age > self.policy.max_age:
            return self._give_up(
                entry, attempts, f"gave up after {age:.0f} s in the outbox: {reason}", now
            )
        if self.store.reschedule(
            entry.id, owner=self.owner, attempts=attempts, next_attempt=next_attempt, error=reason
        ):
            return RelayReport(retried=1)
        return RelayReport(lost_lease=1)

    def _give_up(
        self, entry: OutboxEntry, attempts: int, reason: str, now: datetime
    ) -> RelayReport:
        if not self.store.dead_letter(
            entry.id, owner=self.owner, attempts=attempts, reason=reason, now=now
        ):
            return RelayReport(lost_lease=1)
        log.warning("delivery: dead letter for sink %r: %s", entry.sink, reason)
        if self.notify is not None:
            self._notify(
                Notification(
                    key=f"dead_letter.{entry.sink}.{entry.item.idempotency_key}"[:200],
                    title=f"Delivery to {entry.sink} failed for good",
                    body=reason,
                    severity=Severity.WARNING,
                    created_at=now,
                    topic="delivery.dead_letter",
                    details={"sink": entry.sink, "key": entry.item.idempotency_key},
                )
            )
        return RelayReport(dead_lettered=1)

    def _notify(self, notification: Notification) -> None:
        assert self.notify is not None
        try:
            self.notify(notification)
        except Exception as exc:  # noqa: BLE001 - an alerting failure must not stop delivery
            log.warning("delivery: notifier failed: %s", redact(f"{type(exc).__name__}: {exc}"))


@attrs.frozen
class ErasureReport:
    """What :func:`erase` did.

    Attributes:
        store: rows removed from the store.
        erased_by: sinks that confirmed the erasure.
        failed: sinks that could not erase, with the (redacted) reason.
        unsupported: sinks that cannot erase (their capabilities say so).
    """

    store: ErasureSummary
    erased_by: tuple[str, ...] = ()
    failed: Mapping[str, str] = attrs.field(factory=dict)
    unsupported: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every sink able to erase did."""
        return not self.failed


def erase(
    subject_key: str, *, store: Store, sinks: Mapping[str, Sink], now: datetime
) -> ErasureReport:
    """Erase a person: from the store, then from each sink that supports it.

    Safe to repeat: run it again until :attr:`ErasureReport.complete`.
    """
    summary = store.erase_subject(subject_key, now=now)
    erased: list[str] = []
    failed: dict[str, str] = {}
    unsupported: list[str] = []
    for name in sorted(sinks):
        sink = sinks[name]
        if not sink.capabilities.erase or not isinstance(sink, ErasableSink):
            unsupported.append(name)
            continue
        try:
            sink.erase(subject_key)
        except Exception as exc:  # noqa: BLE001 - reported; the caller repeats erase()
            failed[name] = redact(f"{type(exc).__name__}: {exc}")
            continue
        erased.append(name)
    store.append_audit(
        "erasure.sinks",
        at=now,
        subject_key=subject_key,
        details={"erased_by": erased, "failed": sorted(failed), "unsupported": unsupported},
    )
    return ErasureReport(summary, tuple(erased), failed, tuple(unsupported))
