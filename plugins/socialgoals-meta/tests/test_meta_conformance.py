"""The socialgoals source conformance kit, run against the fake Graph API."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from socialgoals_meta.conversations import MetaConversationSource
from socialgoals_meta.insights import MetaInsightsSource
from socialgoals_meta.testing import FakeGraphAPI, graph_time

from socialgoals.testing.conformance import get_source_test_class

LA = ZoneInfo("America/Los_Angeles")
TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 18, tzinfo=UTC)


def fill_insights(fake: FakeGraphAPI) -> None:
    def series(values: list[float | None]) -> list[tuple[datetime, object]]:
        start = TODAY - timedelta(days=len(values) - 1)
        return [
            (datetime.combine(start + timedelta(days=i + 1), time(), LA), v)
            for i, v in enumerate(values)
        ]

    fake.insights["p1"] = {
        "page_post_engagements": series([5, 6, None, 8, 9, 10]),
        "page_total_media_view_unique": series([50, 60, 70, 80, 90, 100]),
    }
    fake.insights["ig1"] = {"reach": series([1, 2, 3, 4]), "views": series([10, None, 30, 40])}


def fill_conversations(fake: FakeGraphAPI) -> None:
    def at(hours: int) -> str:
        return graph_time(NOW - timedelta(hours=hours))

    fake.edges["p1/feed"] = [{"id": "p1_post1"}, {"id": "p1_post2"}]
    fake.edges["p1_post1/comments"] = [
        {
            "id": f"fc{i}",
            "message": f"comment {i}",
            "created_time": at(10 * i + 1),
            "from": {"id": f"u{i}", "name": f"User {i}"},
        }
        for i in range(4)
    ]
    fake.edges["p1_post2/comments"] = []
    fake.edges["ig1/media"] = [{"id": "m1"}]
    fake.edges["m1/comments"] = [
        {
            "id": "ic1",
            "text": "love",
            "timestamp": at(5),
            "username": "fan",
            "from": {"id": "u9", "username": "fan"},
        }
    ]
    fake.edges["p1/conversations"] = [{"id": "t_1", "updated_time": at(2)}]
    fake.edges["t_1/messages"] = [
        {"id": "dm1", "message": "hello", "created_time": at(3), "from": {"id": "u7"}},
        {"id": "dm2", "message": "hi!", "created_time": at(2), "from": {"id": "p1"}},
    ]


class TestMetaInsightsSource(  # type: ignore[misc]
    get_source_test_class(MetaInsightsSource, secrets=("token",))
):
    @pytest.fixture
    def source_config(self, fake_graph: FakeGraphAPI, token: str) -> Mapping[str, Any]:
        fill_insights(fake_graph)
        return {
            "token": token,
            "base_url": fake_graph.base_url,
            "page_id": "p1",
            "ig_user_id": "ig1",
            "page_metrics": ["page_post_engagements", "page_total_media_view_unique"],
            "ig_metrics": ["reach", "views", "impressions"],
            "today": lambda: TODAY,
        }


class TestMetaConversationSource(  # type: ignore[misc]
    get_source_test_class(MetaConversationSource, secrets=("token",))
):
    @pytest.fixture
    def source_config(self, fake_graph: FakeGraphAPI, token: str) -> Mapping[str, Any]:
        fill_conversations(fake_graph)
        return {
            "token": token,
            "base_url": fake_graph.base_url,
            "page_id": "p1",
            "ig_user_id": "ig1",
            "now": lambda: NOW,
        }
