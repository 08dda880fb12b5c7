"""socialgoals.tracking (see docs/architecture.md)."""
