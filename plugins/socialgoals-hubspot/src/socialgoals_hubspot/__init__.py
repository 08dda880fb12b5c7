"""socialgoals-hubspot."""
