"""Writes of people, interviews, cases, examinations, evidence and reprisals.

Each service is keyword-only, runs in one transaction and appends its audit event there.
Audit details never hold a name, a number or any encrypted text: only codes and choices.
"""
