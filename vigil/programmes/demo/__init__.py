"""The demo's prevention programmes: `content` (the fictional data) and `builder` (loads it)."""
