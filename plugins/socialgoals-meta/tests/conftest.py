"""Fixtures: one fake Graph API per module, reset before each test, and clients on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from socialgoals_meta.client import GraphClient
from socialgoals_meta.testing import FakeGraphAPI

TOKEN = "EAAB-test-secret-token-0123456789"


@pytest.fixture(scope="module")
def graph_server() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI(token=TOKEN) as fake:
        yield fake


@pytest.fixture(scope="module")
def shared_client(graph_server: FakeGraphAPI) -> Iterator[GraphClient]:
    """One client for property tests (building an httpx client costs ~0.2 s)."""
    with GraphClient(TOKEN, base_url=graph_server.base_url) as client:
        yield client


@pytest.fixture
def fake_graph(graph_server: FakeGraphAPI) -> FakeGraphAPI:
    graph_server.reset()
    graph_server.page_size = 25
    return graph_server


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_client(
    fake_graph: FakeGraphAPI, sleeps: list[float]
) -> Iterator[Callable[..., GraphClient]]:
    made: list[GraphClient] = []

    def make(**options: Any) -> GraphClient:
        options.setdefault("sleep", sleeps.append)
        client = GraphClient(TOKEN, base_url=fake_graph.base_url, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN
