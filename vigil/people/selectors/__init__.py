"""Reads of the people app, one module per area; need to know starts in people/access.py."""
