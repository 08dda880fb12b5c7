"""socialgoals.adapters (see docs/architecture.md)."""
