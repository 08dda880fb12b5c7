"""socialgoals.reporting (see docs/architecture.md)."""
