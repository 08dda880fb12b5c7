"""The embedded store: migrations, idempotent imports, all-or-nothing imports, leases, erasure."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgoals.adapters import CSVMetricSource, import_metrics
from socialgoals.community import Contact, Lead
from socialgoals.errors import BadRowError, StoreError
from socialgoals.model import Observation, Platform
from socialgoals.protocols import DeliveryItem, ItemKind
from socialgoals.store import SCHEMA_VERSION, Store

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)

GOOD_CSV = """Date,Impressions (total),Clicks (total),Reactions (total)
03/01/2026,"1,500",30,12
03/02/2026,1620,41,
"""

# Line 4 has a bad number: the import must leave the store untouched.
BAD_CSV = """Date,Impressions (total),Clicks (total),Reactions (total)
03/01/2026,9999,1,1
03/03/2026,1700,35,14
03/04/2026,12x,35,14
"""


def _lead(i: int, email: str | None = None) -> Lead:
    return Lead(
        id=f"lead-{i}",
        contact=Contact(email=email or f"p{i}@example.com"),
        platform=Platform.FACEBOOK,
        created_at=NOW,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "sg.db")
    yield s
    s.close()


def test_new_store_has_current_schema_and_wal(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than"):
        Store(path)


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "sg.db"
    with Store(path) as s:
        s.append_audit("x", at=NOW)
    with Store(path) as s:
        assert [r.event for r in s.audit_log()] == ["x"]


def test_importing_the_same_csv_twice_leaves_the_store_unchanged(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "linkedin.csv"
    path.write_text(GOOD_CSV)
    first = import_metrics(store, CSVMetricSource(path, preset="linkedin_page_metrics"))
    assert first.inserted == 5  # the empty reactions cell is no observation, not zero
    before = store.dump()
    again = import_metrics(store, CSVMetricSource(path, preset="linkedin_page_metrics"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 5)
    assert store.dump() == before


def test_a_malformed_csv_leaves_the_store_as_it_was(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD_CSV)
    import_metrics(store, CSVMetricSource(good, preset="linkedin_page_metrics", source="li"))
    before = store.dump()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV)
    with pytest.raises(BadRowError) as info:
        import_metrics(store, CSVMetricSource(bad, preset="linkedin_page_metrics", source="li"))
    assert (info.value.file, info.value.line, info.value.column) == (
        "bad.csv",
        4,
        "Impressions (total)",
    )
    assert store.dump() == before


def test_updated_value_is_counted_as_updated(store: Store) -> None:
    obs = Observation(date(2026, 3, 1), Platform.X, "reach", 10.0, source="s")
    store.import_observations([obs])
    summary = store.import_observations(
        [Observation(date(2026, 3, 1), Platform.X, "reach", 11.0)], source="s"
    )
    assert (summary.updated, summary.inserted) == (1, 0)
    assert [o.value for o in store.observations(metric="reach")] == [11.0]


observations = st.builds(
    Observation,
    date=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    platform=st.sampled_from([Platform.X, Platform.INSTAGRAM]),
    metric=st.sampled_from(["reach", "likes"]),
    value=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    post=st.sampled_from(["", "p1"]),
)


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(observations, max_size=20))
def test_import_is_idempotent(
    tmp_path_factory: pytest.TempPathFactory, rows: list[Observation]
) -> None:
    # Re-importing the same rows leaves every table byte-for-byte as it was,
    # and the stored value of each key is the last one given.
    with Store(tmp_path_factory.mktemp("p") / "sg.db") as s:
        s.import_observations(rows, source="prop")
        before = s.dump()
        summary = s.import_observations(rows, source="prop")
        assert s.dump() == before
        if len({r.natural_key for r in rows}) == len(rows):
            assert summary.changed == 0
            assert summary.unchanged == len(rows)
        latest = {r.natural_key: r.value for r in rows}
        stored = {o.natural_key: o.value for o in s.observations(source="prop")}
        assert stored == latest


def test_add_lead_writes_lead_outbox_and_audit_together(store: Store) -> None:
    lead = _lead(1)
    assert store.add_lead(lead, sinks=["crm", "webhook"], now=NOW)
    assert not store.add_lead(lead, sinks=["crm", "webhook"], now=NOW)
    assert store.pending() == 2
    assert list(store.lead_payloads()) == ["lead-1"]
    events = [r.event for r in store.audit_log(subject_key=lead.subject_key)]
    assert events == ["lead.captured"]
    # The audit record holds no personal data.
    assert "example.com" not in str(store.audit_log()[0].details)


def test_a_failing_transaction_writes_nothing(store: Store) -> None:
    item = DeliveryItem(ItemKind.REPORT, "report-1", {"n": 1})

    def write_then_fail() -> None:
        with store.transaction() as tx:
            tx.enqueue(item, sinks=["webhook"], now=NOW)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert store.pending() == 0


def test_leases_are_exclusive_between_connections(tmp_path: Path) -> None:
    path = tmp_path / "sg.db"
    with Store(path) as s:
        s.enqueue(
            [DeliveryItem(ItemKind.REPORT, f"r-{i}", {"i": i}) for i in range(200)],
            sinks=["w"],
            now=NOW,
        )
    leased: dict[str, list[int]] = {"a": [], "b": [], "c": []}

    def relay(owner: str) -> None:
        with Store(path) as s:
            while entries := s.lease("w", owner=owner, now=NOW, lease_seconds=60, limit=7):
                leased[owner].extend(e.id for e in entries)

    threads = [threading.Thread(target=relay, args=(o,)) for o in leased]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [i for ids in leased.values() for i in ids]
    assert len(every) == 200
    assert len(set(every)) == 200


def test_expired_lease_can_be_taken_over_and_stale_owner_cannot_reschedule(store: Store) -> None:
    store.enqueue([DeliveryItem(ItemKind.REPORT, "r-1", {})], sinks=["w"], now=NOW)
    (a,) = store.lease("w", owner="a", now=NOW, lease_seconds=10, limit=5)
    assert (
        store.lease("w", owner="b", now=NOW + timedelta(seconds=5), lease_seconds=10, limit=5) == []
    )
    (b,) = store.lease("w", owner="b", now=NOW + timedelta(seconds=11), lease_seconds=10, limit=5)
    assert a.id == b.id
    assert not store.reschedule(a.id, owner="a", attempts=1, next_attempt=NOW, error="late")
    assert store.reschedule(b.id, owner="b", attempts=1, next_attempt=NOW, error="x")


def test_dead_letter_and_replay(store: Store) -> None:
    store.enqueue([DeliveryItem(ItemKind.REPORT, "r-1", {"a": 1})], sinks=["w"], now=NOW)
    (entry,) = store.lease("w", owner="o", now=NOW, lease_seconds=10, limit=5)
    assert store.dead_letter(entry.id, owner="o", attempts=1, reason="HTTP 400", now=NOW)
    assert store.pending() == 0
    (dead,) = store.dead_letters()
    assert (dead.reason, dead.item.payload) == ("HTTP 400", {"a": 1})
    assert store.replay_dead_letter(dead.id, now=NOW)
    assert store.pending() == 1
    assert store.dead_letters() == []


def test_erase_subject_removes_rows_and_is_repeatable(store: Store) -> None:
    target, other = _lead(1, "lea@example.com"), _lead(2)
    store.add_lead(target, sinks=["w"], now=NOW)
    store.add_lead(other, sinks=["w"], now=NOW)
    first = store.erase_subject(target.subject_key, now=NOW)
    assert (first.leads, first.outbox) == (1, 1)
    assert store.subject_rows(target.subject_key) == 0
    assert store.subject_rows(other.subject_key) == 2
    assert store.erase_subject(target.subject_key, now=NOW).total == 0
    assert "lea@example.com" not in str(store.dump())


def test_readers_see_committed_data_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "sg.db"
    writer = Store(path)
    writer.import_observations(
        [Observation(date(2026, 3, 1), Platform.X, "reach", 1.0)], source="s"
    )
    reader = Store(path, readonly=True)
    with writer.transaction() as tx:
        tx.upsert_observation(Observation(date(2026, 3, 2), Platform.X, "reach", 2.0), source="s")
        assert len(reader.observations()) == 1  # WAL: the reader is not blocked
    assert len(reader.observations()) == 2
    with pytest.raises(StoreError), reader.transaction():
        pass
    reader.close()
    writer.close()


def test_purge_delivered_keeps_pending_rows_and_lead_dedupe(store: Store) -> None:
    store.add_lead(_lead(1), sinks=["w"], now=NOW)
    store.add_lead(_lead(2), sinks=["w"], now=NOW)
    first, _ = store.lease("w", owner="o", now=NOW, lease_seconds=10, limit=2)
    store.mark_delivered(first.id, now=NOW)
    assert store.purge_delivered(before=NOW) == 0
    assert store.purge_delivered(before=NOW + timedelta(seconds=1)) == 1
    assert (store.pending(), store.delivered()) == (1, 0)
    assert not store.add_lead(_lead(1), sinks=["w"], now=NOW)  # still known: not re-sent
