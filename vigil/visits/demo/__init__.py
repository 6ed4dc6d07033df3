"""The visits demo: `content` (the fictional data), `outline`, `answers`, `records` and
`builder` (the code that plans and loads it)."""
