"""Reads of risk, one module per area: scores, priorities, configuration, mappings, gaps."""
