"""The REST API (/api/v1/): personal access tokens, the schema and a resource per record
type, reading and writing through each app's selectors and services (ADR 0021)."""
