"""Every built-in adapter passes the conformance kit."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from socialgoals.adapters import (
    CSVMetricSource,
    JSONLConversationSource,
    JSONMetricSource,
    SQLiteSink,
    WebhookSink,
)
from socialgoals.testing.conformance import get_sink_test_class, get_source_test_class
from socialgoals.testing.receiver import WebhookReceiver

CSV = """Date,Impressions (total),Clicks (total),Reactions (total)
03/01/2026,"1,500",30,12
03/02/2026,1620,41,
03/03/2026,1710,38,15
"""

MESSAGES = [
    {
        "id": f"m{i}",
        "platform": "instagram",
        "kind": kind,
        "thread_id": f"t{i % 2}",
        "author": {"id": f"u{i}"},
        "text": text,
        "received_at": f"2026-03-0{i + 1}T09:30:00+01:00",
    }
    for i, (kind, text) in enumerate(
        [("comment", "Prix ?"), ("dm", "Bonjour"), ("comment", "Super"), ("mention", "@brand")]
    )
]


class TestCSVMetricSource(get_source_test_class(CSVMetricSource)):
    @pytest.fixture
    def source_config(self, tmp_path: Path) -> Mapping[str, Any]:
        path = tmp_path / "linkedin.csv"
        path.write_text(CSV)
        return {"path": path, "preset": "linkedin_page_metrics"}


class TestJSONMetricSource(get_source_test_class(JSONMetricSource)):
    @pytest.fixture
    def source_config(self, tmp_path: Path) -> Mapping[str, Any]:
        path = tmp_path / "metrics.jsonl"
        rows = [
            {"date": f"2026-03-0{d}", "platform": "facebook", "metric": m, "value": v}
            for d, m, v in [(1, "reach", 10), (1, "likes", 2), (2, "reach", 12), (3, "reach", 9)]
        ]
        path.write_text("\n".join(json.dumps(r) for r in rows))
        return {"path": path, "preset": "long"}


class TestJSONLConversationSource(get_source_test_class(JSONLConversationSource)):
    @pytest.fixture
    def source_config(self, tmp_path: Path) -> Mapping[str, Any]:
        path = tmp_path / "inbox.jsonl"
        path.write_text("\n".join(json.dumps(m) for m in MESSAGES))
        return {"path": path, "platforms": ("instagram",)}


class TestSQLiteSink(get_sink_test_class(SQLiteSink, read_back=lambda sink: sink.items())):
    @pytest.fixture
    def sink_config(self, tmp_path: Path) -> Mapping[str, Any]:
        return {"path": tmp_path / "sink.db"}


class TestSQLiteSinkLeadsOnly(get_sink_test_class(SQLiteSink, read_back=lambda sink: sink.items())):
    @pytest.fixture
    def sink_config(self, tmp_path: Path) -> Mapping[str, Any]:
        return {"path": tmp_path / "sink.db", "accepts": ("lead",)}


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(secret="conformance-signing-secret") as r:
        yield r


class TestWebhookSink(get_sink_test_class(WebhookSink, secrets=("secret",))):
    @pytest.fixture
    def sink_config(self, receiver: WebhookReceiver) -> Mapping[str, Any]:
        return {
            "url": receiver.url,
            "secret": "conformance-signing-secret",
            "erase_url": receiver.erase_url,
            "proxies": {},
            "timeout": 2.0,
            "accepts": ("lead",),
        }

    @pytest.fixture
    def sink_read_back(self, receiver: WebhookReceiver) -> Any:
        return lambda sink: receiver.applied
