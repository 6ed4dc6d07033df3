"""Reads for the API: its tokens (`tokens`), and the record lists no page needed yet, each
through the access layer (`records`)."""
