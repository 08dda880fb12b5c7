"""The bundled plugin: registers socialgoals' own sources and sinks through the hooks.

Loaded by :func:`socialgoals.plugins.get_plugin_manager` by its dotted name,
exactly like an installed plugin (block it with
``SOCIALGOALS_BLOCK_PLUGINS=socialgoals.adapters.builtin``).
"""

from __future__ import annotations

from socialgoals.adapters.conversations import JSONLConversationSource
from socialgoals.adapters.files import CSVMetricSource, JSONMetricSource
from socialgoals.adapters.sqlite_sink import SQLiteSink
from socialgoals.adapters.webhook import WebhookSink
from socialgoals.hookspecs import (
    RegisterConversationSource,
    RegisterMetricSource,
    RegisterSink,
    hookimpl,
)

__all__ = [
    "socialgoals_register_metric_sources",
    "socialgoals_register_conversation_sources",
    "socialgoals_register_sinks",
]


@hookimpl
def socialgoals_register_metric_sources(register: RegisterMetricSource) -> None:
    """CSV and JSON/JSONL analytics exports."""
    register(CSVMetricSource)
    register(JSONMetricSource)


@hookimpl
def socialgoals_register_conversation_sources(register: RegisterConversationSource) -> None:
    """Messages from a JSON Lines file."""
    register(JSONLConversationSource)


@hookimpl
def socialgoals_register_sinks(register: RegisterSink) -> None:
    """The SQLite sink (default) and the webhook sink."""
    register(SQLiteSink)
    register(WebhookSink)
