"""`make loadtest`: the real server under a realistic team, on loopback only (see __main__)."""
