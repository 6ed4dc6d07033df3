"""`make bench-national`: every page at demo scale and at national scale, side by side.

    python -m bench.national [--scale 1] [--rebuild] [--only NAME ...]

Builds (once) two databases, the demo and the demo plus a national institution's ten years
(bench/national_data.py, multiplied by `--scale`), then GETs every page with a sample object
in each (bench/pages.py) and prints per page: queries, HTML KB and time at each scale, and
the national/demo time ratio, worst first. SQLite by default (var/bench-*.sqlite3); on
PostgreSQL when VIGIL_BENCH_DATABASE_URL is a postgres:// URL (databases <name>_demo and
<name>_national_<scale>). A built database is kept with a stamp of the builder and the
migrations it was built with, so reruns do not rebuild it; `--rebuild` forces it.

Each build and each measurement runs in its own process, on its own database.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
VERSION = "1"


@dataclass(frozen=True)
class BenchDatabase:
    label: str  # "demo" or "national-0.25"
    scale: float  # 0: the demo alone
    url: str
    stamp: Path

    @property
    def checkpoints(self) -> Path:
        return self.stamp.with_suffix(".checkpoints.jsonl")


def _fingerprint(scale: float) -> str:
    """What the database was built from: the builder's code (not its layout or comments),
    the migrations, the scale."""
    digest = hashlib.sha256(f"{VERSION} {scale}".encode())
    for path in [Path(__file__).with_name("national_data.py")]:
        digest.update(ast.dump(ast.parse(path.read_text())).encode())
    for path in sorted(ROOT.glob("vigil/*/migrations/0*.py")):
        digest.update(path.name.encode())
    return digest.hexdigest()


def bench_databases(scale: float) -> list[BenchDatabase]:
    base = os.environ.get("VIGIL_BENCH_DATABASE_URL", "")
    tag = f"national-{scale:g}".replace(".", "_")
    out = []
    for label, factor in (("demo", 0.0), (tag, scale)):
        if base.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(base)
            name = f"{parts.path.lstrip('/') or 'vigil'}_bench_{label}".replace("-", "_")
            url = urlunsplit(parts._replace(path=f"/{name}"))
            stamp = VAR / f"bench-pg-{name}.stamp"
        else:
            url = f"sqlite:///{VAR / f'bench-{label}.sqlite3'}"
            stamp = VAR / f"bench-{label}.stamp"
        out.append(BenchDatabase(label, factor, url, stamp))
    return out


def _env(database: BenchDatabase) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VIGIL_TEST_DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="vigil.settings_test",
        VIGIL_DATABASE_URL=database.url,
        VIGIL_AUDIT_CHECKPOINT_FILE=str(database.checkpoints),
    )
    return env


def _child(database: BenchDatabase, *args: str) -> str:
    command = [sys.executable, "-m", "bench.national", *args]
    done = subprocess.run(  # noqa: S603  (this very module, with our own arguments)
        command, env=_env(database), cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True
    )
    return done.stdout


def _fresh(database: BenchDatabase) -> None:
    """An empty database at the URL (dropped and created again on PostgreSQL)."""
    database.stamp.unlink(missing_ok=True)
    database.checkpoints.unlink(missing_ok=True)
    if database.url.startswith("sqlite"):
        for path in VAR.glob(Path(urlsplit(database.url).path).name + "*"):
            path.unlink()
        return
    import psycopg

    parts = urlsplit(database.url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def ensure_built(database: BenchDatabase, *, rebuild: bool) -> None:
    fingerprint = _fingerprint(database.scale)
    if not rebuild and database.stamp.exists() and database.stamp.read_text() == fingerprint:
        sys.stderr.write(f"{database.label}: kept from an earlier run ({database.stamp.name})\n")
        return
    VAR.mkdir(exist_ok=True)
    _fresh(database)
    started = time.perf_counter()
    sys.stderr.write(f"{database.label}: building…\n")
    _child(database, "_build", "--scale", str(database.scale))
    database.stamp.write_text(fingerprint)
    sys.stderr.write(f"{database.label}: built in {time.perf_counter() - started:.0f} s\n")


def _measure(database: BenchDatabase, only: list[str]) -> dict[str, dict[str, Any]]:
    started = time.perf_counter()
    out = _child(database, "_measure", *(["--only", *only] if only else []))
    sys.stderr.write(f"{database.label}: pages measured in {time.perf_counter() - started:.0f} s\n")
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return {row["name"]: row for row in rows}


def _ratio(demo: dict[str, Any], national: dict[str, Any]) -> float:
    if demo.get("problem") or national.get("problem") or not demo["seconds"]:
        return float("inf") if national.get("problem") and not demo.get("problem") else 0.0
    return float(national["seconds"] / demo["seconds"])


def table(demo: dict[str, dict[str, Any]], national: dict[str, dict[str, Any]]) -> str:
    head = (
        f"{'page':<52} {'ratio':>7} {'demo ms':>9} {'nat. ms':>9} {'demo q':>7} {'nat. q':>7} "
        f"{'demo KB':>8} {'nat. KB':>8}  note"
    )
    lines = []
    for name in sorted(national, key=lambda n: -_ratio(demo.get(n, national[n]), national[n])):
        d, n = demo.get(name, {"seconds": 0, "queries": 0, "html_bytes": 0}), national[name]
        ratio = _ratio(d, n)
        note = n.get("problem") or d.get("problem") or ""
        if not note and n.get("as_role"):
            note = f"as {n['as_role']}"
        if note and not n.get("seconds"):
            lines.append(
                f"{name:<52} {'-':>7} {'':>9} {'':>9} {'':>7} {'':>7} {'':>8} {'':>8}  {note}"
            )
            continue
        shown = "-" if ratio in (0.0, float("inf")) else f"x{ratio:.1f}"
        lines.append(
            f"{name:<52} {shown:>7} {d['seconds'] * 1000:>9.0f} {n['seconds'] * 1000:>9.0f} "
            f"{d['queries']:>7} {n['queries']:>7} {d['html_bytes'] / 1024:>8.1f} "
            f"{n['html_bytes'] / 1024:>8.1f}  {note}"
        )
    return "\n".join([head, *lines])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.national")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national (issue 14)")
    parser.add_argument("--rebuild", action="store_true", help="build even if kept")
    parser.add_argument("--only", nargs="*", default=[], help="URL names to measure")
    args = parser.parse_args(argv)
    demo, national = bench_databases(args.scale)
    started = time.perf_counter()
    for database in (demo, national):
        ensure_built(database, rebuild=args.rebuild)
    engine = "PostgreSQL" if national.url.startswith("postgres") else "SQLite"
    demo_pages, national_pages = _measure(demo, args.only), _measure(national, args.only)
    sys.stdout.write(f"Pages at demo scale and at scale {args.scale:g} of national, on {engine}\n")
    sys.stdout.write(table(demo_pages, national_pages) + "\n")
    sys.stdout.write(f"(bench-national: {time.perf_counter() - started:.0f} s)\n")


# --- the child processes: one database each ------------------------------------------------


def _django() -> None:
    import django
    from django.core.management import call_command

    (VAR / "static").mkdir(parents=True, exist_ok=True)
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def _build_child(scale: float) -> None:
    _django()
    from bench.national_data import national_build
    from vigil.core.demo.builder import demo_load

    if scale == 0:
        demo_load()
        return
    started = time.perf_counter()

    def say(step: str) -> None:
        sys.stderr.write(f"  {time.perf_counter() - started:6.0f} s  {step}\n")

    national_build(scale=scale, progress=say)


def _measure_child(only: list[str]) -> None:
    _django()
    from bench.pages import measure_pages

    for figures in measure_pages(only=set(only) or None):
        sys.stdout.write(json.dumps(figures.as_dict()) + "\n")
        sys.stdout.flush()


def child(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["_build", "_measure"])
    parser.add_argument("--scale", type=float, default=0.0)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args(argv)
    if args.step == "_build":
        _build_child(args.scale)
    else:
        _measure_child(args.only)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        child(sys.argv[1:])
    else:
        main()
