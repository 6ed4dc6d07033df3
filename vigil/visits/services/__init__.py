"""Writes of the visit cycle: visits and what the team records, the visit plan, and
checklists. Services are keyword-only and write in one transaction with their audit event."""
