"""Documents of the prevention programmes app: the programme report, the Good Practice Report
and the attendance certificates of trainings, one module per document or part."""
