"""`make loadtest`: gunicorn on PostgreSQL, a team of simulated staff (Locust, headless),
and what it measured: per-page p50/p95/p99, errors, and writes acknowledged against rows
found afterwards. Bounded (DURATION) and on loopback only.

    make loadtest                   # 50 users for 10 minutes, national-scale data
    make loadtest DURATION=60s      # a short run
    make loadtest SCALE=0.25        # on a quarter of the national data (builds faster)
    make loadtest-health            # /healthz p95 while 20 clients read the heaviest pages

gunicorn runs with the repository's gunicorn.conf.py (threaded workers), the settings
docs/operations.md gives for production.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "loadtest"
LOCUST = ROOT / "var" / "loadtest-venv" / "bin" / "locust"
CONFIG = ROOT / "gunicorn.conf.py"
# The health server of its own (docs/operations.md, section 8): as nginx routes /healthz.
HEALTH_OPTIONS = ("--workers", "1", "--threads", "2")
Server = subprocess.Popen[bytes]
# Locust's user classes per profile (loadtest/locustfile.py).
PROFILES = {"team": ["Staff"], "health": ["HeavyReader", "HealthProbe", "WebServerProbe"]}


def _ensure_database(url: str) -> bool:
    """Create the database if missing; True when it already held Vigil."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with closing(psycopg.connect(admin, autocommit=True)) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
            return False
    with closing(psycopg.connect(url)) as db:
        row = db.execute("SELECT to_regclass('django_migrations')").fetchone()
        return bool(row and row[0])


def _bench_environment(server_url: str, scale: float) -> dict[str, str]:
    """The environment of the bench database at `scale`, built once (bench/national.py):
    the load test runs on the same data as `make bench-national`."""
    os.environ["VIGIL_BENCH_DATABASE_URL"] = server_url
    from bench.national import _env as bench_env
    from bench.national import bench_databases, ensure_built

    database = bench_databases(scale)[1 if scale else 0]
    if not _ensure_database(database.url):
        database.stamp.unlink(missing_ok=True)
    ensure_built(database, rebuild=False)
    return {
        **bench_env(database),
        "VIGIL_MEDIA_ROOT": str(VAR / "media"),
        "VIGIL_MODE": "test",
    }


def _prepare(env: dict[str, str], *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "loadtest" / "prepare.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"preparing the load test failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _nicer() -> None:
    """The health server's `Nice=-5` of docs/operations.md, where this user may set it."""
    with suppress(PermissionError):
        os.nice(-5)


def _serve(
    env: dict[str, str], port: int, *options: str, log: str = "gunicorn", nicer: bool = False
) -> Server:
    output = (VAR / f"{log}.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "--bind", f"127.0.0.1:{port}",
         *options],
        env=env, cwd=ROOT, stdout=output, stderr=output, start_new_session=True,
        preexec_fn=_nicer if nicer else None,
    )  # fmt: skip
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGKILL)
    sys.exit(f"gunicorn did not start: see var/loadtest/{log}.log")


def _server_settings() -> str:
    """The worker settings gunicorn.conf.py gives on this machine (and its environment)."""
    namespace: dict[str, object] = {}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)  # noqa: S102 - our file
    return (
        f"gunicorn {namespace['worker_class']}, {namespace['workers']} workers × "
        f"{namespace['threads']} threads, {os.cpu_count()} cores"
    )


def _print(result: dict, before: dict, after: dict, users: int, duration: str) -> int:
    out = sys.stdout.write
    out(f"\nLoad test: {users} users for {duration}, {_server_settings()}\n")
    out(f"{'page':<28}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}\n")
    errors = 0
    for row in result["stats"]:
        errors += row["failures"]
        out(
            f"{row['name'][:27]:<28}{row['requests']:>10}{row['failures']:>8}"
            f"{row['p50']:>9.0f}{row['p95']:>9.0f}{row['p99']:>9.0f}\n"
        )
    out(f"\n{'writes':<28}{'acknowledged':>14}{'rows found':>12}{'lost':>6}\n")
    lost = 0
    for kind, acknowledged in result["acknowledged"].items():
        found = after[kind] - before[kind]
        lost += max(0, acknowledged - found)
        out(f"{kind:<28}{acknowledged:>14}{found:>12}{max(0, acknowledged - found):>6}\n")
    for refusal in result["refused"]:
        out(f"  refused: {refusal}\n")
    for row in result["stats"]:
        if row["name"].startswith("health ("):
            out(f"\n/healthz at the {row['name'][8:-1]}, beside the heavy pages: ")
            out(f"p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms")
            out(" (target: under 100 ms)\n" if "health server" in row["name"] else "\n")
    out(f"\nerrors: {errors}   lost writes: {lost}\n")
    return 1 if errors or lost else 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m loadtest")
    parser.add_argument("--duration", default="600s", help="Locust's run time, e.g. 60s, 10m.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="team",
        help="team: staff reading and writing; health: /healthz beside heavy readers.",
    )
    parser.add_argument(
        "--database",
        default="postgres://postgres@127.0.0.1:5432/vigil",
        help="A PostgreSQL server URL; the bench databases are made beside its database.",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="1: the national-scale bench database (make bench-national); 0: the demo only.",
    )
    args = parser.parse_args()
    if not LOCUST.exists():
        sys.exit("Locust is not installed: run `make loadtest`, which installs it.")
    VAR.mkdir(parents=True, exist_ok=True)
    env = _bench_environment(args.database, args.scale)
    plan = _prepare(env, str(args.users))
    (VAR / "plan.json").write_text(json.dumps(plan))
    before = _prepare(env, "counts")
    # The health profile's two probes are users beside the heavy readers.
    users = args.users + (2 if args.profile == "health" else 0)
    port, health_port = _free_port(), _free_port()
    server = _serve(env, port)
    health_env = {**env, "VIGIL_HEALTH_WEB_ADDRESS": f"127.0.0.1:{port}"}
    health = _serve(health_env, health_port, *HEALTH_OPTIONS, log="gunicorn-health", nicer=True)
    try:
        subprocess.run(
            [str(LOCUST), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
             *PROFILES[args.profile],
             "-u", str(users), "-r", str(max(1, args.users // 10)),
             "-t", args.duration, "--host", f"http://127.0.0.1:{port}",
             "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"],
            env={**os.environ, "LOADTEST_PLAN": str(VAR / "plan.json"),
                 "LOADTEST_RESULT": str(VAR / "result.json"),
                 "LOADTEST_HEALTH_URL": f"http://127.0.0.1:{health_port}/healthz"},
            cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    finally:
        for running in (server, health):
            os.killpg(running.pid, signal.SIGTERM)
            running.wait(timeout=60)
    result = json.loads((VAR / "result.json").read_text())
    after = _prepare(env, "counts")
    sys.exit(_print(result, before, after, args.users, args.duration))


if __name__ == "__main__":
    main()
