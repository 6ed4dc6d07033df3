"""Writes to the register: places, population counts, the register's own lists and table
imports. Each runs in one transaction with its audit event."""
