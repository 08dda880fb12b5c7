"""Plugin discovery, block/allow lists, error isolation, the registry and the listing."""

from __future__ import annotations

import importlib.metadata
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from socialgoals.community import Author, Classification, Intent, Message, MessageKind, Sentiment
from socialgoals.errors import PluginError, PluginHookError, PluginLoadError
from socialgoals.hookspecs import hookimpl
from socialgoals.model import Platform
from socialgoals.plugins import (
    ALLOW_ENV,
    BLOCK_ENV,
    BUNDLED_PLUGINS,
    call_each,
    classify_message,
    collect_registry,
    get_plugin_manager,
    list_plugins,
    notify,
    resolve_secret,
)
from socialgoals.protocols import KPIPack, Notification, Severity

MESSAGE = Message(
    id="m1",
    platform=Platform.INSTAGRAM,
    kind=MessageKind.COMMENT,
    thread_id="t1",
    author=Author(id="u1"),
    text="Quel est le prix ?",
    received_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
)


class Pricing:
    """A throwaway classifier plugin."""

    @hookimpl
    def socialgoals_classify_message(self, message: Message) -> Classification | None:
        if "prix" in message.text:
            return Classification("pricing", intent=Intent.SALES_LEAD, confidence=0.9)
        return None


class Moody:
    @hookimpl
    def socialgoals_classify_message(self, message: Message) -> Classification:
        return Classification("moody", sentiment=Sentiment.NEUTRAL)


class Broken:
    @hookimpl
    def socialgoals_classify_message(self, message: Message) -> Classification:
        raise RuntimeError("model file missing for lea@example.com")

    @hookimpl
    def socialgoals_notify(self, notification: Notification) -> None:
        raise ConnectionError("chat down")


class Wrong:
    @hookimpl
    def socialgoals_classify_message(self, message: Message) -> str:
        return "positive"


BUILTIN = ("socialgoals.adapters.builtin",)


@pytest.fixture
def pm() -> Any:
    # Only the file/sink plugin, so throwaway plugins are the only other answerers.
    return get_plugin_manager(environ={}, entry_points=False, bundled=BUILTIN)


def test_every_bundled_plugin_loads_cleanly() -> None:
    pm = get_plugin_manager(environ={}, entry_points=False)
    assert pm.load_errors == []
    assert {p.name for p in list_plugins(pm)} == set(BUNDLED_PLUGINS)
    assert all(p.origin == "bundled" for p in list_plugins(pm))


def test_bundled_plugin_is_registered_like_any_other(pm: Any) -> None:
    registry = collect_registry(pm)
    assert sorted(registry.metric_sources) == ["csv", "json"]
    assert sorted(registry.conversation_sources) == ["jsonl"]
    assert sorted(registry.sinks) == ["sqlite", "webhook"]
    assert registry.providers[("sink", "webhook")] == "socialgoals.adapters.builtin"
    assert registry.errors == ()
    assert pm.load_errors == []


def test_block_list_from_the_environment() -> None:
    pm = get_plugin_manager(
        environ={BLOCK_ENV: "socialgoals.adapters.builtin"}, entry_points=False, bundled=BUILTIN
    )
    assert collect_registry(pm).sinks == {}
    assert pm.is_blocked("socialgoals.adapters.builtin")
    (info,) = list_plugins(pm)
    assert (info.origin, info.skipped) == ("bundled", f"blocked by {BLOCK_ENV}")


def test_allow_list_from_the_environment() -> None:
    pm = get_plugin_manager(environ={ALLOW_ENV: "something-else"}, entry_points=False)
    assert all(p.skipped == f"not in {ALLOW_ENV}" for p in list_plugins(pm))
    assert collect_registry(pm).sinks == {}
    pm = get_plugin_manager(environ={ALLOW_ENV: ""}, entry_points=False)
    assert all(p.skipped for p in list_plugins(pm))
    pm = get_plugin_manager(
        environ={ALLOW_ENV: " socialgoals.adapters.builtin "}, entry_points=False
    )
    assert pm.is_registered(pm.get_plugin("socialgoals.adapters.builtin"))
    loaded = [p.name for p in list_plugins(pm) if not p.skipped]
    assert loaded == ["socialgoals.adapters.builtin"]


