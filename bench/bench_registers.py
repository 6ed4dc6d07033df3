"""Custody registers (issue 22): every check over a synthetic register of N rows (10 million
by default; `make bench REGISTER_ROWS=1000000`, or `make bench-registers`) over 500 places.

Prints Vigil's time (the stored, encrypted working copy: read, decrypt, DuckDB, counts saved)
next to the same SQL run directly in DuckDB on the same file, unencrypted, and next to a
straightforward pandas version of the checks (run in a child process, so that its memory is
its own). Peak memory is the process's maximum resident size after Vigil's run.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

Report = Callable[[str, float, str], None]
PLACES = 500

SYNTHETIC = """
COPY (
  WITH numbered AS (
    SELECT i, places.id AS place_id,
      TIMESTAMP '2025-01-01' + to_seconds((hash(i) % 31536000)::BIGINT) AS arrested_at
    FROM range({rows}) r(i) JOIN places ON places.idx = i % {places}
  )
  SELECT
    (i + 2)::INTEGER AS row_number,
    place_id::INTEGER AS place_id,
    date_trunc('month', arrested_at)::DATE AS month,
    (i // {places} + 1 + CASE WHEN hash(i * 3) % 1000 = 0 THEN 1 ELSE 0 END)::BIGINT
      AS entry_number,
    CASE WHEN hash(i * 5) % 500 = 0 THEN NULL
      ELSE 'P-' || (hash(i * 7) % ({rows} // 3 + 1))::VARCHAR END AS pseudonym,
    (14 + hash(i * 11) % 60)::SMALLINT AS age,
    CASE WHEN hash(i * 13) % 10 < 8 THEN 'm' ELSE 'f' END AS sex,
    arrested_at,
    arrested_at + INTERVAL 30 MINUTE AS arrived_at,
    CASE WHEN hash(i * 29) % 200 = 0 THEN NULL
      ELSE arrested_at + to_minutes((hash(i * 17) % 240)::BIGINT) END AS registered_at,
    hash(i * 31) % 2 = 0 AS lawyer_requested,
    CASE WHEN hash(i * 19) % 10 < 2 THEN NULL
      ELSE arrested_at + to_minutes((hash(i * 23) % 600)::BIGINT) END AS lawyer_informed_at,
    hash(i * 37) % 3 = 0 AS lawyer_present,
    CASE WHEN hash(i * 41) % 10 < 2 THEN NULL
      ELSE arrested_at + to_minutes((hash(i * 43) % 600)::BIGINT) END AS family_informed_at,
    CASE WHEN hash(i * 47) % 10 < 3 THEN NULL
      ELSE arrested_at + to_minutes((hash(i * 53) % 300)::BIGINT) END AS doctor_seen_at,
    CASE WHEN hash(i * 59) % 10 < 4 THEN NULL
      ELSE arrested_at + to_minutes((hash(i * 61) % 4000)::BIGINT) END AS judge_at,
    arrested_at + to_minutes((hash(i * 67) % 6000)::BIGINT) AS released_at,
    hour(arrested_at + to_minutes((hash(i * 67) % 6000)::BIGINT))::SMALLINT AS released_hour,
    CASE WHEN hash(i * 71) % 4 = 0 THEN 'transfer' ELSE 'release' END AS release_kind,
    NULL::VARCHAR AS destination,
    hash(i * 73) % 20 = 0 AS injuries,
    NULL::VARCHAR AS remarks
  FROM numbered
  ORDER BY place_id, month
) TO '{path}' (FORMAT parquet, COMPRESSION zstd)
"""

PANDAS = r"""
import resource, sys, time
import duckdb
import pandas as pd

path, limits = sys.argv[1], eval(sys.argv[2])
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
df = con.execute("SELECT * FROM read_parquet(?)", [path]).df()
started = time.perf_counter()
times = ["arrested_at", "registered_at", "released_at", "judge_at"]
end = df[times].max().max()
minutes = lambda a, b: (df[b] - df[a]).dt.total_seconds() / 60
df = df.sort_values(["pseudonym", "arrested_at", "row_number"])
df["previous_arrest"] = df.groupby("pseudonym", dropna=True)["arrested_at"].shift()
df = df.sort_values(["place_id", "entry_number", "row_number"])
df["previous_number"] = df.groupby("place_id")["entry_number"].shift()
df["next_number"] = df.groupby("place_id")["entry_number"].shift(-1)
arrested = df["arrested_at"].notna()
held_until = df["judge_at"].fillna(df["released_at"]).fillna(end)
f = pd.DataFrame({"place_id": df["place_id"], "month": df["month"]})
f["late_registration"] = minutes("arrested_at", "registered_at") > limits["registration_hours"] * 60
f["no_judge"] = arrested & ((held_until - df["arrested_at"]).dt.total_seconds() / 60 > limits["judge_hours"] * 60)
f["lawyer_late"] = arrested & (df["lawyer_informed_at"].isna() | (minutes("arrested_at", "lawyer_informed_at") > limits["notice_hours"] * 60))
f["family_late"] = arrested & (df["family_informed_at"].isna() | (minutes("arrested_at", "family_informed_at") > limits["notice_hours"] * 60))
f["no_doctor"] = df["doctor_seen_at"].isna()
f["minor"] = df["age"] < limits["adult_age"]
hour = df["released_hour"]
f["night_move"] = hour.notna() & ((hour >= limits["night_starts"]) | (hour < limits["night_ends"]))
f["repeat"] = df["previous_arrest"].notna() & ((df["arrested_at"] - df["previous_arrest"]).dt.total_seconds() / 60 <= limits["repeat_days"] * 1440)
f["injuries"] = df["injuries"].fillna(False).astype(bool)
f["numbering"] = (df["entry_number"] == df["previous_number"]) | (df["entry_number"] == df["next_number"]) | ((df["entry_number"] - df["previous_number"]) > 1)
f["blank"] = df["entry_number"].isna() | df["pseudonym"].isna() | df["arrested_at"].isna() | df["registered_at"].isna()
f["minor_hours"] = ((df["released_at"].fillna(end) - df["arrested_at"]).dt.total_seconds() / 3600).where(f["minor"])
result = f.groupby(["place_id", "month"]).agg(
    entries=("no_doctor", "size"), **{c: (c, "sum") for c in f.columns if c not in ("place_id", "month", "minor_hours")},
    minor_hours=("minor_hours", "sum"))
elapsed = time.perf_counter() - started
print(elapsed, len(result), int(result["no_judge"].sum()), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""  # noqa: E501 - a script, run as it is


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con.execute("SET enable_progress_bar = false")
    return con


def _rows() -> int:
    return int(os.environ.get("VIGIL_BENCH_REGISTER_ROWS", "10000000"))


def run(report: Report) -> None:
    # Imported here: run standalone, the module is loaded before Django is set up.
    from bench.bench_places import _actor, _add_places
    from vigil.core import filestore
    from vigil.places.models import Authority, Place
    from vigil.registers import checks, services
    from vigil.registers.models import CustodyRegister, RegisterMonth

    rows = _rows()
    actor = _actor("Register Bench")
    _add_places(actor, PLACES, 0)

    place_ids = list(
        Place.objects.for_institution(actor.institution_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    limits = dict(checks.DEFAULT_LIMITS)
    with tempfile.TemporaryDirectory(prefix="vigil-bench-register-") as folder:
        path = Path(folder) / "register.parquet"
        started = time.perf_counter()
        con = _quiet(duckdb.connect())
        con.execute("CREATE TABLE places (idx INTEGER, id INTEGER)")
        con.executemany("INSERT INTO places VALUES (?, ?)", list(enumerate(place_ids)))
        con.execute(SYNTHETIC.format(rows=rows, places=PLACES, path=path))
        con.close()
        report(
            f"synthetic register: {rows:,} rows over {PLACES} places, built",
            time.perf_counter() - started,
            "s",
        )
        report("  its Parquet file", path.stat().st_size / 2**20, "MiB")

        register = CustodyRegister.objects.create(
            institution=actor.institution,
            authority=Authority.objects.for_institution(actor.institution_id).get(),
            filename="synthetic.parquet",
            created_by=actor.user,
            row_count=rows,
        )
        fields = filestore.file_put(register, path.read_bytes(), folder="registers")
        register.save(update_fields=fields)
        del register

        # Vigil: the stored register read back, decrypted, checked, counts saved.
        started = time.perf_counter()
        register = CustodyRegister.objects.for_actor(actor).get()
        months = services.run_checks(register, limits)
        checked = time.perf_counter() - started
        services.register_checks_save(actor=actor, register=register, months=months, limits=limits)
        vigil = time.perf_counter() - started
        del register, months
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        found = RegisterMonth.objects.filter(no_judge__gt=0).count()

        # The same SQL, directly in DuckDB, on the plain file.
        started = time.perf_counter()
        con = _quiet(duckdb.connect())
        con.execute(f"CREATE VIEW register AS SELECT * FROM read_parquet('{path}')")  # noqa: S608
        plain = con.execute(checks.counts_sql(limits)).fetchall()
        direct = time.perf_counter() - started
        con.close()

        report("Vigil: every check (decrypt, DuckDB, counts saved)", vigil, "s")
        report("  of which reading, decrypting and DuckDB", checked, "s")
        report("  throughput", rows / vigil / 1e6, "M rows/s")
        report("plain DuckDB: the same SQL on the same file", direct, "s")
        report("  throughput", rows / direct / 1e6, "M rows/s")
        report("  Vigil's share of DuckDB's throughput", 100 * direct / vigil, "%")
        report(f"  place-months: Vigil {found:,} with a judge missed, DuckDB", len(plain), "rows")
        report("peak memory of the process after Vigil's run", peak, "MiB")

        if os.environ.get("VIGIL_BENCH_REGISTER_PANDAS", "1") == "1":
            child = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", PANDAS, str(path), repr(limits)],
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode:
                sys.stdout.write(f"  pandas failed: {child.stderr[-500:]}\n")
            else:
                elapsed, _groups, _no_judge, pandas_peak = (float(x) for x in child.stdout.split())
                report("pandas: the same checks (loading not counted)", elapsed, "s")
                report("  Vigil is faster than pandas by", elapsed / vigil, "x")
                report("  pandas peak memory", pandas_peak, "MiB")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=_rows())
    parser.add_argument("--no-pandas", action="store_true")
    options = parser.parse_args()
    os.environ["VIGIL_BENCH_REGISTER_ROWS"] = str(options.rows)
    if options.no_pandas:
        os.environ["VIGIL_BENCH_REGISTER_PANDAS"] = "0"
    from bench.__main__ import _setup, report

    _setup()
    run(report)
