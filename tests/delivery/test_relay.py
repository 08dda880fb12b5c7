"""The outbox relay: retries, backoff, Retry-After, dead letters, leases, erasure."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgoals.community import Contact, Lead
from socialgoals.delivery import Relay, RetryPolicy, erase, parse_retry_after
from socialgoals.errors import TransientDeliveryError, ValidationError
from socialgoals.model import Platform
from socialgoals.protocols import (
    DeliveryItem,
    DeliveryResult,
    ItemKind,
    Notification,
    SinkCapabilities,
)
from socialgoals.store import Store

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = T0
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


Answer = Callable[[DeliveryItem, int], DeliveryResult]


class ScriptedSink:
    """Answers each item with ``answer(item, attempt)``; records every call."""

    name: ClassVar[str] = "scripted"

    def __init__(self, answer: Answer, *, erase_ok: bool = True, can_erase: bool = True) -> None:
        self.answer = answer
        self.calls: list[str] = []
        self.erased: list[str] = []
        self.erase_ok = erase_ok
        self.capabilities = SinkCapabilities(
            accepts=frozenset(ItemKind), erase=can_erase, max_batch=10
        )

    def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
        results = []
        for item in items:
            self.calls.append(item.idempotency_key)
            results.append(self.answer(item, self.calls.count(item.idempotency_key)))
        return results

    def erase(self, subject_key: str) -> None:
        if not self.erase_ok:
            raise TransientDeliveryError("CRM down")
        self.erased.append(subject_key)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "sg.db") as s:
        yield s


def _enqueue(store: Store, n: int = 1) -> list[str]:
    items = [DeliveryItem(ItemKind.REPORT, f"r-{i}", {"i": i}) for i in range(n)]
    store.enqueue(items, sinks=["s"], now=T0)
    return [i.idempotency_key for i in items]


def _relay(store: Store, sink: ScriptedSink, clock: FakeClock, **kw: object) -> Relay:
    policy = kw.pop("policy", RetryPolicy(base_delay=1, max_delay=60, jitter=0, max_attempts=5))
    return Relay(store, {"s": sink}, policy=policy, clock=clock, sleep=clock.sleep, **kw)  # type: ignore[arg-type]


def test_persisted_items_are_marked_delivered(store: Store, clock: FakeClock) -> None:
    _enqueue(store, 3)
    sink = ScriptedSink(lambda item, n: DeliveryResult.persisted(item.idempotency_key))
    report = _relay(store, sink, clock).run()
    assert report.delivered == 3
    assert store.pending() == 0
    assert store.delivered("s") == 3


def test_transient_failures_back_off_exponentially(store: Store, clock: FakeClock) -> None:
    _enqueue(store)
    times: list[datetime] = []

    def answer(item: DeliveryItem, attempt: int) -> DeliveryResult:
        times.append(clock.now)
        if attempt < 4:
            return DeliveryResult.unknown(item.idempotency_key, "HTTP 503")
        return DeliveryResult.persisted(item.idempotency_key)

    report = _relay(store, ScriptedSink(answer), clock).run()
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert gaps == [1.0, 2.0, 4.0]
    assert (report.delivered, report.retried) == (1, 3)


def test_retry_after_is_honoured(store: Store, clock: FakeClock) -> None:
    _enqueue(store)
    times: list[datetime] = []

    def answer(item: DeliveryItem, attempt: int) -> DeliveryResult:
        times.append(clock.now)
        if attempt == 1:
            return DeliveryResult.failed(item.idempotency_key, "HTTP 429", retry_after=30)
        return DeliveryResult.persisted(item.idempotency_key)

    _relay(store, ScriptedSink(answer), clock).run()
    assert (times[1] - times[0]).total_seconds() == 30


def test_permanent_errors_go_to_dead_letters_with_reason(store: Store, clock: FakeClock) -> None:
    _enqueue(store)
    notes: list[Notification] = []
    sink = ScriptedSink(
        lambda item, n: DeliveryResult.failed(item.idempotency_key, "HTTP 400: bad", permanent=True)
    )
    report = _relay(store, sink, clock, notify=notes.append).run()
    assert report.dead_lettered == 1
    assert len(sink.calls) == 1  # never retried
    (dead,) = store.dead_letters()
    assert "HTTP 400: bad" in dead.reason
    assert notes[0].topic == "delivery.dead_letter"


def test_attempt_cap_dead_letters(store: Store, clock: FakeClock) -> None:
    _enqueue(store)
    sink = ScriptedSink(lambda item, n: DeliveryResult.unknown(item.idempotency_key, "timeout"))
    _relay(store, sink, clock).run()
    assert len(sink.calls) == 5
    (dead,) = store.dead_letters()
    assert dead.reason.startswith("gave up after 5 attempts")


def test_total_time_cap_dead_letters(store: Store, clock: FakeClock) -> None:
    _enqueue(store)
    sink = ScriptedSink(lambda item, n: DeliveryResult.unknown(item.idempotency_key, "timeout"))
    policy = RetryPolicy(base_delay=10, jitter=0, max_attempts=100, max_age=25)
    _relay(store, sink, clock, policy=policy).run()
    (dead,) = store.dead_letters()
    assert "in the outbox" in dead.reason
    assert len(sink.calls) == 2  # 0 s, 10 s; the next (30 s) would exceed 25 s


def test_a_sink_that_raises_loses_nothing(store: Store, clock: FakeClock) -> None:
    _enqueue(store, 2)

    def answer(item: DeliveryItem, attempt: int) -> DeliveryResult:
        if attempt == 1:
            raise ConnectionError("reset by peer for lea@example.com")
        return DeliveryResult.persisted(item.idempotency_key)

    report = _relay(store, ScriptedSink(answer), clock).run()
    assert report.delivered == 2
    assert store.pending() == 0


def test_reasons_are_redacted(store: Store, clock: FakeClock) -> None:
    _enqueue(store)
    sink = ScriptedSink(
        lambda item, n: DeliveryResult.failed(
            item.idempotency_key, "invalid email lea@example.com", permanent=True
        )
    )
    _relay(store, sink, clock).run()
    (dead,) = store.dead_letters()
    assert "lea@example.com" not in dead.reason
    assert "<email>" in dead.reason


def test_a_missing_result_is_retried(store: Store, clock: FakeClock) -> None:
    _enqueue(store)
    calls: list[int] = []

    class Forgetful(ScriptedSink):
        def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
            calls.append(len(items))
            if len(calls) == 1:
                return []
            return [DeliveryResult.persisted(i.idempotency_key) for i in items]

    report = _relay(store, Forgetful(lambda i, n: DeliveryResult.persisted("x")), clock).run()
    assert report.delivered == 1
    assert calls == [1, 1]


def test_two_relays_never_deliver_the_same_row_concurrently(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "sg.db"
    with Store(path) as s:
        s.enqueue(
            [DeliveryItem(ItemKind.REPORT, f"r-{i}", {}) for i in range(30)], sinks=["s"], now=T0
        )
    in_flight: set[str] = set()
    delivered: list[str] = []
    overlap: list[str] = []
    store_a, store_b = Store(path), Store(path)
    relay_b: list[Relay] = []

    def answer(item: DeliveryItem, attempt: int) -> DeliveryResult:
        key = item.idempotency_key
        if key in in_flight:
            overlap.append(key)
        in_flight.add(key)
        # While A delivers, B runs a pass on the same store.
        if relay_b and len(delivered) % 5 == 0:
            relay_b[0].run_once()
        in_flight.discard(key)
        delivered.append(key)
        return DeliveryResult.persisted(key)

    sink = ScriptedSink(answer)
    relay_a = _relay(store_a, sink, clock, owner="a", batch_size=4)
    relay_b.append(_relay(store_b, ScriptedSink(answer), clock, owner="b", batch_size=4))
    relay_a.run()
    assert overlap == []
    assert sorted(delivered) == sorted(f"r-{i}" for i in range(30))
    store_a.close()
    store_b.close()


def _lead(email: str) -> Lead:
    return Lead(
        id=email.split("@", maxsplit=1)[0],
        contact=Contact(email=email),
        platform=Platform.X,
        created_at=T0,
    )


def test_erase_removes_from_store_and_asks_sinks(store: Store, clock: FakeClock) -> None:
    lead = _lead("lea@example.com")
    store.add_lead(lead, sinks=["crm", "archive"], now=T0)
    crm = ScriptedSink(lambda i, n: DeliveryResult.persisted(i.idempotency_key))
    archive = ScriptedSink(
        lambda i, n: DeliveryResult.persisted(i.idempotency_key), can_erase=False
    )
    report = erase(lead.subject_key, store=store, sinks={"crm": crm, "archive": archive}, now=T0)
    assert report.complete
    assert report.erased_by == ("crm",)
    assert report.unsupported == ("archive",)
    assert crm.erased == [lead.subject_key]
    assert store.subject_rows(lead.subject_key) == 0
    again = erase(lead.subject_key, store=store, sinks={"crm": crm}, now=T0)
    assert again.complete
    assert again.store.total == 0


def test_erase_reports_failing_sinks(store: Store) -> None:
    crm = ScriptedSink(lambda i, n: DeliveryResult.persisted(i.idempotency_key), erase_ok=False)
    report = erase("subj_abc", store=store, sinks={"crm": crm}, now=T0)
    assert not report.complete
    assert "CRM down" in report.failed["crm"]


# --------------------------------------------------------------------------- policy


@given(
    attempt=st.integers(min_value=1, max_value=200),
    jitter=st.floats(min_value=0, max_value=1),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_backoff_stays_within_jitter_bounds_and_cap(attempt: int, jitter: float, seed: int) -> None:
    policy = RetryPolicy(base_delay=0.5, multiplier=2, max_delay=60, jitter=jitter)
    raw = min(60.0, 0.5 * 2 ** (attempt - 1))
    delay = policy.backoff(attempt, random.Random(seed))
    assert raw * (1 - jitter) - 1e-9 <= delay <= raw + 1e-9


@given(
    retry_after=st.floats(min_value=0, max_value=10_000),
    attempt=st.integers(min_value=1, max_value=20),
)
def test_delay_is_at_least_retry_after_up_to_the_cap(retry_after: float, attempt: int) -> None:
    policy = RetryPolicy(max_retry_after=600)
    delay = policy.delay(attempt, random.Random(0), retry_after)
    assert delay >= min(retry_after, 600)


def test_same_seed_same_schedule() -> None:
    policy = RetryPolicy()
    a = [policy.backoff(n, r) for r in [random.Random(5)] for n in range(1, 8)]
    b = [policy.backoff(n, r) for r in [random.Random(5)] for n in range(1, 8)]
    assert a == b


def test_policy_validation_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        RetryPolicy(base_delay=-1, multiplier=0.5, jitter=2, max_attempts=0)
    assert set(info.value.paths) == {"base_delay", "multiplier", "jitter", "max_attempts"}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("0", 0.0),
        ("17", 17.0),
        ("2.5", 2.5),
        ("Mon, 02 Mar 2026 09:01:00 GMT", 60.0),
        ("Mon, 02 Mar 2026 08:00:00 GMT", 0.0),
        ("-3", None),
        ("nan", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, now=T0) == expected


@given(seconds=st.integers(min_value=0, max_value=10**6))
def test_retry_after_http_date_round_trips(seconds: int) -> None:
    header = format_datetime(T0 + timedelta(seconds=seconds), usegmt=True)
    assert parse_retry_after(header, now=T0) == seconds


# --------------------------------------------------------------------------- invariants

_ANSWERS = st.sampled_from(["ok", "500", "429", "timeout", "400", "raise"])


@settings(max_examples=40, deadline=None)
@given(script=st.lists(st.lists(_ANSWERS, min_size=1, max_size=8), min_size=1, max_size=6))
def test_every_item_ends_delivered_or_dead_lettered_never_lost(
    tmp_path_factory: pytest.TempPathFactory, script: list[list[str]]
) -> None:
    """Whatever the sink answers, each item is delivered iff an attempt persisted it."""
    clock = FakeClock()
    keys = [f"r-{i}" for i in range(len(script))]

    def answer(item: DeliveryItem, attempt: int) -> DeliveryResult:
        plan = script[keys.index(item.idempotency_key)]
        what = plan[min(attempt, len(plan)) - 1]
        key = item.idempotency_key
        if what == "raise":
            raise ConnectionError("reset")
        return {
            "ok": DeliveryResult.persisted(key),
            "500": DeliveryResult.unknown(key, "HTTP 500"),
            "429": DeliveryResult.failed(key, "HTTP 429", retry_after=5),
            "timeout": DeliveryResult.unknown(key, "timeout"),
            "400": DeliveryResult.failed(key, "HTTP 400", permanent=True),
        }[what]

    seen: dict[str, list[str]] = {k: [] for k in keys}  # what the relay saw, per attempt

    class Observed(ScriptedSink):
        def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
            try:
                results = super().deliver(items)
            except ConnectionError:
                for i in items:
                    seen[i.idempotency_key].append("retry")
                raise
            for r in results:
                seen[r.idempotency_key].append(
                    "ok" if r.done else "permanent" if r.permanent else "retry"
                )
            return results

    with Store(tmp_path_factory.mktemp("inv") / "sg.db", synchronous="NORMAL") as store:
        store.enqueue(
            [DeliveryItem(ItemKind.REPORT, k, {"k": k}) for k in keys], sinks=["s"], now=T0
        )
        policy = RetryPolicy(base_delay=1, max_delay=8, jitter=0.5, max_attempts=6)
        report = _relay(store, Observed(answer), clock, policy=policy, rng=random.Random(1)).run()
        dead = {d.item.idempotency_key for d in store.dead_letters()}
        assert store.pending() == 0
        assert report.delivered + report.dead_lettered == len(keys)
        for key in keys:
            outcomes = seen[key]
            assert outcomes
            assert "ok" not in outcomes[:-1]
            assert "permanent" not in outcomes[:-1]
            if key in dead:
                assert outcomes[-1] == "permanent" or len(outcomes) == policy.max_attempts
            else:
                assert outcomes[-1] == "ok"


def test_a_chunk_whose_lease_ran_out_is_not_sent(store: Store, clock: FakeClock) -> None:
    _enqueue(store, 3)

    class Slow(ScriptedSink):
        def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
            clock.now += timedelta(seconds=40)  # each chunk takes 40 s
            return super().deliver(items)

    sink = Slow(lambda item, n: DeliveryResult.persisted(item.idempotency_key))
    sink.capabilities = SinkCapabilities(accepts=frozenset(ItemKind), max_batch=1)
    relay = _relay(store, sink, clock, lease_seconds=70, batch_size=3)
    first = relay.run_once()
    # Chunks start at 0 s and 40 s; at 80 s the 70 s lease has run out.
    assert (first.delivered, first.lost_lease) == (2, 1)
    assert relay.run().delivered == 1
    assert store.pending() == 0


def test_a_failing_notifier_does_not_stop_delivery(store: Store, clock: FakeClock) -> None:
    _enqueue(store, 2)

    def broken(note: Notification) -> None:
        raise RuntimeError("chat down")

    sink = ScriptedSink(
        lambda item, n: DeliveryResult.failed(item.idempotency_key, "HTTP 400", permanent=True)
    )
    report = _relay(store, sink, clock, notify=broken).run()
    assert report.dead_lettered == 2


def test_erase_reports_any_sink_exception(store: Store) -> None:
    class Exploding(ScriptedSink):
        def erase(self, subject_key: str) -> None:
            raise ValueError("unexpected payload")

    crm = Exploding(lambda i, n: DeliveryResult.persisted(i.idempotency_key))
    report = erase("subj_abc", store=store, sinks={"crm": crm}, now=T0)
    assert report.failed == {"crm": "ValueError: unexpected payload"}
