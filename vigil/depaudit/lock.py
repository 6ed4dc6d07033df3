"""The entries of a pip requirements lock, each either pinned (`name==version`) or not.

Every requirement line counts as a locked entry, whatever its form: one the audit cannot read
as a pin is reported as not audited, so that it can never be skipped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import Version

from vigil.depaudit.osv import normalise, parse_version

# Options that configure pip for the whole file and name no package.
GLOBAL_OPTIONS = (
    "--index-url",
    "-i",
    "--extra-index-url",
    "--no-index",
    "--find-links",
    "-f",
    "--trusted-host",
    "--pre",
    "--prefer-binary",
    "--require-hashes",
    "--only-binary",
    "--no-binary",
    "--use-feature",
)
COMMENT = re.compile(r"(^|\s)#.*$")


@dataclass(frozen=True)
class Locked:
    line: int  # where the entry starts, for the report
    text: str  # the requirement without its options
    name: str | None = None  # PEP 503 name, when pinned
    version: Version | None = None
    problem: str | None = None  # why it cannot be audited


def read_lock(path: Path) -> list[Locked]:
    return parse_lock(path.read_text(encoding="utf-8"))


def parse_lock(text: str) -> list[Locked]:
    return [
        entry
        for number, line in _logical_lines(text)
        if (entry := _entry(number, line)) is not None
    ]


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with comments removed and backslash continuations joined, as pip reads them."""
    lines: list[tuple[int, str]] = []
    start = 0
    parts: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = COMMENT.sub("", raw)
        if not parts:
            start = number
        if line.endswith("\\"):
            parts.append(line[:-1])
            continue
        parts.append(line)
        joined = " ".join(part.strip() for part in parts).strip()
        parts = []
        if joined:
            lines.append((start, joined))
    if parts and (joined := " ".join(part.strip() for part in parts).strip()):
        lines.append((start, joined))
    return lines


def _entry(number: int, line: str) -> Locked | None:
    if line.startswith("-"):
        option = re.split(r"[\s=]", line, maxsplit=1)[0]
        if option in GLOBAL_OPTIONS:
            return None
        return Locked(number, line, problem="not a pinned package (pip option)")
    requirement_text = re.split(r"\s+--?[a-z]", line, maxsplit=1)[0].strip()
    try:
        requirement = Requirement(requirement_text)
    except InvalidRequirement as error:
        return Locked(number, requirement_text, problem=f"not a valid requirement ({error})")
    specifiers = list(requirement.specifier)
    pinned = (
        requirement.url is None
        and len(specifiers) == 1
        and specifiers[0].operator in ("==", "===")
        and not specifiers[0].version.endswith(".*")
    )
    if not pinned:
        return Locked(number, requirement_text, problem="not pinned to one version with ==")
    version = parse_version(specifiers[0].version)
    if version is None:
        return Locked(number, requirement_text, problem="its version is not a PEP 440 version")
    return Locked(number, requirement_text, name=normalise(requirement.name), version=version)
