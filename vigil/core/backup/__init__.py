"""Backups: `vigil backup FILE` writes a consistent snapshot of the database (and any files
kept beside it) with a signed manifest; `vigil restore FILE` checks it and puts it back.

manifest.py   what a backup holds and its signature
database.py   the snapshot and the load, per database (SQLite, PostgreSQL)
census.py     tables, counts and digests read from a database, to compare two of them
archive.py    the file itself: a tar, optionally encrypted to age or SSH recipients
write.py      `backup_write`
restore.py    `backup_restore` and `backup_verify`
"""
