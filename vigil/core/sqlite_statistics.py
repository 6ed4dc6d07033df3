"""SQLite connections that keep the query planner's statistics (issue 14).

Without statistics, SQLite's planner guesses that every index narrows a search equally. Once
a table has an index that follows a list's order, such as `(institution, issued_on)`, it then
prefers that index for *every* query of the institution ordered that way, and reads all of
the institution's rows to find one visit's three recommendations. With statistics it knows
that `institution` hardly narrows anything and a visit narrows to a few rows.

SQLite's advice is to run `PRAGMA optimize` as each connection closes: it analyses only the
tables this connection's queries used that were never analysed or have grown tenfold since,
and is otherwise a no-op. `analysis_limit` samples each index instead of reading all of it,
so an analysis takes milliseconds at national scale; a short busy timeout gives up, rather
than wait, while another connection writes (the next close tries again).

`vigil migrate` also analyses every table (sampled the same way), as new indexes have no
statistics yet; it takes under a second at national scale.

Django passes the database's OPTIONS to `sqlite3.connect`, so settings.py names this class as
the connection `factory`; no Django import here, as settings import it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

ANALYSIS_LIMIT = 400  # index entries sampled per index (SQLite's suggested range is 100-1000)


class StatisticsKeepingConnection(sqlite3.Connection):
    def close(self) -> None:
        if not self.in_transaction:
            try:
                self.execute("PRAGMA busy_timeout = 100")
                self.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                self.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # locked or read-only: the statistics wait for a later close
        super().close()


def analyse(cursor: Any) -> None:
    """Statistics for every table and index, each index sampled (`ANALYSIS_LIMIT`)."""
    cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
    cursor.execute("ANALYZE")
