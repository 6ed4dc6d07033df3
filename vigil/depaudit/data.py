"""Advisory data: the committed compact file, and the OSV sources it is built from.

The compact file is gzip-compressed JSON:

    {"format": "vigil-advisories/1",
     "source": {"name", "url", "revision", "date", "licence", "attribution"},
     "packages": {"<PEP 503 name>": [{"id", "aliases", "summary", "ranges", "versions"?}]}}

A source is an OSV dump: a JSON array of OSV records (as in the PyPA snapshot), one record, a zip
of record files (as osv.dev publishes per ecosystem), any of these gzip-compressed, a folder of
record files, or a compact file. It is a local path or an http(s)/file URL.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import urlopen

from vigil.depaudit.osv import Advisory, advisory_from, compact_records

FORMAT = "vigil-advisories/1"
MAX_SOURCE_BYTES = 512 * 1024 * 1024  # osv.dev's PyPI zip is far smaller; guards a bad URL
FETCH_TIMEOUT = 30.0
SOURCE_FIELDS = ("name", "url", "revision", "date", "licence", "attribution")


class DataError(Exception):
    """Advisory data that is missing, unreadable or not what the audit needs."""


@dataclass(frozen=True)
class AdvisoryData:
    source: dict[str, str]
    packages: dict[str, tuple[Advisory, ...]]
    origin: str  # the file or URL it was read from

    @property
    def date(self) -> datetime:
        return parse_date(self.source["date"])

    @property
    def advisory_count(self) -> int:
        return len({a.id for advisories in self.packages.values() for a in advisories})

    def for_package(self, name: str) -> tuple[Advisory, ...]:
        return self.packages.get(name, ())


def parse_date(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise DataError(f"the data's date {text!r} is not an ISO 8601 date") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def load_compact(document: Any, *, origin: str) -> AdvisoryData:
    """Validate a compact document; DataError unless it is complete enough to audit with."""
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise DataError(f"{origin}: not advisory data in the {FORMAT} format")
    source = document.get("source")
    if not isinstance(source, Mapping) or not all(
        isinstance(source.get(field), str) for field in SOURCE_FIELDS
    ):
        raise DataError(f"{origin}: the source lacks one of {', '.join(SOURCE_FIELDS)}")
    parse_date(source["date"])
    raw_packages = document.get("packages")
    # Data that names no advisory at all would let every package pass: refuse it.
    if not isinstance(raw_packages, Mapping) or not raw_packages:
        raise DataError(f"{origin}: holds no advisories")
    try:
        packages = {
            str(name): tuple(advisory_from(entry, context=f"{origin}: {name}") for entry in entries)
            for name, entries in raw_packages.items()
        }
    except (TypeError, ValueError) as error:
        raise DataError(str(error)) from error
    return AdvisoryData(
        source={field: str(source[field]) for field in SOURCE_FIELDS},
        packages=packages,
        origin=origin,
    )


def read_compact(path: Path) -> AdvisoryData:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(
            f"cannot read the advisory data {path}: {error.strerror or error}"
        ) from error
    return load_compact(_decode_json(raw, origin=str(path)), origin=str(path))


def write_compact(document: Mapping[str, Any], path: Path) -> int:
    """Write deterministically (sorted keys, no gzip timestamp), so a refresh diffs cleanly."""
    load_compact(document, origin=str(path))
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as stream:
        stream.write(text.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


PYPA_SOURCE = {
    "name": "Python Packaging Advisory Database",
    "url": "https://github.com/pypa/advisory-database",
    "licence": "CC-BY-4.0",
    "attribution": "Python Packaging Advisory Database (PyPA), CC-BY-4.0",
}


def build_compact(
    location: str,
    *,
    overrides: Mapping[str, str | None] | None = None,
    defaults: Mapping[str, str] = PYPA_SOURCE,
) -> dict[str, Any]:
    """A compact document from any source.

    Facts that OSV records do not carry (name, url, licence) come from `defaults`; the
    revision and date from the source when it states them; `overrides` win over both.
    """
    records, facts = read_source(location)
    if facts.get("format") == FORMAT:  # already compact: it states its own source
        document = dict(facts["document"])
        document["source"] = {**document["source"], **_given(overrides)}
        return document
    if not records:
        raise DataError(f"{location}: holds no OSV records")
    source = {
        "name": "",
        "url": "",
        "licence": "",
        "attribution": "",
        **defaults,
        "revision": facts.get("revision") or "",
        "date": facts.get("date") or _latest_modified(records, origin=location),
        **_given(overrides),
    }
    return {"format": FORMAT, "source": source, "packages": compact_records(records)}


def _given(overrides: Mapping[str, str | None] | None) -> dict[str, str]:
    return {key: value for key, value in (overrides or {}).items() if value is not None}


def _latest_modified(records: list[Mapping[str, Any]], *, origin: str) -> str:
    dates = [str(r["modified"]) for r in records if r.get("modified")]
    if not dates:
        raise DataError(f"{origin}: no date given and no record has a `modified` date")
    return max(dates, key=parse_date)


def read_source(location: str) -> tuple[list[Mapping[str, Any]], dict[str, Any]]:
    """OSV records and the facts (revision, date) a source states about itself.

    A folder may hold a SNAPSHOT file "<revision> <date>", as the shared snapshot does.
    """
    path = Path(location)
    if path.is_dir():
        return _read_folder(path)
    raw = _fetch(location)
    document = _decode_json_or_zip(raw, origin=location)
    if isinstance(document, Mapping) and document.get("format") == FORMAT:
        load_compact(document, origin=location)
        return [], {"format": FORMAT, "document": document}
    if isinstance(document, Mapping) and "id" in document:
        return [document], {}
    if isinstance(document, list) and all(isinstance(r, Mapping) for r in document):
        return document, {}
    raise DataError(f"{location}: neither OSV records nor advisory data")


def _read_folder(path: Path) -> tuple[list[Mapping[str, Any]], dict[str, Any]]:
    records: list[Mapping[str, Any]] = []
    for file in sorted(path.glob("*.json")):
        document = _decode_json(file.read_bytes(), origin=str(file))
        records.extend(document if isinstance(document, list) else [document])
    facts: dict[str, Any] = {}
    snapshot = path / "SNAPSHOT"
    if snapshot.is_file():
        revision, _, date = snapshot.read_text().strip().partition(" ")
        facts = {"revision": revision, "date": date.strip()}
    return records, facts


def _fetch(location: str) -> bytes:
    scheme = urlparse(location).scheme
    if scheme not in ("http", "https", "file"):
        try:
            return Path(location).read_bytes()
        except OSError as error:
            raise DataError(f"cannot read {location}: {error.strerror or error}") from error
    try:
        # The scheme is checked above: no ftp:, data: or custom openers.
        with urlopen(location, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            raw: bytes = response.read(MAX_SOURCE_BYTES + 1)
    except (OSError, ValueError) as error:
        raise DataError(f"cannot fetch {location}: {error}") from error
    if len(raw) > MAX_SOURCE_BYTES:
        raise DataError(f"{location}: larger than {MAX_SOURCE_BYTES} bytes")
    return raw


def _decode_json_or_zip(raw: bytes, *, origin: str) -> Any:
    if raw[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                return [
                    _decode_json(archive.read(name), origin=f"{origin}!{name}")
                    for name in sorted(archive.namelist())
                    if name.endswith(".json")
                ]
        except zipfile.BadZipFile as error:
            raise DataError(f"{origin}: a broken zip file ({error})") from error
    return _decode_json(raw, origin=origin)


def _decode_json(raw: bytes, *, origin: str) -> Any:
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        return json.loads(raw)
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as error:
        raise DataError(f"{origin}: not readable JSON ({error})") from error
