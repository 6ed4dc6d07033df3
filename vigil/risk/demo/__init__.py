"""The risk app's demo: its content (data) and the builder that loads it."""
