"""MetaInsightsSource against the fake Graph API: dates, missing values, retired metrics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from socialgoals_meta.client import GraphClient
from socialgoals_meta.insights import MetaInsightsSource
from socialgoals_meta.metrics import Level
from socialgoals_meta.testing import FakeGraphAPI

from socialgoals.errors import ValidationError
from socialgoals.model import Platform
from socialgoals.protocols import MetricQuery

MakeClient = Callable[..., GraphClient]
LA = ZoneInfo("America/Los_Angeles")


def end_of(day: date) -> datetime:
    """Meta's end_time for a day's value: the next midnight, Pacific time."""
    return datetime.combine(day + timedelta(days=1), time(), LA)


def series(start: date, values: list[float | None]) -> list[tuple[datetime, object]]:
    return [(end_of(start + timedelta(days=i)), v) for i, v in enumerate(values)]


def metric_params(fake: FakeGraphAPI) -> list[str]:
    return [r.query.get("metric", "") for r in fake.requests if r.path.endswith("/insights")]


def test_page_metrics_are_dated_in_metas_day_across_dst(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    start = date(2026, 3, 6)  # DST starts in Los Angeles on 2026-03-08
    fake_graph.insights["p1"] = {"page_post_engagements": series(start, [5, 6, 7, 8, 9])}
    source = MetaInsightsSource(
        page_id="p1", page_metrics=["page_post_engagements"], client=make_client()
    )
    got = list(source.read(start, start + timedelta(days=5)))
    assert [(o.date, o.value) for o in got] == [
        (start + timedelta(days=i), float(5 + i)) for i in range(5)
    ]
    assert {(o.platform, o.account, o.metric, o.source) for o in got} == {
        (Platform.FACEBOOK, "p1", "page_post_engagements", "meta")
    }


def test_missing_values_are_missing_not_zero(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    start = date(2026, 3, 2)
    fake_graph.insights["p1"] = {
        "page_post_engagements": series(start, [3, None, 0, None]),
        "page_total_media_view_unique": [],
    }
    source = MetaInsightsSource(page_id="p1", client=make_client())
    got = {(o.metric, o.date): o.value for o in source.read(start, date(2026, 3, 6))}
    assert got == {
        ("page_post_engagements", start): 3.0,
        ("page_post_engagements", date(2026, 3, 4)): 0.0,
    }


def test_retired_page_metrics_point_to_their_replacement(make_client: MakeClient) -> None:
    source = MetaInsightsSource(
        page_id="p1",
        page_metrics=["page_impressions", "page_fans", "page_post_engagements"],
        client=make_client(),
    )
    assert [(u.metric, u.replacement) for u in source.unavailable] == [
        ("page_impressions", "page_media_view"),
        ("page_fans", "page_follows"),
    ]
    assert source.capabilities.metrics == {"page_post_engagements"}


def test_breakdown_values_are_not_imported_as_numbers(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    start = date(2026, 3, 2)
    fake_graph.insights["p1"] = {"page_follows_country": series(start, [{"FR": 3}])}  # type: ignore[list-item]
    source = MetaInsightsSource(
        page_id="p1", page_metrics=["page_follows_country"], client=make_client()
    )
    assert list(source.read(start, start + timedelta(days=1))) == []


def test_retired_instagram_metrics_are_reported_and_never_requested(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    start = date(2026, 3, 2)
    fake_graph.retired = {"impressions"}
    fake_graph.insights["ig1"] = {"reach": series(start, [10, 11])}
    source = MetaInsightsSource(
        ig_user_id="ig1", ig_metrics=["reach", "impressions"], client=make_client()
    )
    [gone] = source.unavailable
    assert (gone.level, gone.metric, gone.replacement) == (Level.IG_USER, "impressions", "views")
    assert "v22.0" in gone.reason
    got = list(source.read(start, start + timedelta(days=2)))
    assert [(o.platform, o.metric, o.value) for o in got] == [
        (Platform.INSTAGRAM, "reach", 10.0),
        (Platform.INSTAGRAM, "reach", 11.0),
    ]
    assert all("impressions" not in m for m in metric_params(fake_graph))


def test_total_value_metrics_are_read_one_day_at_a_time(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    start = date(2026, 3, 2)
    fake_graph.insights["ig1"] = {"views": series(start, [100, None, 300])}
    source = MetaInsightsSource(ig_user_id="ig1", ig_metrics=["views"], client=make_client())
    got = [(o.date, o.value) for o in source.read(start, start + timedelta(days=3))]
    assert got == [(start, 100.0), (date(2026, 3, 4), 300.0)]
    totals = [r for r in fake_graph.requests if r.query.get("metric_type") == "total_value"]
    assert len(totals) == 3


def test_media_lifetime_metrics_are_dated_at_the_end_of_the_window(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    start = date(2026, 3, 2)
    inside = datetime.combine(start, time(12), LA)
    fake_graph.edges["ig1/media"] = [
        {"id": "m1", "timestamp": inside.isoformat()},
        {"id": "m2", "timestamp": (inside - timedelta(days=30)).isoformat()},
    ]
    fake_graph.lifetime["m1"] = {"reach": 50, "views": 80, "saved": None}
    source = MetaInsightsSource(
        ig_user_id="ig1",
        ig_metrics=[],
        media_metrics=["reach", "views", "saved", "impressions"],
        include_media=True,
        client=make_client(),
    )
    got = {(o.post, o.metric, o.date): o.value for o in source.read(start, date(2026, 3, 9))}
    assert got == {("m1", "reach", date(2026, 3, 8)): 50.0, ("m1", "views", date(2026, 3, 8)): 80.0}
    assert [u.metric for u in source.unavailable] == ["impressions"]


def test_long_windows_are_split_and_each_day_is_read_once(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    start = date(2026, 1, 1)
    days = 200
    fake_graph.insights["p1"] = {
        "page_post_engagements": series(start, [float(i) for i in range(days)])
    }
    source = MetaInsightsSource(
        page_id="p1", page_metrics=["page_post_engagements"], client=make_client()
    )
    got = [o.value for o in source.read(start, start + timedelta(days=days))]
    assert got == [float(i) for i in range(days)]
    windows = [r for r in fake_graph.requests if r.path == "p1/insights" and "after" not in r.query]
    assert len(windows) >= 3


@given(
    values=st.lists(st.one_of(st.none(), st.integers(0, 10_000)), min_size=1, max_size=20),
    offset=st.integers(0, 400),
)
def test_every_present_value_becomes_exactly_one_observation(
    graph_server: FakeGraphAPI, shared_client: GraphClient, values: list[int | None], offset: int
) -> None:
    graph_server.reset()
    start = date(2025, 1, 1) + timedelta(days=offset)
    graph_server.insights["p1"] = {"page_post_engagements": series(start, list(values))}
    source = MetaInsightsSource(
        page_id="p1", page_metrics=["page_post_engagements"], client=shared_client
    )
    got = [(o.date, o.value) for o in source.read(start, start + timedelta(days=len(values)))]
    expected = [
        (start + timedelta(days=i), float(v)) for i, v in enumerate(values) if v is not None
    ]
    assert got == expected


def test_bad_configuration_and_windows_are_clear_errors(make_client: MakeClient) -> None:
    with pytest.raises(ValidationError) as info:
        MetaInsightsSource(timezone="Mars/Olympus", client=make_client())
    assert info.value.paths == ["page_id", "timezone"]
    source = MetaInsightsSource(page_id="p1", client=make_client())
    with pytest.raises(ValidationError, match="until"):
        list(source.read(date(2026, 3, 2), date(2026, 3, 2)))


def test_a_query_asks_meta_only_for_the_wanted_metrics_and_days(
    fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    today = date(2026, 3, 9)
    start = today - timedelta(days=9)
    fake_graph.insights["p1"] = {
        "page_post_engagements": series(start, [float(i) for i in range(10)]),
        "page_total_media_view_unique": series(start, [100.0] * 10),
    }
    source = MetaInsightsSource(
        page_id="p1", client=make_client(), default_days=3, today=lambda: today
    )
    assert source.capabilities.metrics == {
        "page_post_engagements",
        "page_total_media_view_unique",
        "page_media_view",
    }
    assert source.capabilities.platforms == {Platform.FACEBOOK}
    got = list(source.observations(MetricQuery(metrics=frozenset({"page_post_engagements"}))))
    assert [(o.date, o.value) for o in got] == [
        (today - timedelta(days=2), 7.0),
        (today - timedelta(days=1), 8.0),
        (today, 9.0),
    ]
    assert set(metric_params(fake_graph)) == {"page_post_engagements"}
