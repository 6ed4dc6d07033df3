"""Reads of recommendations, their follow-up, the dashboard and reminders, scoped by the
acting membership (or, for background work, by institution)."""
