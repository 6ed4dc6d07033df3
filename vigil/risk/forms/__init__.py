"""Forms of the risk pages, one module per area."""
