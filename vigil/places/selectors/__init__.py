"""Reads of the register: places, population counts, the register's own lists (authorities,
areas, kinds), the place timeline and the checks of table imports; scoped by the acting
membership."""
