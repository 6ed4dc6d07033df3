"""Forms of the recommendations pages, built on ActorForm where they offer records."""
