"""Writes of recommendations and their follow-up: each service is keyword-only, checks the
actor's capability, runs in one transaction and records its audit event there."""
