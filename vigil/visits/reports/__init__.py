"""Documents of the visits app: the visit report, one module per document part."""
