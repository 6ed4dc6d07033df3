"""Reads of recommendations, the matrix, the UN import's matching, the dashboard and
reminders: scoped by the acting membership, or by institution for background work."""
