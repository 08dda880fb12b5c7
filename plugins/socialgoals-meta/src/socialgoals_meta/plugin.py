"""The hook implementations socialgoals finds through the ``socialgoals`` entry point.

>>> from socialgoals.plugins import collect_registry, get_plugin_manager
>>> registry = collect_registry(get_plugin_manager(environ={}))
>>> registry.metric_sources["meta"].__name__, registry.conversation_sources["meta"].__name__
('MetaInsightsSource', 'MetaConversationSource')
"""

from __future__ import annotations

from socialgoals.hookspecs import RegisterConversationSource, RegisterMetricSource, hookimpl
from socialgoals_meta.conversations import MetaConversationSource
from socialgoals_meta.insights import MetaInsightsSource

__all__ = [
    "socialgoals_register_metric_sources",
    "socialgoals_register_conversation_sources",
]


@hookimpl
def socialgoals_register_metric_sources(register: RegisterMetricSource) -> None:
    """Register :class:`MetaInsightsSource` (Facebook Page and Instagram insights)."""
    register(MetaInsightsSource)


@hookimpl
def socialgoals_register_conversation_sources(register: RegisterConversationSource) -> None:
    """Register :class:`MetaConversationSource` (comments and DMs, reply and hide)."""
    register(MetaConversationSource)
