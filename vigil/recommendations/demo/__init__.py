"""The demo's recommendations: the fictional content, and the builder that loads it."""
