"""The socialgoals sink conformance kit, run against the fake HubSpot."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from socialgoals_hubspot.sink import HubSpotLeadSink
from socialgoals_hubspot.testing import FakeHubSpot

from socialgoals.testing.conformance import get_sink_test_class


class TestHubSpotLeadSink(get_sink_test_class(HubSpotLeadSink, secrets=("token",))):  # type: ignore[misc]
    @pytest.fixture
    def sink_config(self, fake_hubspot: FakeHubSpot, token: str) -> Mapping[str, Any]:
        return {"token": token, "base_url": fake_hubspot.base_url}

    @pytest.fixture
    def sink_read_back(self, fake_hubspot: FakeHubSpot) -> Callable[[Any], Mapping[str, Any]]:
        def held(_sink: Any) -> Mapping[str, Any]:
            return {c["socialgoals_lead_key"]: dict(c) for c in fake_hubspot.contacts.values()}

        return held
