"""The demo register of places: `content` holds the fictional data, `builder` loads it."""
