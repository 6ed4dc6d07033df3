"""Pages of the visit cycle: visits and what the team records, the visit plan, checklists
and the visit report."""
