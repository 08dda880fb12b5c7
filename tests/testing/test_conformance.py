"""The conformance kit catches broken sources and sinks, and refuses unexplained skips."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

import pytest

from socialgoals.community import Author, Message, MessageKind
from socialgoals.errors import ValidationError
from socialgoals.model import Observation, Platform
from socialgoals.protocols import (
    DeliveryItem,
    DeliveryResult,
    ItemKind,
    MessageQuery,
    MetricQuery,
    SinkCapabilities,
    SourceCapabilities,
)
from socialgoals.testing.conformance import (
    SINK_CHECKS,
    SOURCE_CHECKS,
    get_sink_test_class,
    get_source_test_class,
    sample_items,
)

DAYS = [date(2026, 3, 1) + timedelta(days=i) for i in range(4)]


class GoodSource:
    name: ClassVar[str] = "good"

    def __init__(self, token: str = "") -> None:
        self.token = token

    @property
    def capabilities(self) -> SourceCapabilities:
        return SourceCapabilities(metrics=frozenset({"reach"}), incremental=True)

    def observations(self, query: MetricQuery) -> Iterator[Observation]:
        for day in DAYS:
            if query.wants(day, "reach"):
                yield Observation(day, Platform.X, "reach", 1.0)


class UndeclaredMetric(GoodSource):
    def observations(self, query: MetricQuery) -> Iterator[Observation]:
        yield from super().observations(query)
        yield Observation(DAYS[0], Platform.X, "likes", 3.0)


class EndlessPages(GoodSource):
    def observations(self, query: MetricQuery) -> Iterator[Observation]:
        for i in itertools.count():
            yield Observation(DAYS[0] + timedelta(days=i % 1000), Platform.X, "reach", 1.0)


class IgnoresWindow(GoodSource):
    def observations(self, query: MetricQuery) -> Iterator[Observation]:
        return super().observations(MetricQuery())


class LeakyRepr(GoodSource):
    def __repr__(self) -> str:
        return f"LeakyRepr(token={self.token!r})"


class FakeCaplog:
    text = ""

    @contextmanager
    def at_level(self, level: int) -> Iterator[None]:
        yield


class StoresTwice:
    """Applies every delivery again: not idempotent."""

    name: ClassVar[str] = "twice"

    def __init__(self) -> None:
        self.rows: list[tuple[str, Any]] = []

    @property
    def capabilities(self) -> SinkCapabilities:
        return SinkCapabilities(accepts=frozenset({ItemKind.LEAD}))

    def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
        self.rows.extend((i.idempotency_key + f"#{len(self.rows)}", i.payload) for i in items)
        return [DeliveryResult.persisted(i.idempotency_key) for i in items]


class TakesEverything(StoresTwice):
    def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
        return [DeliveryResult.persisted(i.idempotency_key) for i in items]


def test_a_good_source_passes_the_checks_it_can() -> None:
    kit = get_source_test_class(GoodSource)()
    source = GoodSource()
    for check in (
        "test_records_are_valid",
        "test_capabilities_honoured",
        "test_pagination_terminates",
        "test_window_honoured_when_incremental",
        "test_filter_honoured",
        "test_results_are_repeatable",
    ):
        getattr(kit, check)(source)


def test_undeclared_metrics_fail() -> None:
    kit = get_source_test_class(UndeclaredMetric)()
    with pytest.raises(AssertionError, match="metrics not declared"):
        kit.test_capabilities_honoured(UndeclaredMetric())


def test_endless_pagination_fails() -> None:
    kit = get_source_test_class(EndlessPages, max_records=50)()
    with pytest.raises(AssertionError, match="paging loop"):
        kit.test_pagination_terminates(EndlessPages())


def test_a_window_that_is_ignored_fails() -> None:
    kit = get_source_test_class(IgnoresWindow)()
    with pytest.raises(AssertionError, match="before start"):
        kit.test_window_honoured_when_incremental(IgnoresWindow())


def test_a_secret_in_repr_fails() -> None:
    config = {"token": "s3cret-token"}
    kit = get_source_test_class(LeakyRepr, secrets=("token",))()
    with pytest.raises(AssertionError, match="token"):
        kit.test_secrets_not_in_repr_or_logs(LeakyRepr(**config), config, FakeCaplog())
    GoodKit = get_source_test_class(GoodSource, secrets=("token",))  # noqa: N806
    GoodKit().test_secrets_not_in_repr_or_logs(GoodSource(**config), config, FakeCaplog())


def test_a_non_idempotent_sink_fails() -> None:
    sink = StoresTwice()
    kit = get_sink_test_class(StoresTwice)()
    items = sample_items(sink.capabilities.accepts, tag="t")
    with pytest.raises(AssertionError, match="re-delivery changed"):
        kit.test_redelivery_is_idempotent(sink, items, lambda s: dict(s.rows))


def test_a_sink_accepting_undeclared_kinds_fails() -> None:
    kit = get_sink_test_class(TakesEverything)()
    with pytest.raises(AssertionError, match="undeclared kind"):
        kit.test_unaccepted_kinds_refused(TakesEverything())


def test_skips_need_a_reason_and_a_known_check() -> None:
    with pytest.raises(ValidationError, match="needs a reason"):
        get_source_test_class(GoodSource, skip={"test_filter_honoured": " "})
    with pytest.raises(ValidationError, match="unknown check"):
        get_sink_test_class(StoresTwice, skip={"test_made_up": "because"})


def test_a_skip_with_a_reason_is_reported_as_such() -> None:
    kit = get_source_test_class(GoodSource, skip={"test_filter_honoured": "single metric API"})()
    with pytest.raises(pytest.skip.Exception, match="single metric API"):
        kit.test_filter_honoured(GoodSource())


def test_every_check_is_a_test_method() -> None:
    source_kit = get_source_test_class(GoodSource)
    sink_kit = get_sink_test_class(StoresTwice)
    assert all(callable(getattr(source_kit, name)) for name in SOURCE_CHECKS)
    assert all(callable(getattr(sink_kit, name)) for name in SINK_CHECKS)
    assert source_kit.__name__ == "TestGoodSourceConformance"


def test_sample_items_are_unique_per_tag_and_hold_no_personal_data_in_keys() -> None:
    a = sample_items(frozenset({ItemKind.LEAD}), tag="test_a")
    b = sample_items(frozenset({ItemKind.LEAD}), tag="test_b")
    assert not {i.idempotency_key for i in a} & {i.idempotency_key for i in b}
    assert all("@" not in i.idempotency_key for i in a)
    reports = sample_items(frozenset({ItemKind.REPORT}), tag="x", count=2)
    assert [i.kind for i in reports] == [ItemKind.REPORT, ItemKind.REPORT]


def test_messages_out_of_order_fail() -> None:
    def msg(i: int) -> Message:
        return Message(
            id=f"m{i}",
            platform=Platform.X,
            kind=MessageKind.DM,
            thread_id="t",
            author=Author(id="u"),
            text="hi",
            received_at=datetime(2026, 3, i + 1, tzinfo=UTC),
        )

    class NewestFirst:
        name: ClassVar[str] = "newest"
        capabilities = SourceCapabilities()

        def messages(self, query: MessageQuery) -> Iterator[Message]:
            yield from (msg(2), msg(1), msg(0))

        def act(self, request: Any) -> Any:
            raise NotImplementedError

    kit = get_source_test_class(NewestFirst)()
    with pytest.raises(AssertionError, match="oldest first"):
        kit.test_messages_oldest_first(NewestFirst())
