"""The protection gaps as files (PDF and XLSX), one module per document part."""
