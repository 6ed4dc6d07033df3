"""Table imports of the register: places and population counts (their columns; checks are
selectors and writes are services)."""
