"""Documents of the people app: the medical report and the visit report section."""
