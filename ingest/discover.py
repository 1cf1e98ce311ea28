"""Find the files of a delivery folder, match them to entities, read the manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from contracts import ENTITIES
from ingest.errors import DeliveryRejected

MANIFEST = "manifest.json"
_SEPARATORS = ("", "_", "-", ".", " ")


@dataclass(frozen=True)
class DeliveryFile:
    """One file of a delivery; ``entity`` is None when the name matches no entity."""

    path: Path
    entity: str | None
    sha256: str

    @property
    def name(self) -> str:
        """The file name (what reports and lineage show)."""
        return self.path.name


@dataclass(frozen=True)
class Manifest:
    """The optional ``manifest.json``."""

    region_code: str | None = None
    extract_date: dt.date | None = None
    source_system: str | None = None
    sha256: str = ""


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def match_entity(file_name: str) -> str | None:
    """The entity whose name starts the file name (longest match), e.g. ``visits-part2.csv``."""
    stem = file_name.lower()
    best: str | None = None
    for entity in ENTITIES:
        if stem.startswith(entity.name):
            rest = stem[len(entity.name):]
            if rest[:1] in _SEPARATORS and (best is None or len(entity.name) > len(best)):
                best = entity.name
    return best


def read_manifest(delivery_dir: Path) -> Manifest:
    """Parse ``manifest.json`` if present (``DeliveryRejected`` when it is unusable)."""
    path = delivery_dir / MANIFEST
    if not path.exists():
        return Manifest()
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DeliveryRejected(
            f"{MANIFEST}: cannot be read as UTF-8 JSON ({type(exc).__name__}). Fix: deliver "
            '{"region_code": "19", "extract_date": "2025-12-31", "source_system": "..."} '
            "or remove the file") from exc
    if not isinstance(data, dict):
        raise DeliveryRejected(f"{MANIFEST}: must be a JSON object. Fix: see the contract")
    extract: dt.date | None = None
    if data.get("extract_date") is not None:
        try:
            extract = dt.date.fromisoformat(str(data["extract_date"]))
        except ValueError as exc:
            raise DeliveryRejected(
                f"{MANIFEST}, field 'extract_date': not a date YYYY-MM-DD. Fix: correct it"
            ) from exc
    region = data.get("region_code")
    region = None if region is None else str(region).strip().zfill(2)
    system = data.get("source_system")
    return Manifest(region_code=region, extract_date=extract,
                    source_system=None if system is None else str(system),
                    sha256=hashlib.sha256(raw).hexdigest())


def list_files(delivery_dir: Path) -> list[DeliveryFile]:
    """Every file of the delivery except the manifest, sorted by name."""
    files = []
    for path in sorted(delivery_dir.iterdir()):
        if path.name == MANIFEST:
            continue
        if path.is_dir():
            files.append(DeliveryFile(path, None, ""))
            continue
        try:
            digest = file_sha256(path)
        except OSError:
            digest = ""  # unreadable: the reader rejects it with a message
        files.append(DeliveryFile(path, match_entity(path.name), digest))
    return files


def delivery_id(manifest: Manifest, files: list[DeliveryFile]) -> str:
    """A stable id of the delivery: hash of the manifest and the files' names and hashes."""
    digest = hashlib.sha256(manifest.sha256.encode())
    for f in sorted(files, key=lambda f: f.name):
        digest.update(f"{f.name}\0{f.sha256}\n".encode())
    return digest.hexdigest()[:16]
