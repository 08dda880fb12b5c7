"""Test kit for socialgoals users: hypothesis strategies, conformance kits, local fakes.

Nothing in the socialgoals library imports this package (plugins' own test
fakes build on :class:`LocalHTTPServer`); it imports hypothesis and pytest
lazily, only when a strategy or kit is asked for.
"""

from __future__ import annotations

from socialgoals.testing.server import JSONRequestHandler, LocalHTTPServer

__all__ = ["JSONRequestHandler", "LocalHTTPServer"]
