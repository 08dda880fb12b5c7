"""socialgoals.attribution (see docs/architecture.md)."""
