"""Find the files of a delivery folder, match them to entities, read the manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from contracts import ENTITIES
from ingest.errors import DeliveryRejected
from ingest.pnr import has_identity_number

MANIFEST = "manifest.json"
_SEPARATORS = ("", "_", "-", ".", " ")
#: A manifest holds three or four short fields: anything larger is not a manifest.
MAX_MANIFEST_BYTES = 64 * 1024
#: Nesting depth of JSON a manifest may have (it needs 1).
MAX_MANIFEST_DEPTH = 8
SCOPES = ("incremental", "full")
#: What a manifest without ``scope`` means: never delete what a delivery does not hold.
DEFAULT_SCOPE = "incremental"
_MANIFEST_FIX = ('deliver {"region_code": "19", "extract_date": "2025-12-31", '
                 '"source_system": "...", "scope": "incremental"} or remove the file')


@dataclass(frozen=True)
class DeliveryFile:
    """One file of a delivery; ``entity`` is None when the name matches no entity."""

    path: Path
    entity: str | None
    sha256: str
    #: why the file is rejected before it is opened (not a regular file, outside the folder)
    problem: str = ""

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
    scope: str = DEFAULT_SCOPE
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


def _depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` in JSON text (outside strings), without parsing."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def read_manifest(delivery_dir: Path) -> Manifest:
    """Parse ``manifest.json`` if present (``DeliveryRejected`` when it is unusable).

    The parse is bounded: at most ``MAX_MANIFEST_BYTES`` bytes and ``MAX_MANIFEST_DEPTH``
    levels of nesting. Every text in it is checked for identity numbers (never echoed).
    """
    path = delivery_dir / MANIFEST
    if not path.exists() and not path.is_symlink():
        return Manifest()
    if not path.is_file() or path.is_symlink():
        raise DeliveryRejected(f"{MANIFEST}: not a regular file. Fix: {_MANIFEST_FIX}")
    try:
        size = path.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise DeliveryRejected(
                f"{MANIFEST}: too large ({size:,} bytes; a manifest has a few short fields, "
                f"at most {MAX_MANIFEST_BYTES:,} bytes). Fix: {_MANIFEST_FIX}")
        raw = path.read_bytes()[:MAX_MANIFEST_BYTES + 1]
        text = raw.decode("utf-8-sig")
        if _depth(text) > MAX_MANIFEST_DEPTH:
            raise DeliveryRejected(
                f"{MANIFEST}: nested too deeply (more than {MAX_MANIFEST_DEPTH} levels; a "
                f"manifest is one flat object). Fix: {_MANIFEST_FIX}")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise DeliveryRejected(
            f"{MANIFEST}: cannot be read as UTF-8 JSON ({type(exc).__name__}). Fix: "
            f"{_MANIFEST_FIX}") from exc
    if not isinstance(data, dict):
        raise DeliveryRejected(f"{MANIFEST}: must be a JSON object. Fix: {_MANIFEST_FIX}")
    texts = [str(k) for k in data] + [str(v) for v in data.values()]
    if has_identity_number(texts):
        raise DeliveryRejected(
            f"{MANIFEST}: a field looks like a Swedish personal identity number "
            "(personnummer/samordningsnummer); the delivery is not loaded. Fix: remove it from "
            "the manifest (the value is not shown here)")
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
    scope = str(data.get("scope") or DEFAULT_SCOPE).strip().lower()
    if scope not in SCOPES:
        raise DeliveryRejected(
            f"{MANIFEST}, field 'scope': must be \"full\" or \"incremental\". Fix: correct it "
            f"or leave it out (default: {DEFAULT_SCOPE})")
    return Manifest(region_code=region, extract_date=extract,
                    source_system=None if system is None else str(system).strip() or None,
                    scope=scope, sha256=hashlib.sha256(raw).hexdigest())


def _problem(path: Path, delivery_dir: Path) -> str:
    """Why ``path`` may not be opened (empty when it is a regular file inside the folder)."""
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(delivery_dir.resolve()):
                return ("is a symbolic link to a file outside the delivery folder and was not "
                        "read. Fix: copy the file itself into the delivery folder")
        mode = os.stat(path).st_mode
    except (OSError, RuntimeError):
        return ("cannot be opened (a broken link or no permission). Fix: deliver the file "
                "itself, readable")
    if not stat.S_ISREG(mode):
        return ("is not a regular file (a pipe, device or socket) and was not opened. Fix: "
                "deliver ordinary CSV or Parquet files")
    return ""


def _entries(delivery_dir: Path) -> list[Path]:
    try:
        return sorted(delivery_dir.iterdir())
    except OSError as exc:
        raise DeliveryRejected(
            f"{delivery_dir}: the delivery folder cannot be read ({exc.strerror or exc}). Fix: "
            "give the user who runs the ingest read access to the folder and its files"
        ) from exc


def list_files(delivery_dir: Path) -> list[DeliveryFile]:
    """Every entry of the delivery except the manifest, sorted by name.

    Names are checked for identity numbers first (the delivery is rejected, the name never
    shown). Pipes, devices and links that leave the folder are never opened: they carry a
    ``problem``.
    """
    entries = [p for p in _entries(delivery_dir) if p.name != MANIFEST]
    if has_identity_number([p.name for p in entries]):
        raise DeliveryRejected(
            "A file name in the delivery looks like a Swedish personal identity number "
            "(personnummer/samordningsnummer); the delivery is not loaded and the name is not "
            "shown. Fix: rename the file after its entity, e.g. patient_stories.csv")
    files = []
    for path in entries:
        if path.is_dir() and not path.is_symlink():
            files.append(DeliveryFile(path, None, ""))
            continue
        problem = _problem(path, delivery_dir)
        if problem:
            files.append(DeliveryFile(path, match_entity(path.name), "", problem))
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
