"""`python -m vigil.depaudit [check]` audits the lock; `... refresh SOURCE` rebuilds the data.

check   exits 0 only when every locked package was audited and none is affected; 1 when a
        package is affected or was not audited; 2 when the lock or the data cannot be read.
refresh writes the compact advisory file from an OSV dump (see vigil/depaudit/data.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from vigil.depaudit.check import audit, report
from vigil.depaudit.data import (
    AdvisoryData,
    DataError,
    build_compact,
    load_compact,
    read_compact,
    write_compact,
)
from vigil.depaudit.lock import read_lock

DEFAULT_LOCK = Path("requirements.lock")
DEFAULT_DATA = Path("security/advisories/pypa-advisories.json.gz")
NEWER_SOURCE_VARIABLE = "VIGIL_ADVISORIES_URL"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("check", "refresh", "-h", "--help"):
        argv = ["check", *argv]  # check is the default command
    args = _parser().parse_args(argv)
    if args.command == "refresh":
        return _refresh(args)
    return _check(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m vigil.depaudit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="audit the lock file (the default)")
    refresh = commands.add_parser("refresh", help="rebuild the compact advisory file")
    check.add_argument("--lock", type=Path, default=DEFAULT_LOCK)
    check.add_argument("--data", type=Path, default=DEFAULT_DATA)
    check.add_argument(
        "--newer",
        default=os.environ.get(NEWER_SOURCE_VARIABLE) or None,
        help=f"an OSV source (path or URL) used when it is newer than --data "
        f"(default: ${NEWER_SOURCE_VARIABLE})",
    )
    refresh.add_argument("source", help="an OSV dump: file, folder or http(s) URL")
    refresh.add_argument("--out", type=Path, default=DEFAULT_DATA)
    for fact in ("name", "url", "revision", "date", "licence", "attribution"):
        refresh.add_argument(f"--{fact}", help=f"the source's {fact}, when it does not say")
    return parser


def _check(args: argparse.Namespace) -> int:
    data, notes = _choose_data(args.data, args.newer)
    for note in notes:
        _say(note)
    if data is None:
        _say("FAIL: no advisory data could be read, so no package was audited.")
        return 2
    try:
        entries = read_lock(args.lock)
    except OSError as error:
        _say(f"FAIL: cannot read the lock file {args.lock}: {error.strerror or error}")
        return 2
    result = audit(entries, data)
    for line in report(result, data, lock_name=str(args.lock), now=datetime.now(UTC)):
        _say(line)
    return 0 if result.passed else 1


def _choose_data(committed_path: Path, newer: str | None) -> tuple[AdvisoryData | None, list[str]]:
    """The committed data, or the operator's source when it can be read and is newer."""
    notes: list[str] = []
    committed: AdvisoryData | None = None
    try:
        committed = read_compact(committed_path)
    except DataError as error:
        notes.append(f"Committed advisory data unusable: {error}")
    if not newer:
        return committed, notes
    try:
        candidate = load_compact(build_compact(newer, defaults=_described(newer)), origin=newer)
    except DataError as error:
        notes.append(f"Newer source not used: {error}")
        return committed, notes
    if committed is not None and candidate.date <= committed.date:
        notes.append(
            f"Newer source not used: {newer} is dated {candidate.date.date()}, "
            f"not after the committed data ({committed.date.date()})."
        )
        return committed, notes
    return candidate, notes


def _described(location: str) -> dict[str, str]:
    """What the report says of an operator's OSV dump, which need not be the PyPA database."""
    unknown = "as stated by the source"
    return {"name": "OSV data", "url": location, "licence": unknown, "attribution": unknown}


def _refresh(args: argparse.Namespace) -> int:
    facts = {
        fact: getattr(args, fact)
        for fact in ("name", "url", "revision", "date", "licence", "attribution")
    }
    try:
        document = build_compact(args.source, overrides=facts)
        size = write_compact(document, args.out)
    except DataError as error:
        _say(f"FAIL: {error}")
        return 2
    data = read_compact(args.out)
    _say(
        f"Wrote {args.out}: {size} bytes, {data.advisory_count} advisories on "
        f"{len(data.packages)} packages, dated {data.source['date']}."
    )
    _say("Update security/advisories/README.md with the new revision and date.")
    return 0


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


if __name__ == "__main__":
    sys.exit(main())
