"""Forms of the visit cycle: visits, what the team records, the visit plan, checklists and
reports. Forms that offer records are ActorForms with scoped choices."""
