"""Pages of the register: the list, map and exports, a place and its counts, and the
register's own lists."""
