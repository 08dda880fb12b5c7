"""GraphClient against the fake Graph API: pagination, errors, retries, usage, secrets."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from socialgoals_meta.client import GraphClient, resolve_token
from socialgoals_meta.errors import (
    GraphPaginationError,
    GraphPermissionError,
    GraphRateLimitError,
    GraphRequestError,
    GraphTokenError,
    GraphTransientError,
)
from socialgoals_meta.testing import FakeGraphAPI

from socialgoals.errors import SourceError, ValidationError

MakeClient = Callable[..., GraphClient]


def _rows(n: int) -> list[dict[str, object]]:
    return [{"id": f"post_{i}", "n": i} for i in range(n)]


@given(rows=st.integers(0, 40), page_size=st.integers(1, 12))
def test_pagination_yields_every_row_once_in_order(
    graph_server: FakeGraphAPI, shared_client: GraphClient, rows: int, page_size: int
) -> None:
    graph_server.reset()
    graph_server.page_size = page_size
    graph_server.edges["1/feed"] = _rows(rows)
    got = [row["n"] for row in shared_client.paginate("1/feed")]
    assert got == list(range(rows))
    pages = max(1, -(-rows // page_size))
    assert len(graph_server.requests) == pages


def test_next_urls_lose_the_token_and_requests_use_the_header(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    fake_graph.page_size = 2
    fake_graph.edges["1/feed"] = _rows(5)
    assert len(list(make_client().paginate("1/feed"))) == 5
    assert len(fake_graph.requests) == 3
    assert all(r.authorized and not r.token_in_url for r in fake_graph.requests)
    assert "after" in fake_graph.requests[1].query


def test_a_repeated_cursor_stops_with_a_pagination_error(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    fake_graph.page_size = 2
    fake_graph.edges["1/feed"] = _rows(5)
    fake_graph.loop_cursor = True
    with pytest.raises(GraphPaginationError, match="same cursor twice"):
        list(make_client().paginate("1/feed"))
    assert len(fake_graph.requests) == 2


def test_the_page_cap_stops_pagination(fake_graph: FakeGraphAPI, make_client: MakeClient) -> None:
    fake_graph.page_size = 1
    fake_graph.edges["1/feed"] = _rows(10)
    with pytest.raises(GraphPaginationError, match="more than 3 pages"):
        list(make_client(max_pages=3).paginate("1/feed"))
    assert len(fake_graph.requests) == 3


def test_a_next_url_to_another_host_is_refused(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    fake_graph.fail(
        code=None,
        status=200,
        body={"data": [{"id": "x"}], "paging": {"next": "https://evil.example/v23.0/1/feed"}},
    )
    with pytest.raises(GraphRequestError, match="another host"):
        list(make_client().paginate("1/feed"))


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001])
def test_throttling_codes_are_retried_then_raised(
    fake_graph: FakeGraphAPI, make_client: MakeClient, sleeps: list[float], code: int
) -> None:
    fake_graph.edges["1/feed"] = _rows(1)
    fake_graph.fail(code=code, times=10)
    with pytest.raises(GraphRateLimitError) as info:
        make_client(max_retries=2).get("1/feed")
    assert info.value.code == code
    assert info.value.fbtrace_id == "FAKEtrace"
    assert len(fake_graph.requests) == 3
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize("code", [1, 2])
def test_transient_codes_are_retried_until_success(
    fake_graph: FakeGraphAPI, make_client: MakeClient, sleeps: list[float], code: int
) -> None:
    fake_graph.edges["1/feed"] = _rows(1)
    fake_graph.fail(code=code, status=500, times=2)
    assert make_client().get("1/feed")["data"] == _rows(1)
    assert len(fake_graph.requests) == 3
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize(
    ("code", "subcode", "error"),
    [
        (190, 463, GraphTokenError),
        (102, None, GraphTokenError),
        (10, None, GraphPermissionError),
        (200, None, GraphPermissionError),
        (299, None, GraphPermissionError),
        (100, 33, GraphRequestError),
    ],
)
def test_permanent_errors_are_typed_and_not_retried(
    fake_graph: FakeGraphAPI,
    make_client: MakeClient,
    sleeps: list[float],
    code: int,
    subcode: int | None,
    error: type[Exception],
) -> None:
    fake_graph.fail(code=code, subcode=subcode, message="(#x) refused")
    with pytest.raises(error) as info:
        make_client().get("1/feed")
    assert isinstance(info.value, SourceError)
    assert str(code) in str(info.value)
    assert len(fake_graph.requests) == 1
    assert sleeps == []


def test_a_wrong_token_is_a_token_error(fake_graph: FakeGraphAPI) -> None:
    with (
        GraphClient("wrong", base_url=fake_graph.base_url) as client,
        pytest.raises(GraphTokenError, match="190"),
    ):
        client.get("1/feed")


def test_a_non_json_5xx_is_transient(fake_graph: FakeGraphAPI, make_client: MakeClient) -> None:
    fake_graph.fail(code=None, status=502, body="<html>bad gateway</html>", times=5)
    with pytest.raises(GraphTransientError, match="HTTP 502"):
        make_client(max_retries=1).get("1/feed")


def test_network_errors_are_transient(sleeps: list[float]) -> None:
    with (
        GraphClient(
            "some-token", base_url="http://127.0.0.1:9/v23.0", sleep=sleeps.append
        ) as client,
        pytest.raises(GraphTransientError, match="network error"),
    ):
        client.get("1/feed")
    assert len(sleeps) == 3


def test_high_app_usage_pauses_before_the_next_call(
    fake_graph: FakeGraphAPI, make_client: MakeClient, sleeps: list[float]
) -> None:
    fake_graph.edges["1/feed"] = _rows(1)
    fake_graph.usage_headers["X-App-Usage"] = (
        '{"call_count": 95, "total_time": 12, "total_cputime": 4}'
    )
    client = make_client(usage_pause=30.0)
    client.get("1/feed")
    assert sleeps == []
    assert client.last_usage is not None
    assert client.last_usage.percent == 95.0
    client.get("1/feed")
    assert sleeps == [30.0]


def test_low_usage_never_pauses(
    fake_graph: FakeGraphAPI, make_client: MakeClient, sleeps: list[float]
) -> None:
    fake_graph.edges["1/feed"] = _rows(1)
    fake_graph.usage_headers["X-App-Usage"] = '{"call_count": 40}'
    client = make_client()
    for _ in range(3):
        client.get("1/feed")
    assert sleeps == []


def test_business_use_case_throttling_waits_for_metas_estimate(
    fake_graph: FakeGraphAPI, make_client: MakeClient, sleeps: list[float]
) -> None:
    fake_graph.edges["1/feed"] = _rows(1)
    buc = (
        '{"1": [{"type": "pages", "call_count": 100, "total_cputime": 10,'
        ' "total_time": 10, "estimated_time_to_regain_access": 2}]}'
    )
    fake_graph.fail(code=80001, headers={"X-Business-Use-Case-Usage": buc})
    assert make_client().get("1/feed")["data"] == _rows(1)
    assert sleeps == [120.0]


def test_the_token_never_reaches_logs_errors_or_reprs(
    fake_graph: FakeGraphAPI,
    make_client: MakeClient,
    token: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_graph.page_size = 1
    fake_graph.edges["1/feed"] = _rows(3)
    fake_graph.fail(code=2, message=f"echo {token}")
    fake_graph.fail(code=190, message=f"bad token {token}", path_prefix="2/")
    client = make_client()
    assert len(list(client.paginate("1/feed"))) == 3
    with pytest.raises(GraphTokenError) as info:
        client.get("2/feed")
    assert "<redacted>" in str(info.value)
    texts = [caplog.text, str(info.value), repr(client), repr(fake_graph.requests)]
    assert all(token not in text for text in texts)


def test_the_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALGOALS_META_TOKEN", " from-env ")
    assert resolve_token(None) == "from-env"
    assert resolve_token("given") == "given"
    monkeypatch.delenv("SOCIALGOALS_META_TOKEN")
    with pytest.raises(ValidationError, match="token"):
        GraphClient()
