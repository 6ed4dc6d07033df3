"""OSV advisories of PyPI packages: the compact form we keep, and which versions they affect.

Evaluation follows the OSV schema (https://ossf.github.io/osv-schema/): a version is affected
when it is listed in `versions`, or when an ECOSYSTEM range's events, sorted by version, leave
it between an `introduced` and the next `fixed` (excluded) or `last_affected` (included).
Versions are compared with PEP 440 (`packaging.version`), so 2.0rc1 comes before 2.0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from packaging.version import InvalidVersion, Version

EVENT_KINDS = ("introduced", "fixed", "last_affected")
SUMMARY_LENGTH = 200

Event = tuple[str, str]  # (kind, version), kind one of EVENT_KINDS


class Unevaluable(ValueError):
    """An advisory whose ranges cannot be compared with a version (not PEP 440)."""


def normalise(name: str) -> str:
    """The PEP 503 form of a project name: lower case, runs of -_. as one dash."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


@dataclass(frozen=True)
class Advisory:
    """What the audit needs of one OSV record about one package."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    ranges: tuple[tuple[Event, ...], ...]
    versions: tuple[str, ...]

    @property
    def evaluable(self) -> bool:
        """False when nothing in it can be compared with a version (e.g. only GIT ranges)."""
        return bool(self.ranges or self.versions)

    def affects(self, version: Version) -> bool:
        """Raises Unevaluable when a range bound is not a PEP 440 version."""
        if any(_same_version(listed, version) for listed in self.versions):
            return True
        return any(_in_range(version, events) for events in self.ranges)

    def fixed_in(self, version: Version) -> str | None:
        """The release that leaves every range holding `version`; None when one has no fix."""
        fixes: list[tuple[Version, str]] = []
        for events in self.ranges:
            if _in_range(version, events):
                fix = _next_fix(version, events)
                if fix is None:
                    return None
                fixes.append(fix)
        return max(fixes)[1] if fixes else None


def _same_version(listed: str, version: Version) -> bool:
    parsed = parse_version(listed)
    return parsed == version if parsed is not None else listed == str(version)


def _bound(kind: str, text: str) -> Version | None:
    """None stands for "0", the start of time, which only `introduced` may use."""
    if kind == "introduced" and text == "0":
        return None
    parsed = parse_version(text)
    if parsed is None:
        raise Unevaluable(f"{kind} {text!r} is not a PEP 440 version")
    return parsed


def _sorted_bounds(events: Sequence[Event]) -> list[tuple[Version | None, str, str]]:
    bounds = [(_bound(kind, text), kind, text) for kind, text in events]
    # Stable sort: "0" first, then by version; events at one version keep the data's order.
    bounds.sort(key=lambda bound: (bound[0] is not None, bound[0] or Version("0")))
    return bounds


def _in_range(version: Version, events: Sequence[Event]) -> bool:
    affected = False
    for bound, kind, _ in _sorted_bounds(events):
        # Past an `introduced` the version is affected; past a `fixed` or `last_affected`, not.
        reached = bound is None or (
            version > bound if kind == "last_affected" else version >= bound
        )
        if reached:
            affected = kind == "introduced"
    return affected


def _next_fix(version: Version, events: Sequence[Event]) -> tuple[Version, str] | None:
    """The `fixed` event that ends the stretch holding `version`; None after `last_affected`."""
    for bound, kind, text in _sorted_bounds(events):
        if bound is not None and kind != "introduced" and bound >= version:
            return (bound, text) if kind == "fixed" else None
    return None


def summarise(record: Mapping[str, Any]) -> str:
    """The record's summary, or else the start of its details (PYSEC records have no summary)."""
    text = " ".join(str(record.get("summary") or record.get("details") or "").split())
    if len(text) > SUMMARY_LENGTH:
        text = text[: SUMMARY_LENGTH - 1].rstrip() + "…"
    return text


def compact_records(records: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Advisories by normalised package name, in the compact JSON form; withdrawn ones dropped.

    Only PyPI packages and ECOSYSTEM ranges are kept (GIT ranges name commits, not releases).
    A listed version that the ranges already cover is dropped: the result is the same.
    """
    packages: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record.get("withdrawn"):
            continue
        for affected in record.get("affected") or ():
            package = affected.get("package") or {}
            if package.get("ecosystem") != "PyPI" or not package.get("name"):
                continue
            entry = _compact_entry(record, affected)
            packages.setdefault(normalise(package["name"]), []).append(entry)
    for entries in packages.values():
        entries.sort(key=lambda entry: entry["id"])
    return dict(sorted(packages.items()))


def _compact_entry(record: Mapping[str, Any], affected: Mapping[str, Any]) -> dict[str, Any]:
    ranges = [
        [
            {kind: str(event[kind])}
            for event in range_["events"]
            for kind in EVENT_KINDS
            if kind in event
        ]
        for range_ in affected.get("ranges") or ()
        if range_.get("type") == "ECOSYSTEM"
    ]
    advisory = advisory_from(
        {"id": record["id"], "ranges": ranges, "versions": []}, context=str(record["id"])
    )
    versions = [str(v) for v in affected.get("versions") or () if not _covered(advisory, str(v))]
    entry: dict[str, Any] = {
        "id": str(record["id"]),
        "aliases": sorted(str(alias) for alias in record.get("aliases") or ()),
        "summary": summarise(record),
        "ranges": ranges,
    }
    if versions:
        entry["versions"] = versions
    return entry


def _covered(advisory: Advisory, listed: str) -> bool:
    version = parse_version(listed)
    if version is None:
        return False
    try:
        return advisory.affects(version)
    except Unevaluable:
        return False


def advisory_from(entry: Mapping[str, Any], *, context: str) -> Advisory:
    """An Advisory from one compact entry; ValueError (with `context`) when it is malformed."""
    try:
        ranges = tuple(
            tuple(_event(event) for event in events) for events in entry.get("ranges") or ()
        )
        return Advisory(
            id=_text(entry["id"]),
            aliases=tuple(_text(alias) for alias in entry.get("aliases") or ()),
            summary=str(entry.get("summary") or ""),
            ranges=ranges,
            versions=tuple(_text(version) for version in entry.get("versions") or ()),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ValueError(f"{context}: malformed advisory ({error})") from error


def _event(event: Mapping[str, Any]) -> Event:
    (kind, version), *rest = event.items()
    if rest or kind not in EVENT_KINDS:
        raise ValueError(f"unknown range event {dict(event)!r}")
    return kind, _text(version)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value
