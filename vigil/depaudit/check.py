"""Audit locked entries against advisory data, and say plainly what was and was not audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from vigil.depaudit.data import AdvisoryData
from vigil.depaudit.lock import Locked
from vigil.depaudit.osv import Advisory, Unevaluable


@dataclass(frozen=True)
class Finding:
    entry: Locked
    advisory: Advisory
    fixed_in: str | None


@dataclass
class Result:
    locked: int = 0
    audited: int = 0
    findings: list[Finding] = field(default_factory=list)
    not_audited: list[tuple[Locked, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        # An empty lock audits nothing: that is no evidence of safety either.
        return self.locked > 0 and self.audited == self.locked and not self.findings


def audit(entries: Sequence[Locked], data: AdvisoryData) -> Result:
    result = Result(locked=len(entries))
    for entry in entries:
        if entry.name is None or entry.version is None:
            result.not_audited.append((entry, entry.problem or "not pinned"))
            continue
        try:
            findings = _findings(entry, data.for_package(entry.name))
        except Unevaluable as error:
            result.not_audited.append((entry, str(error)))
            continue
        result.audited += 1
        result.findings.extend(findings)
    return result


def _findings(entry: Locked, advisories: Sequence[Advisory]) -> list[Finding]:
    """Raises Unevaluable when one advisory cannot be judged: the entry is then not audited."""
    assert entry.version is not None
    findings: list[Finding] = []
    seen: set[str] = set()
    for advisory in advisories:
        if not advisory.evaluable:
            raise Unevaluable(f"{advisory.id} names no release range or version")
        # One vulnerability can come as two records (PYSEC and GHSA) that alias each other.
        if advisory.affects(entry.version) and not ({advisory.id, *advisory.aliases} & seen):
            seen |= {advisory.id, *advisory.aliases}
            findings.append(Finding(entry, advisory, advisory.fixed_in(entry.version)))
    return findings


def report(result: Result, data: AdvisoryData, *, lock_name: str, now: datetime) -> list[str]:
    source = data.source
    day = data.date.date().isoformat()
    age = (now - data.date).days
    revision = f", revision {source['revision'][:12]}" if source["revision"] else ""
    lines = [
        f"Dependency audit of {lock_name}",
        f"  advisory data:    {source['name']}{revision}, dated {day} ({age} days old)",
        f"                    {data.advisory_count} advisories on {len(data.packages)} packages,"
        f" read from {data.origin} ({source['licence']})",
        f"  packages locked:  {result.locked}",
        f"  packages audited: {result.audited}",
        f"  affected:         {len(result.findings)}",
    ]
    for finding in result.findings:
        lines.append(_finding_line(finding))
    for entry, why in result.not_audited:
        lines.append(f"  NOT AUDITED line {entry.line}: {entry.text}: {why}")
    lines.append(_verdict(result, day))
    return lines


def _finding_line(finding: Finding) -> str:
    advisory, entry = finding.advisory, finding.entry
    aliases = f" ({', '.join(advisory.aliases)})" if advisory.aliases else ""
    fix = f"fixed in {finding.fixed_in}" if finding.fixed_in else "no fixed version known"
    return (
        f"  AFFECTED {entry.name} {entry.version}: {advisory.id}{aliases}; {fix}\n"
        f"           {advisory.summary}"
    )


def _verdict(result: Result, day: str) -> str:
    if result.locked == 0:
        return "FAIL: the lock file holds no package, so nothing was audited."
    problems = []
    if result.audited < result.locked:
        problems.append(f"only {result.audited} of {result.locked} packages audited")
    if result.findings:
        problems.append(f"{len(result.findings)} locked version(s) affected")
    if problems:
        return "FAIL: " + "; ".join(problems) + "."
    return (
        f"PASS: all {result.audited} locked packages audited; none is affected by an advisory "
        f"known on {day}. Releases after that day are judged only by what was known then."
    )
