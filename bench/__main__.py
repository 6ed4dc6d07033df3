"""`make bench`: builds a throw-away SQLite database and prints each benchmark's figures.

Each module `bench/bench_*.py` has a `run(report)` function. Figures are printed,
never asserted: timing belongs here, not in the test suite.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "var" / "bench.sqlite3"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings_test")
    os.environ["VIGIL_DATABASE_URL"] = os.environ.get("VIGIL_BENCH_DATABASE_URL", f"sqlite:///{DB}")
    for path in DB.parent.glob(DB.name + "*"):
        path.unlink()
    (DB.parent / "static").mkdir(parents=True, exist_ok=True)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def report(name: str, value: float, unit: str) -> None:
    sys.stdout.write(f"  {name:<58} {value:>12,.2f} {unit}\n")


def main() -> None:
    started = time.perf_counter()
    _setup()
    package = Path(__file__).parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(package)])):
        if module.startswith("bench_"):
            sys.stdout.write(f"{module[6:]}\n")
            importlib.import_module(f"bench.{module}").run(report)
    sys.stdout.write(f"(all benchmarks: {time.perf_counter() - started:.1f} s)\n")


if __name__ == "__main__":
    main()
