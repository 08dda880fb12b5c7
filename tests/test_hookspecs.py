"""The hook specifications: documented, typed, and all in the hook reference."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals import hookspecs
from socialgoals.errors import ValidationError
from socialgoals.model import Platform
from socialgoals.protocols import (
    Action,
    ActionRequest,
    DeliveryItem,
    DeliveryResult,
    DeliveryStatus,
    ItemKind,
    KPIPack,
    MessageQuery,
    MetricQuery,
    Notification,
    Severity,
    SinkCapabilities,
    SourceCapabilities,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "plugins" / "hooks.md"
HOOKS = sorted(
    name
    for name, obj in vars(hookspecs).items()
    if name.startswith("socialgoals_") and inspect.isfunction(obj)
)


def test_there_are_hooks_for_every_role() -> None:
    assert HOOKS == [
        "socialgoals_classify_message",
        "socialgoals_notify",
        "socialgoals_register_conversation_sources",
        "socialgoals_register_kpi_packs",
        "socialgoals_register_metric_sources",
        "socialgoals_register_sinks",
        "socialgoals_resolve_secret",
    ]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_section_in_the_reference(hook: str) -> None:
    headings = re.findall(r"^## (\w+)\s*$", DOCS.read_text(), flags=re.MULTILINE)
    assert hook in headings, f"docs/plugins/hooks.md has no '## {hook}' section"


def test_the_reference_documents_no_hook_that_does_not_exist() -> None:
    headings = re.findall(r"^## (socialgoals_\w+)\s*$", DOCS.read_text(), flags=re.MULTILINE)
    assert sorted(headings) == HOOKS


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_typed_and_documented(hook: str) -> None:
    fn = getattr(hookspecs, hook)
    doc = inspect.getdoc(fn) or ""
    params = inspect.signature(fn).parameters
    assert ".. versionadded:: 0.1" in doc
    for name, param in params.items():
        assert f":param {name}:" in doc, f"{hook}: parameter {name!r} undocumented"
        assert param.annotation is not inspect.Parameter.empty
    assert inspect.signature(fn).return_annotation is not inspect.Signature.empty
    assert hasattr(fn, "socialgoals_spec")


def test_only_secret_resolution_is_firstresult() -> None:
    first = [h for h in HOOKS if getattr(hookspecs, h).socialgoals_spec["firstresult"]]
    assert first == ["socialgoals_resolve_secret"]
    assert not any(getattr(hookspecs, h).socialgoals_spec["historic"] for h in HOOKS)


# --------------------------------------------------------------------------- contract types


def test_source_capabilities_validate_everything_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        SourceCapabilities(
            platforms=["instagram"],  # type: ignore[arg-type]
            metrics=["Reach!"],  # type: ignore[arg-type]
            actions=["hide"],  # type: ignore[arg-type]
            incremental="yes",  # type: ignore[arg-type]
        )
    assert set(info.value.paths) == {"platforms", "metrics", "actions", "incremental"}


def test_capabilities_queries() -> None:
    caps = SourceCapabilities(metrics=frozenset({"reach"}), actions=frozenset({Action.HIDE}))
    assert caps.supports_metric("reach")
    assert not caps.supports_metric("likes")
    assert caps.supports_platform(Platform.X)  # none declared: any
    assert caps.supports_action(Action.HIDE)
    assert not caps.supports_action(Action.BAN)
    with pytest.raises(ValidationError):
        SinkCapabilities(accepts=frozenset(), max_batch=0)


@pytest.mark.parametrize("key", ["", "has space", "lea@example.com", "x" * 201, "é"])
def test_bad_idempotency_keys_are_refused(key: str) -> None:
    with pytest.raises(ValidationError, match="idempotency_key"):
        DeliveryItem(ItemKind.LEAD, key, {})


def test_delivery_result_invariants() -> None:
    with pytest.raises(ValidationError, match="permanent"):
        DeliveryResult("k", DeliveryStatus.PERSISTED, permanent=True)
    with pytest.raises(ValidationError, match="retry_after"):
        DeliveryResult.failed("k", "x", retry_after=-1)
    assert not DeliveryResult.unknown("k", "timeout").done


def test_queries_validate_windows() -> None:
    with pytest.raises(ValidationError, match="end"):
        MetricQuery(start=date(2026, 3, 2), end=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="since"):
        MessageQuery(since=datetime(2026, 3, 2))
    with pytest.raises(ValidationError, match="page_size"):
        MetricQuery(page_size=0)


def test_action_requests_need_text_or_reason() -> None:
    with pytest.raises(ValidationError, match="text"):
        ActionRequest(Action.REPLY, "m1")
    with pytest.raises(ValidationError, match="reason"):
        ActionRequest(Action.BAN, "m1")
    assert ActionRequest(Action.UNHIDE, "m1").reason == ""


def test_kpi_packs_refuse_duplicates_and_non_kpis() -> None:
    class FakeKPI:
        def __init__(self, id: str) -> None:  # noqa: A002 - mirrors KPI.id
            self.id = id

    with pytest.raises(ValidationError) as info:
        KPIPack("pack", "Pack", (FakeKPI("a"), FakeKPI("a"), object()))  # type: ignore[arg-type]
    assert set(info.value.paths) == {"kpis[1].id", "kpis[2]"}


def test_kpi_pack_holds_standard_kpis() -> None:
    from socialgoals.kpi import standard_catalogue  # noqa: PLC0415 - optional neighbour

    kpis = tuple(standard_catalogue())[:3]
    assert KPIPack("basics", "Basics", kpis).kpis == kpis


def test_notifications_must_be_aware_and_keyed() -> None:
    with pytest.raises(ValidationError) as info:
        Notification("bad key", "", "b", Severity.INFO, datetime(2026, 3, 2))
    assert set(info.value.paths) == {"key", "title", "created_at"}
    ok = Notification("k", "t", "b", Severity.INFO, datetime(2026, 3, 2, tzinfo=UTC))
    assert ok.topic == "general"


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 1)),
    span=st.integers(min_value=1, max_value=90),
    day=st.dates(min_value=date(2024, 12, 1), max_value=date(2027, 3, 1)),
)
def test_metric_query_window_is_half_open(start: date, span: int, day: date) -> None:
    end = start + timedelta(days=span)
    q = MetricQuery(start=start, end=end)
    assert q.wants(day, "reach") == (start <= day < end)


# --------------------------------------------------------------------------- strategies


@given(item=st.from_type(DeliveryItem), result=st.from_type(DeliveryResult))
def test_registered_strategies_build_valid_contract_objects(
    item: DeliveryItem, result: DeliveryResult
) -> None:
    # Rebuilding through the validating constructor proves validity by construction.
    assert DeliveryItem(item.kind, item.idempotency_key, item.payload, item.subject_key) == item
    assert not result.permanent or result.status is DeliveryStatus.NOT_PERSISTED


@given(caps=st.from_type(SourceCapabilities), query=st.from_type(MetricQuery))
def test_capability_and_query_strategies(caps: SourceCapabilities, query: MetricQuery) -> None:
    assert all(caps.supports_metric(m) for m in caps.metrics)
    assert query.start is None or query.end is None or query.start < query.end
