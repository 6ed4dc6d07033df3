"""Forms of the people app, one module per area, on ActorForm."""
