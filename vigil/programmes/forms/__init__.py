"""Forms of the prevention programmes app, one module per area; they never query the database."""
