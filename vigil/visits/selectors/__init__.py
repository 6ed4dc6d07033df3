"""Reads of the visit cycle: visits and what was recorded on them, the visit plan, checklists
and the workflow's rules; scoped by the acting membership, or by institution for background
work."""
