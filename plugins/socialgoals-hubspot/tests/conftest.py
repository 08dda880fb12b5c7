"""Fixtures: one fake HubSpot per module, reset before each test, and sinks on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from socialgoals_hubspot.sink import HubSpotLeadSink
from socialgoals_hubspot.testing import FakeHubSpot

TOKEN = "pat-eu1-test-secret-0123456789"


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture(scope="module")
def hubspot_server() -> Iterator[FakeHubSpot]:
    with FakeHubSpot(token=TOKEN) as fake:
        yield fake


@pytest.fixture(scope="module")
def shared_sink(hubspot_server: FakeHubSpot) -> Iterator[HubSpotLeadSink]:
    """One sink for property tests (building an httpx client is slow)."""
    sink = HubSpotLeadSink(token=TOKEN, base_url=hubspot_server.base_url, batch_size=3)
    yield sink
    sink.close()


@pytest.fixture
def fake_hubspot(hubspot_server: FakeHubSpot) -> FakeHubSpot:
    hubspot_server.reset()
    hubspot_server.rate_max = 1000
    return hubspot_server


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_sink(
    fake_hubspot: FakeHubSpot, sleeps: list[float]
) -> Iterator[Callable[..., HubSpotLeadSink]]:
    made: list[HubSpotLeadSink] = []

    def make(**options: Any) -> HubSpotLeadSink:
        options.setdefault("sleep", sleeps.append)
        options.setdefault("token", TOKEN)
        sink = HubSpotLeadSink(base_url=fake_hubspot.base_url, **options)
        made.append(sink)
        return sink

    yield make
    for sink in made:
        sink.close()
