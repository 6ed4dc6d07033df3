"""Pages of recommendations: the register, the matrix, the dashboard and reminders."""
