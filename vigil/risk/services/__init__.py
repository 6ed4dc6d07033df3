"""Writes of risk, one module per area: configuration, mappings, scores, the visit plan.

Each service is keyword-only, checks the actor's capability, runs in one transaction and
appends its audit event there.
"""
