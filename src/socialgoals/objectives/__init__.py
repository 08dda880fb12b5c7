"""socialgoals.objectives (see docs/architecture.md)."""
