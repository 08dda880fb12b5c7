"""socialgoals.kpi (see docs/architecture.md)."""
