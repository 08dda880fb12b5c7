"""Test kit for socialgoals users: hypothesis strategies and plugin conformance kits.

Nothing in socialgoals imports this package; it imports hypothesis and pytest
lazily, only when a strategy or kit is asked for.
"""

from __future__ import annotations

__all__: list[str] = []
