"""Forms of the register's pages, built on ActorForm where they offer records."""
