"""socialgoals.planning (see docs/architecture.md)."""
