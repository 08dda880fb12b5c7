"""End to end: leads in the store's outbox reach the fake HubSpot through the relay."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from socialgoals_hubspot.sink import UPSERT_PATH, HubSpotLeadSink
from socialgoals_hubspot.testing import FakeHubSpot

from socialgoals.community import Contact, Lead
from socialgoals.delivery import Relay, RetryPolicy, erase
from socialgoals.model import Platform
from socialgoals.store import Store

MakeSink = Callable[..., HubSpotLeadSink]
T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


class FakeTime:
    def __init__(self) -> None:
        self.now = T0

    def clock(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_every_lead_arrives_once_despite_throttling_and_lost_answers(
    tmp_path: Path, fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    leads = [
        Lead(f"lead-{n}", Contact(email=f"p{n}@example.com"), Platform.FACEBOOK, T0)
        for n in range(40)
    ]
    fake_hubspot.fail(429, path=UPSERT_PATH, headers={"Retry-After": "30"}, times=2)
    fake_hubspot.fail(503, path=UPSERT_PATH, apply_first=True, times=2)
    fake_hubspot.fail(200, path=UPSERT_PATH, body={"status": "COMPLETE", "results": []})
    time = FakeTime()
    sink = make_sink(batch_size=10)
    with Store(tmp_path / "sg.db") as store:
        for lead in leads:
            store.add_lead(lead, sinks=["hubspot"], now=T0)
        relay = Relay(
            store,
            {"hubspot": sink},
            policy=RetryPolicy(jitter=0.0),
            clock=time.clock,
            sleep=time.sleep,
            rng=random.Random(7),
        )
        relay.run()
        assert store.pending("hubspot") == 0
        assert store.delivered("hubspot") == len(leads)
        assert store.dead_letters() == []
        keys = {c["socialgoals_lead_key"] for c in fake_hubspot.contacts.values()}
        assert keys == {lead.idempotency_key for lead in leads}
        assert len(fake_hubspot.contacts) == len(leads)
        assert time.now - T0 >= timedelta(seconds=30)

        report = erase(leads[0].subject_key, store=store, sinks={"hubspot": sink}, now=time.now)
        assert report.complete
        assert len(fake_hubspot.contacts) == len(leads) - 1
