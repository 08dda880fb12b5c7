"""HubSpotLeadSink against the fake HubSpot: idempotent upserts, partial failures, limits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from socialgoals_hubspot.properties import CONTEXT_PROPERTIES
from socialgoals_hubspot.sink import UPSERT_PATH, HubSpotLeadSink
from socialgoals_hubspot.testing import FakeHubSpot

from socialgoals.community import Consent, ConsentStatus, Contact, Intent, Lead
from socialgoals.errors import PermanentDeliveryError, TransientDeliveryError, ValidationError
from socialgoals.model import Platform
from socialgoals.protocols import (
    DeliveryItem,
    DeliveryResult,
    DeliveryStatus,
    ErasableSink,
    ItemKind,
    Sink,
)

MakeSink = Callable[..., HubSpotLeadSink]
T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


def lead(n: int, *, email: str | None = None, name: str = "Léa Martin") -> Lead:
    contact = Contact(name=name, email=email or f"person{n}@example.com")
    return Lead(f"lead-{n}", contact, Platform.INSTAGRAM, T0)


def item(n: int, **kwargs: str) -> DeliveryItem:
    return DeliveryItem.for_lead(lead(n, **kwargs))


def statuses(results: list[DeliveryResult]) -> list[DeliveryStatus]:
    return [r.status for r in results]


def test_the_sink_meets_the_erasable_sink_protocol(make_sink: MakeSink) -> None:
    sink = make_sink()
    assert isinstance(sink, Sink)
    assert isinstance(sink, ErasableSink)
    assert sink.capabilities.accepts == {ItemKind.LEAD}
    assert sink.capabilities.erase


def test_leads_become_contacts_and_redelivery_changes_nothing(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    sink = make_sink()
    items = [item(1), item(2, name="Sam")]
    first = sink.deliver(items)
    assert statuses(first) == [DeliveryStatus.PERSISTED] * 2
    assert [r.idempotency_key for r in first] == [i.idempotency_key for i in items]
    assert len(fake_hubspot.contacts) == 2
    contact = fake_hubspot.contacts[first[0].remote_id or ""]
    assert contact["email"] == "person1@example.com"
    assert contact["firstname"] == "Léa"
    assert contact["lastname"] == "Martin"
    assert contact["socialgoals_lead_key"] == items[0].idempotency_key
    assert contact["socialgoals_subject_key"] == items[0].subject_key
    again = sink.deliver(items)
    assert [r.remote_id for r in again] == [r.remote_id for r in first]
    assert len(fake_hubspot.contacts) == 2
    [upsert] = [r for r in fake_hubspot.requests if r.path == UPSERT_PATH][:1]
    assert upsert.body["inputs"][0]["idProperty"] == "socialgoals_lead_key"  # type: ignore[index]


def test_the_same_item_twice_in_one_call_is_sent_once(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    results = make_sink().deliver([item(1), item(1)])
    assert statuses(results) == [DeliveryStatus.PERSISTED] * 2
    assert fake_hubspot.upserts_applied == 1


def test_email_as_id_property_splits_batches_with_the_same_email(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    sink = make_sink(id_property="email")
    items = [item(1, email="a@example.com"), item(2, email="A@example.com "), item(3)]
    results = sink.deliver(items)
    assert statuses(results) == [DeliveryStatus.PERSISTED] * 3
    assert len(fake_hubspot.contacts) == 2
    upserts = [r for r in fake_hubspot.requests if r.path == UPSERT_PATH]
    assert [len(r.body["inputs"]) for r in upserts] == [2, 1]  # type: ignore[index]


def test_a_lead_without_the_id_property_is_refused_before_sending(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    no_email = DeliveryItem.for_lead(
        Lead("l9", Contact(phone="+33 6 12 34 56 78"), Platform.FACEBOOK, T0)
    )
    [result] = make_sink(id_property="email").deliver([no_email])
    assert (result.status, result.permanent) == (DeliveryStatus.NOT_PERSISTED, True)
    assert "email" in result.reason
    assert fake_hubspot.requests == []


def test_multi_status_maps_each_error_back_to_its_item(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    items = [item(1), item(2), item(3)]
    fake_hubspot.rejected = {items[1].idempotency_key}
    results = make_sink().deliver(items)
    assert statuses(results) == [
        DeliveryStatus.PERSISTED,
        DeliveryStatus.NOT_PERSISTED,
        DeliveryStatus.PERSISTED,
    ]
    assert results[1].permanent
    assert results[1].reason == "HubSpot VALIDATION_ERROR (INVALID_EMAIL)"
    assert items[1].idempotency_key not in results[1].reason


def test_items_the_answer_does_not_mention_are_possibly_persisted(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    fake_hubspot.fail(
        207,
        body={
            "status": "COMPLETE",
            "results": [],
            "numErrors": 1,
            "errors": [{"status": "error", "category": "OTHER", "message": "?"}],
        },
    )
    results = make_sink().deliver([item(1), item(2)])
    assert statuses(results) == [DeliveryStatus.POSSIBLY_PERSISTED] * 2


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [("7", 7.0), ("Wed, 21 Oct 2099 07:28:00 GMT", None)],
)
def test_429_is_not_persisted_with_retry_after(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink, retry_after: str, expected: float | None
) -> None:
    fake_hubspot.fail(
        429,
        headers={"Retry-After": retry_after},
        body={"status": "error", "category": "RATE_LIMITS", "message": "slow"},
    )
    results = make_sink().deliver([item(1), item(2)])
    assert statuses(results) == [DeliveryStatus.NOT_PERSISTED] * 2
    assert not any(r.permanent for r in results)
    assert "RATE_LIMITS" in results[0].reason
    if expected is None:
        assert results[0].retry_after is not None
        assert results[0].retry_after > 86_400
    else:
        assert results[0].retry_after == expected


def test_an_exhausted_window_pauses_before_the_next_call(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    fake_hubspot.rate_max = 1
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        fake_hubspot.new_window()

    sink = make_sink(sleep=sleep)
    assert statuses(sink.deliver([item(1)])) == [DeliveryStatus.PERSISTED]
    assert sink.last_rate_limit is not None
    assert sink.last_rate_limit.remaining == 0
    assert statuses(sink.deliver([item(2)])) == [DeliveryStatus.PERSISTED]
    assert pauses == [10.0]


def test_a_lost_answer_is_possibly_persisted_and_redelivery_is_applied_once(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    sink = make_sink()
    fake_hubspot.fail(503, apply_first=True)
    [first] = sink.deliver([item(1)])
    assert first.status is DeliveryStatus.POSSIBLY_PERSISTED
    assert len(fake_hubspot.contacts) == 1
    [second] = sink.deliver([item(1)])
    assert second.status is DeliveryStatus.PERSISTED
    assert len(fake_hubspot.contacts) == 1


def test_a_timeout_is_possibly_persisted(fake_hubspot: FakeHubSpot, make_sink: MakeSink) -> None:
    fake_hubspot.fail(200, apply_first=True, delay=1.5)
    [result] = make_sink(timeout=0.3).deliver([item(1)])
    assert result.status is DeliveryStatus.POSSIBLY_PERSISTED
    assert "ReadTimeout" in result.reason


def test_an_unreachable_hubspot_is_not_persisted(token: str) -> None:
    sink = HubSpotLeadSink(token=token, base_url="http://127.0.0.1:9")
    [result] = sink.deliver([item(1)])
    sink.close()
    assert (result.status, result.permanent) == (DeliveryStatus.NOT_PERSISTED, False)


def test_a_batch_refused_as_a_whole_is_retried_item_by_item(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    fake_hubspot.fail(
        400,
        path=UPSERT_PATH,
        body={"status": "error", "category": "VALIDATION_ERROR", "message": "lea@x is bad"},
    )
    results = make_sink().deliver([item(1), item(2), item(3)])
    assert statuses(results) == [DeliveryStatus.PERSISTED] * 3
    assert len([r for r in fake_hubspot.requests if r.path == UPSERT_PATH]) == 4


def test_a_bad_token_keeps_items_for_later_and_is_never_echoed(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    [result] = make_sink(token="wrong-token").deliver([item(1)])
    assert (result.status, result.permanent) == (DeliveryStatus.NOT_PERSISTED, False)
    assert "SOCIALGOALS_HUBSPOT_TOKEN" in result.reason
    assert "wrong-token" not in result.reason


def test_items_that_are_not_leads_are_refused(make_sink: MakeSink) -> None:
    report = DeliveryItem(ItemKind.REPORT, "report_1", {"title": "weekly"})
    broken = DeliveryItem(ItemKind.LEAD, "lead_x", {"id": "x"})
    results = make_sink().deliver([report, broken])
    assert [(r.status, r.permanent) for r in results] == [(DeliveryStatus.NOT_PERSISTED, True)] * 2
    assert "payload is not a lead" in results[1].reason


@given(
    keys=st.lists(st.integers(0, 12), min_size=1, max_size=15),
    rejected=st.sets(st.integers(0, 12), max_size=4),
)
def test_every_item_gets_exactly_one_result_matching_what_hubspot_did(
    hubspot_server: FakeHubSpot, shared_sink: HubSpotLeadSink, keys: list[int], rejected: set[int]
) -> None:
    hubspot_server.reset()
    items = [item(k) for k in keys]
    hubspot_server.rejected = {item(k).idempotency_key for k in rejected}
    results = shared_sink.deliver(items)
    assert [r.idempotency_key for r in results] == [i.idempotency_key for i in items]
    for k, result in zip(keys, results, strict=True):
        expected = DeliveryStatus.NOT_PERSISTED if k in rejected else DeliveryStatus.PERSISTED
        assert result.status is expected
    assert len(hubspot_server.contacts) == len(set(keys) - rejected)
    sizes = [len(r.body["inputs"]) for r in hubspot_server.requests]  # type: ignore[index]
    assert sum(sizes) == len(set(keys))
    assert max(sizes) <= 3


def test_erase_gdpr_deletes_every_contact_of_the_person_and_can_repeat(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    sink = make_sink()
    same_person = [item(1, email="lea@example.com"), item(2, email="lea@example.com"), item(3)]
    sink.deliver(same_person)
    assert len(fake_hubspot.contacts) == 3
    fake_hubspot.search_page_size = 1
    subject = same_person[0].subject_key
    assert subject is not None
    sink.erase(subject)
    remaining = [c["socialgoals_subject_key"] for c in fake_hubspot.contacts.values()]
    assert remaining == [same_person[2].subject_key]
    sink.erase(subject)
    deletes = [r for r in fake_hubspot.requests if r.path.endswith("gdpr-delete")]
    assert len(deletes) == 2
    assert all(set(r.body) == {"objectId"} for r in deletes)  # type: ignore[arg-type]


def test_erase_reports_a_throttled_search_as_transient(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    fake_hubspot.fail(429, headers={"Retry-After": "3"})
    with pytest.raises(TransientDeliveryError) as info:
        make_sink().erase("subj_abc")
    assert info.value.retry_after == 3.0


def test_the_token_never_reaches_logs_reprs_or_results(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sink = make_sink()
    fake_hubspot.fail(400, path=UPSERT_PATH)
    results = sink.deliver([item(1), item(2)])
    texts = [caplog.text, repr(sink), repr(results), repr(fake_hubspot.requests)]
    assert all(token not in text for text in texts)
    assert all("person1@example.com" not in text for text in texts)


def test_configuration_problems_are_reported_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOCIALGOALS_HUBSPOT_TOKEN", raising=False)
    with pytest.raises(ValidationError) as info:
        HubSpotLeadSink(id_property="Bad Name", batch_size=0)
    assert info.value.paths == ["token", "id_property", "batch_size"]
    monkeypatch.setenv("SOCIALGOALS_HUBSPOT_TOKEN", "from-env")
    HubSpotLeadSink().close()


def test_a_lead_who_denied_consent_is_never_sent(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    denied = Lead(
        "l7",
        Contact(email="no@example.com"),
        Platform.X,
        T0,
        consent=Consent(ConsentStatus.DENIED, purpose="sales follow-up"),
    )
    [result] = make_sink().deliver([DeliveryItem.for_lead(denied)])
    assert (result.status, result.permanent) == (DeliveryStatus.NOT_PERSISTED, True)
    assert "consent" in result.reason
    assert fake_hubspot.requests == []


def test_without_a_subject_property_no_erasure_is_declared(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    sink = make_sink(subject_property=None)
    assert not sink.capabilities.erase
    [result] = sink.deliver([item(1)])
    assert result.status is DeliveryStatus.PERSISTED
    assert "socialgoals_subject_key" not in fake_hubspot.contacts[result.remote_id or ""]
    with pytest.raises(PermanentDeliveryError, match="subject_property"):
        sink.erase("subj_x")


def test_after_a_429_the_remaining_batches_wait_too(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    fake_hubspot.fail(429, headers={"Retry-After": "5"})
    results = make_sink(batch_size=2).deliver([item(n) for n in range(5)])
    assert statuses(results) == [DeliveryStatus.NOT_PERSISTED] * 5
    assert {r.retry_after for r in results} == {5.0}
    assert [r.idempotency_key for r in results] == [item(n).idempotency_key for n in range(5)]
    assert len(fake_hubspot.requests) == 1


def test_context_properties_carry_the_leads_context_when_asked(
    fake_hubspot: FakeHubSpot, make_sink: MakeSink
) -> None:
    rich = Lead(
        "l5",
        Contact(email="ctx@example.com"),
        Platform.LINKEDIN,
        T0,
        intent=Intent.SALES_LEAD,
        priority="enterprise",
        tags=("webinar", "q2"),
        source_message_id="m_42",
    )
    [plain] = make_sink().deliver([DeliveryItem.for_lead(rich)])
    assert "socialgoals_platform" not in fake_hubspot.contacts[plain.remote_id or ""]
    [result] = make_sink(context_properties=True).deliver([DeliveryItem.for_lead(rich)])
    contact = fake_hubspot.contacts[result.remote_id or ""]
    assert {k: v for k, v in contact.items() if k in CONTEXT_PROPERTIES} == {
        "socialgoals_platform": "linkedin",
        "socialgoals_intent": "sales_lead",
        "socialgoals_priority": "enterprise",
        "socialgoals_tags": "webinar;q2",
        "socialgoals_source_message_id": "m_42",
    }