def test_several_classifiers_answer_and_a_raising_one_is_isolated(pm: Any) -> None:
    for name, plugin in (("pricing", Pricing()), ("broken", Broken()), ("moody", Moody())):
        pm.register(plugin, name=name)
    outcome = classify_message(pm, MESSAGE)
    assert sorted(c.classifier for c in outcome.values) == ["moody", "pricing"]
    (error,) = outcome.errors
    assert isinstance(error, PluginHookError)
    assert (error.plugin, error.hook) == ("broken", "socialgoals_classify_message")
    assert "lea@example.com" not in str(error)


def test_a_wrong_answer_type_is_reported(pm: Any) -> None:
    pm.register(Wrong(), name="wrong")
    outcome = classify_message(pm, MESSAGE)
    assert outcome.values == []
    assert "not Classification" in str(outcome.errors[0])


def test_notify_reaches_every_notifier_and_reports_failures(pm: Any) -> None:
    got: list[str] = []

    class Chat:
        @hookimpl
        def socialgoals_notify(self, notification: Notification) -> None:
            got.append(notification.key)

    pm.register(Broken(), name="broken")
    pm.register(Chat(), name="chat")
    note = Notification(
        "k1", "Spike", "12 negative comments", Severity.WARNING, datetime(2026, 3, 2, tzinfo=UTC)
    )
    errors = notify(pm, note)
    assert got == ["k1"]
    assert [e.plugin for e in errors] == ["broken"]


def test_resolve_secret_first_plugin_wins_then_environment(pm: Any) -> None:
    class Vault:
        @hookimpl
        def socialgoals_resolve_secret(self, name: str) -> str | None:
            return "from-vault" if name == "CRM_TOKEN" else None

    class Flaky:
        @hookimpl(tryfirst=True)
        def socialgoals_resolve_secret(self, name: str) -> str | None:
            raise OSError("vault unreachable")

    pm.register(Vault(), name="vault")
    pm.register(Flaky(), name="flaky")
    assert resolve_secret(pm, "CRM_TOKEN", environ={"CRM_TOKEN": "env"}) == "from-vault"
    assert resolve_secret(pm, "OTHER", environ={"OTHER": "env"}) == "env"
    assert resolve_secret(pm, "NONE", environ={}) is None


def test_registration_errors_and_duplicates_are_reported(pm: Any) -> None:
    class NotASink:
        name: ClassVar[str] = "webhook"

    class Dup:
        name: ClassVar[str] = "webhook"
        capabilities = None

        def deliver(self, items: Any) -> Any:
            return []

    class Registers:
        @hookimpl
        def socialgoals_register_sinks(self, register: Any) -> None:
            register(NotASink)
            register(Dup)
            register("nope")

        @hookimpl
        def socialgoals_register_kpi_packs(self, register: Any) -> None:
            register(KPIPack("empty", "Empty pack", ()))
            register({"id": "not-a-pack"})

    class Crashes:
        @hookimpl
        def socialgoals_register_metric_sources(self, register: Any) -> None:
            raise ImportError("needs pandas")

    pm.register(Registers(), name="registers")
    pm.register(Crashes(), name="crashes")
    registry = collect_registry(pm)
    messages = [str(e) for e in registry.errors]
    assert any("NotASink lacks capabilities, deliver" in m for m in messages)
    assert any("already registered by 'socialgoals.adapters.builtin'" in m for m in messages)
    assert any("is not a class" in m for m in messages)
    assert any("not a KPIPack" in m for m in messages)
    assert any(
        e.plugin == "crashes" and e.hook == "socialgoals_register_metric_sources"
        for e in registry.errors
    )
    assert sorted(registry.metric_sources) == ["csv", "json"]  # the others still work
    assert list(registry.kpi_packs) == ["empty"]
    with pytest.raises(PluginError, match="no sink named 'crm'"):
        registry.get("sink", "crm")


