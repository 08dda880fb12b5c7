"""MUST HOLD: a relay killed at random points loses nothing and applies each key once."""

from __future__ import annotations

import random
import select
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from socialgoals.community import Consent, ConsentStatus, Contact, Lead
from socialgoals.model import Platform
from socialgoals.protocols import DeliveryItem
from socialgoals.store import Store
from socialgoals.testing.receiver import Misbehaviour, WebhookReceiver

WORKER = Path(__file__).with_name("relay_worker.py")
SECRET = "kill-test-secret"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _leads(n: int) -> list[Lead]:
    return [
        Lead(
            id=f"lead-{i:04d}",
            contact=Contact(name=f"Person {i}", email=f"person{i}@example.com"),
            platform=Platform.INSTAGRAM,
            created_at=T0 + timedelta(seconds=i),
            consent=Consent(ConsentStatus.GRANTED, purpose="sales follow-up"),
            tags=("kill-test",),
        )
        for i in range(n)
    ]


def _run(db: Path, url: str, seed: int, *, kill_after: float | None) -> int | None:
    """Run a relay process; SIGKILL it ``kill_after`` s after it starts delivering.

    Returns its exit code, or ``None`` when it was killed.
    """
    log = db.with_name(f"relay-{seed}.log")
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(db), url, SECRET, str(seed)],
            stdout=subprocess.PIPE,
            stderr=err,
        )
        assert proc.stdout is not None
        try:
            # The timer starts when the worker is ready, so slow imports on a
            # busy CI machine do not turn kills into no-ops.
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            assert ready, "the relay process did not start"
            proc.stdout.readline()
            return proc.wait(timeout=kill_after if kill_after is not None else 60)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert kill_after is not None, log.read_text()[-2000:]
            return None
        finally:
            proc.stdout.close()


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing_and_applies_each_key_once(tmp_path: Path) -> None:
    db = tmp_path / "outbox.db"
    leads = _leads(1000)
    with Store(db, synchronous="NORMAL") as store:
        for lead in leads:
            assert store.add_lead(lead, sinks=["webhook"], now=datetime.now(UTC))
    expected = {
        DeliveryItem.for_lead(lead).idempotency_key: DeliveryItem.for_lead(lead).payload
        for lead in leads
    }
    rng = random.Random(20260302)
    chaos = Misbehaviour(
        error_500=0.08, throttle_429=0.05, hang=0.02, hang_seconds=0.5, retry_after="1", seed=7
    )
    kills = 0
    progress: list[int] = []
    started = time.monotonic()
    with WebhookReceiver(secret=SECRET, misbehaviour=chaos) as receiver:
        for run in range(6):
            if _run(db, receiver.url, seed=run, kill_after=rng.uniform(0.15, 0.9)) is not None:
                break
            kills += 1
            with Store(db, readonly=True) as store:
                progress.append(store.delivered("webhook"))
        assert _run(db, receiver.url, seed=99, kill_after=None) == 0
        elapsed = time.monotonic() - started

    assert kills >= 3, f"only {kills} kills: the test did not exercise restarts"
    mid_delivery = [n for n in progress if 0 < n < 1000]
    assert len(mid_delivery) >= 3, f"kills did not land mid-delivery: {progress}"
    with Store(db, readonly=True) as store:
        assert store.pending() == 0
        assert store.dead_letters() == []
        assert store.delivered("webhook") == 1000
    assert set(receiver.applied) == set(expected), "a lead was lost"
    assert receiver.mismatches == []
    for key, payload in expected.items():
        assert receiver.applied[key] == payload
    # The chaos really happened: retries and duplicates were absorbed by the keys.
    statuses = [status for _, status in receiver.requests]
    assert 500 in statuses
    assert 429 in statuses
    assert receiver.duplicates > 0
    assert elapsed < 60
