"""Writes of recommendations and their follow-up, of the matrix and UN imports, and of
reminders. Services are keyword-only and write in one transaction; those acting for a person
check its capability and record their audit event in that transaction."""
