"""The table imports of the prevention programmes app (registered in hooks.py)."""
