"""What the register draws for its pages: the occupancy chart."""
