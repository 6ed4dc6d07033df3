"""Table imports of recommendations: the returned matrix and UN recommendations (the
columns and how cells are read; checks are selectors, writes are services)."""
