"""Selection, positions, diffs and summaries: numbers and records, never text for people."""
