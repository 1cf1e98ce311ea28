"""What an ingest did: per-file results and totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

#: File statuses.
LOADED = "loaded"
ALREADY_LOADED = "already_loaded"
REJECTED = "rejected"
UNMATCHED = "unmatched"


@dataclass
class FileResult:
    """The outcome for one file of a delivery.

    For a loaded file ``rows_read == rows_loaded + rows_quarantined``; ``rows_replaced``
    counts rows of earlier deliveries that this file's rows replaced.
    """

    file: str
    entity: str | None
    status: str
    sha256: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_replaced: int = 0
    #: rows of earlier deliveries that a ``full`` delivery of the entity removed
    rows_disappeared: int = 0
    message: str = ""
    notes: list[str] = field(default_factory=list)
    rule: str | None = None


@dataclass
class ProgressEvent:
    """A step of the ingest, for progress display (``step``: read, checked, loaded, done)."""

    step: str
    file: str
    entity: str | None = None
    rows: int = 0


@dataclass
class IngestReport:
    """Everything the ingest of one delivery did."""

    delivery_dir: Path
    db_path: Path
    delivery_id: str = ""
    extract_date: dt.date | None = None
    region_code: str | None = None
    files: list[FileResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    quarantine_by_rule: dict[tuple[str, str], int] = field(default_factory=dict)
    #: whose ids the delivery holds (region code, else source system)
    owner: str = ""
    #: rows per raw table before and after (entities and quarantine)
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    #: entity → quarantined rows of earlier deliveries that were re-checked and now load
    released: dict[str, int] = field(default_factory=dict)
    #: entity → rows of earlier deliveries quarantined because they refer to a row this full
    #: delivery removed
    orphaned: dict[str, int] = field(default_factory=dict)
    #: ``--recheck`` was asked for
    rechecked: bool = False
    #: everything was rolled back at the end (``--dry-run``)
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 when every matched file loaded (or was loaded before), 2 when one was rejected."""
        if self.errors or any(f.status == REJECTED for f in self.files):
            return 2
        return 0

    @property
    def totals(self) -> dict[str, int]:
        """Row counts summed over the files loaded by this run."""
        loaded = [f for f in self.files if f.status == LOADED]
        return {
            "files": len(self.files),
            "files_loaded": len(loaded),
            "files_already_loaded": sum(f.status == ALREADY_LOADED for f in self.files),
            "files_rejected": sum(f.status == REJECTED for f in self.files),
            "files_unmatched": sum(f.status == UNMATCHED for f in self.files),
            "rows_read": sum(f.rows_read for f in loaded),
            "rows_loaded": sum(f.rows_loaded for f in loaded),
            "rows_quarantined": sum(f.rows_quarantined for f in loaded),
            "rows_replaced": sum(f.rows_replaced for f in loaded),
        }

    def file(self, name: str) -> FileResult:
        """The result of the file called ``name``."""
        for f in self.files:
            if f.file == name:
                return f
        raise KeyError(name)
