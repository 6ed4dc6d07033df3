"""Risk pages, one module per area."""
