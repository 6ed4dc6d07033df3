"""The people app's fictional demo: content (data) and the builder that loads it."""
