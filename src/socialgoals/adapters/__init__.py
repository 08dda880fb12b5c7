"""Built-in adapters: file sources, the SQLite and webhook sinks, the bundled plugin.

They are registered through the plugin hooks by
:mod:`socialgoals.adapters.builtin`, the same way as third-party plugins.
"""

from __future__ import annotations

from socialgoals.adapters.conversations import JSONLConversationSource
from socialgoals.adapters.files import CSVMetricSource, JSONMetricSource, OnError
from socialgoals.adapters.importing import import_metrics
from socialgoals.adapters.mapping import PRESETS, ColumnMapping, parse_number, preset
from socialgoals.adapters.sqlite_sink import SQLiteSink
from socialgoals.adapters.webhook import WebhookSink, sign, verify_signature

__all__ = [
    "CSVMetricSource",
    "JSONMetricSource",
    "JSONLConversationSource",
    "OnError",
    "ColumnMapping",
    "PRESETS",
    "preset",
    "parse_number",
    "import_metrics",
    "SQLiteSink",
    "WebhookSink",
    "sign",
    "verify_signature",
]
