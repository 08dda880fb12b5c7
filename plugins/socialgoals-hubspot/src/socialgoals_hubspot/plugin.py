"""The hook implementation socialgoals finds through the ``socialgoals`` entry point.

>>> from socialgoals.plugins import collect_registry, get_plugin_manager
>>> collect_registry(get_plugin_manager(environ={})).sinks["hubspot"].__name__
'HubSpotLeadSink'
"""

from __future__ import annotations

from socialgoals.hookspecs import RegisterSink, hookimpl
from socialgoals_hubspot.sink import HubSpotLeadSink

__all__ = ["socialgoals_register_sinks"]


@hookimpl
def socialgoals_register_sinks(register: RegisterSink) -> None:
    """Register :class:`HubSpotLeadSink` under the name ``hubspot``."""
    register(HubSpotLeadSink)
