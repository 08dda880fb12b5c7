"""socialgoals.store (see docs/architecture.md)."""
