"""socialgoals.community (see docs/architecture.md)."""
