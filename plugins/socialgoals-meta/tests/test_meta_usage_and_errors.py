"""Properties of the usage-header parser and of the Graph error mapping."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from socialgoals_meta.errors import (
    THROTTLING_CODES,
    GraphPermissionError,
    GraphRateLimitError,
    GraphTokenError,
    GraphTransientError,
    error_from_response,
)
from socialgoals_meta.usage import parse_usage

from socialgoals.errors import SourceError

percent = st.integers(0, 150)
counters = st.fixed_dictionaries(
    {"call_count": percent, "total_time": percent, "total_cputime": percent}
)


@given(app=counters, buc=st.lists(counters, max_size=3), regain=st.integers(0, 60))
def test_usage_is_the_highest_reported_counter(
    app: dict[str, int], buc: list[dict[str, int]], regain: int
) -> None:
    entries = [{"type": "pages", "estimated_time_to_regain_access": regain, **c} for c in buc]
    headers = {
        "X-App-Usage": json.dumps(app),
        "X-Business-Use-Case-Usage": json.dumps({"123": entries}),
    }
    usage = parse_usage(headers)
    assert usage is not None
    highest = max([*app.values(), *(v for c in buc for v in c.values())])
    assert usage.percent == highest
    pause = usage.pause(threshold=90.0, default_pause=60.0)
    if highest < 90:
        assert pause == 0.0
    elif buc and regain:
        assert pause == regain * 60.0
    else:
        assert pause == 60.0


@given(st.text(max_size=40))
def test_malformed_usage_headers_are_ignored(raw: str) -> None:
    usage = parse_usage({"X-App-Usage": raw, "X-Business-Use-Case-Usage": raw})
    assert usage is None or usage.percent >= 0


@given(code=st.integers(-5, 100_000), status=st.sampled_from([400, 403, 500, 503]))
def test_every_graph_error_maps_to_exactly_one_family(code: int, status: int) -> None:
    err = error_from_response(status, {"error": {"code": code, "message": "x"}})
    assert isinstance(err, SourceError)
    assert err.code == code
    if code in THROTTLING_CODES:
        assert isinstance(err, GraphRateLimitError)
        assert err.transient
    elif code in (190, 102):
        assert isinstance(err, GraphTokenError)
        assert not err.transient
    elif code in (1, 2) or status >= 500:
        assert isinstance(err, GraphTransientError)
    elif code == 10 or 200 <= code <= 299:
        assert isinstance(err, GraphPermissionError)
    else:
        assert not err.transient
