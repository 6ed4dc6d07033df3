"""Writes of prevention programmes, good practice and trainings (one module per area).

Each service is keyword-only, checks the actor's capability, runs in one transaction and
appends its audit event there.
"""