def test_list_plugins_says_what_each_provides(pm: Any) -> None:
    pm.register(Pricing(), name="pricing")
    infos = {i.name: i for i in list_plugins(pm)}
    builtin = infos["socialgoals.adapters.builtin"]
    assert builtin.origin == "bundled"
    assert builtin.distribution == "socialgoals"
    assert "sink: webhook" in builtin.provides
    assert "metric source: csv" in builtin.provides
    assert infos["pricing"].origin == "registered"
    assert infos["pricing"].hooks == ("socialgoals_classify_message",)


def test_a_bundled_plugin_that_fails_to_import_is_reported_not_fatal() -> None:
    pm = get_plugin_manager(
        environ={},
        entry_points=False,
        bundled=("socialgoals.adapters.builtin", "socialgoals.adapters.does_not_exist"),
    )
    (error,) = pm.load_errors
    assert isinstance(error, PluginLoadError)
    assert error.plugin == "socialgoals.adapters.does_not_exist"
    assert "webhook" in collect_registry(pm).sinks


def _entry_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sg_good_plugin.py").write_text(
        textwrap.dedent("""
        from socialgoals.hookspecs import hookimpl

        @hookimpl
        def socialgoals_notify(notification):
            pass
    """)
    )
    (tmp_path / "sg_import_error_plugin.py").write_text("import not_installed_dependency\n")
    (tmp_path / "sg_unknown_hook_plugin.py").write_text(
        textwrap.dedent("""
        from socialgoals.hookspecs import hookimpl

        @hookimpl
        def socialgoals_does_not_exist():
            pass
    """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    eps = importlib.metadata.EntryPoints(
        importlib.metadata.EntryPoint(name=name, value=module, group="socialgoals")
        for name, module in (
            ("good", "sg_good_plugin"),
            ("import-error", "sg_import_error_plugin"),
            ("unknown-hook", "sg_unknown_hook_plugin"),
        )
    )

    def fake(**kw: Any) -> Any:
        return eps.select(**kw)

    monkeypatch.setattr(importlib.metadata, "entry_points", fake)


def test_entry_points_load_and_failures_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _entry_points(tmp_path, monkeypatch)
    pm = get_plugin_manager(environ={}, bundled=BUILTIN)
    names = [p.name for p in list_plugins(pm)]
    assert names == ["good", "socialgoals.adapters.builtin"]
    assert list_plugins(pm)[0].origin == "entry point"
    failed = {e.plugin: str(e) for e in pm.load_errors}
    assert set(failed) == {"import-error", "unknown-hook"}
    assert "ModuleNotFoundError" in failed["import-error"]
    assert "socialgoals_does_not_exist" in failed["unknown-hook"]


def test_blocked_entry_point_is_not_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _entry_points(tmp_path, monkeypatch)
    pm = get_plugin_manager(environ={BLOCK_ENV: "import-error,unknown-hook"}, bundled=BUILTIN)
    assert pm.load_errors == []
    assert "sg_import_error_plugin" not in sys.modules
    listed = {p.name: p.skipped for p in list_plugins(pm)}
    assert listed == {
        "good": "",
        "import-error": f"blocked by {BLOCK_ENV}",
        "socialgoals.adapters.builtin": "",
        "unknown-hook": f"blocked by {BLOCK_ENV}",
    }


def test_call_each_skips_none_answers(pm: Any) -> None:
    pm.register(Pricing(), name="pricing")
    pm.register(Moody(), name="moody")
    outcome = call_each(pm, "socialgoals_classify_message", message=MESSAGE)
    assert [p for p, _ in outcome.results] == ["moody", "pricing"]  # last registered first
    quiet = attrs.evolve(MESSAGE, text="hello")
    outcome = call_each(pm, "socialgoals_classify_message", message=quiet)
    assert [p for p, _ in outcome.results] == ["moody"]
