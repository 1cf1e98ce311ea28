"""Ingest one delivery folder into the warehouse, in one transaction.

Steps: list files and hash them → skip files already loaded (same SHA-256 in
``raw.ingest_log``) → extract date (manifest, else the latest event date) → per entity in
load order (``ingest.entity``), each file read as text in chunks (file rules: unreadable,
encoding, missing required column, identity numbers → the file is rejected), each chunk
normalised, typed and checked (row rules, pandera contract gate, references) and inserted
into ``raw.<entity>`` or quarantined; then duplicate keys over the whole entity and
replacement of earlier deliveries' rows → ingest log and delivery row → commit. Any failure
rolls the whole delivery back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl

from contracts import ENTITIES, get_entity
from ingest import discover, load
from ingest.entity import Delivery, EntityLoader, latest_event_date
from ingest.errors import DeliveryRejected, WarehouseError
from ingest.raw_tables import DELIVERIES_COLUMNS, ensure_raw_schema
from ingest.reader import DEFAULT_CHUNK_ROWS
from ingest.report import (
    ALREADY_LOADED,
    LOADED,
    REJECTED,
    UNMATCHED,
    FileResult,
    IngestReport,
    ProgressEvent,
)
from ingest.warehouse import connect, explain_io_error, owner_only_files
from ingest.writer import Writer

ProgressCallback = Callable[[ProgressEvent], None]


def _noop(_: ProgressEvent) -> None:
    return None


def _classify(files: list[discover.DeliveryFile], loaded_shas: set[str],
              results: dict[str, FileResult],
              progress: ProgressCallback) -> dict[str, list[discover.DeliveryFile]]:
    """Record unmatched and already-loaded files; group the rest by entity."""
    by_entity: dict[str, list[discover.DeliveryFile]] = defaultdict(list)
    for f in files:
        if f.entity is None:
            results[f.name] = FileResult(
                f.name, None, UNMATCHED, f.sha256,
                message="matches no entity of the contract and was skipped. Fix: name the file "
                        "after its entity, e.g. visits_2025Q3.csv")
            progress(ProgressEvent("done", f.name))
        elif f.sha256 and f.sha256 in loaded_shas:
            results[f.name] = FileResult(f.name, f.entity, ALREADY_LOADED, f.sha256,
                                         message="already loaded (same SHA-256); nothing changed")
            progress(ProgressEvent("done", f.name, f.entity))
        else:
            by_entity[f.entity].append(f)
    return by_entity


def _latest_event_date(by_entity: dict[str, list[discover.DeliveryFile]],
                       chunk_rows: int) -> dt.date | None:
    """Without a manifest: the latest event date over the files that will load (a pre-pass)."""
    latest: dt.date | None = None
    for name, files in by_entity.items():
        d = latest_event_date(get_entity(name), files, chunk_rows)
        if d is not None and (latest is None or d > latest):
            latest = d
    return latest


def _log_frame(report: IngestReport, now: dt.datetime) -> pl.DataFrame:
    rows = [
        {
            "delivery_id": report.delivery_id, "extract_date": report.extract_date,
            "source_file": f.file, "file_sha256": f.sha256, "entity": f.entity,
            "status": f.status, "rows_read": f.rows_read, "rows_loaded": f.rows_loaded,
            "rows_quarantined": f.rows_quarantined, "rows_replaced": f.rows_replaced,
            "message": f.message or "; ".join(f.notes) or None, "loaded_at": now,
        }
        for f in report.files if f.status in (LOADED, REJECTED)
    ]
    return pl.DataFrame(rows, schema={
        "delivery_id": pl.String, "extract_date": pl.Date, "source_file": pl.String,
        "file_sha256": pl.String, "entity": pl.String, "status": pl.String,
        "rows_read": pl.Int64, "rows_loaded": pl.Int64, "rows_quarantined": pl.Int64,
        "rows_replaced": pl.Int64, "message": pl.String, "loaded_at": pl.Datetime("us"),
    })


def _missing_required_warnings(con: duckdb.DuckDBPyConnection) -> list[str]:
    warnings = []
    for entity in ENTITIES:
        if entity.required:
            n = con.execute(f"SELECT count(*) FROM raw.{entity.name}").fetchall()[0][0]
            if n == 0:
                warnings.append(
                    f"{entity.name} ({entity.sv}) has never been loaded: "
                    f"{', '.join(entity.metrics)} will show no data")
    return warnings


def _run(con: duckdb.DuckDBPyConnection, report: IngestReport, delivery_dir: Path,
         progress: ProgressCallback, chunk_rows: int) -> None:
    manifest = discover.read_manifest(delivery_dir)
    files = discover.list_files(delivery_dir)
    report.delivery_id = discover.delivery_id(manifest, files)
    loaded_shas = {r[0] for r in con.execute(
        "SELECT DISTINCT file_sha256 FROM raw.ingest_log WHERE status = 'loaded'").fetchall()}
    results: dict[str, FileResult] = {}
    by_entity = _classify(files, loaded_shas, results, progress)
    report.extract_date = manifest.extract_date or (
        _latest_event_date(by_entity, chunk_rows) if by_entity else None)
    report.region_code = manifest.region_code
    if by_entity and report.extract_date is None:
        raise DeliveryRejected(
            "The delivery has no manifest.json with extract_date and no event dates to take "
            "it from. Fix: add manifest.json with \"extract_date\": \"YYYY-MM-DD\"")
    now = dt.datetime.now().replace(microsecond=0)
    with Writer() as writer:
        # without files to load there is no extract date, and no entity uses it
        delivery = Delivery(con, report.delivery_id, report.extract_date or dt.date.min, now,
                            chunk_rows, writer=writer)
        for entity in ENTITIES:  # in load order: an entity only refers to entities before it
            if entity.name not in by_entity:
                continue
            loader = EntityLoader(delivery, entity, by_entity[entity.name], results, progress)
            want_region = entity.name == "units" and report.region_code is None
            loader.load(want_region)
            if want_region:
                report.region_code = loader.region
    report.quarantine_by_rule = delivery.quarantine_by_rule
    report.files = [results[f.name] for f in files]
    load.insert_ingest_log(con, _log_frame(report, now))
    if any(f.status == LOADED for f in report.files):
        exists = con.execute("SELECT count(*) FROM raw.deliveries WHERE delivery_id = ?",
                             [report.delivery_id]).fetchall()[0][0]
        if exists == 0:
            load.insert_frame(con, "deliveries", pl.DataFrame([{
                "delivery_id": report.delivery_id, "region_code": report.region_code,
                "extract_date": report.extract_date, "source_system": manifest.source_system,
                "loaded_at": now,
            }], schema={"delivery_id": pl.String, "region_code": pl.String,
                        "extract_date": pl.Date, "source_system": pl.String,
                        "loaded_at": pl.Datetime("us")}), DELIVERIES_COLUMNS)
    report.warnings = _missing_required_warnings(con)


def ingest_delivery(delivery_dir: Path, db_path: Path,
                    progress: ProgressCallback | None = None,
                    chunk_rows: int = DEFAULT_CHUNK_ROWS) -> IngestReport:
    """Ingest the delivery in ``delivery_dir`` into the warehouse ``db_path``.

    The whole delivery is one transaction. File-level problems reject single files (exit
    code 2 in the report); delivery-level problems (no folder, bad manifest) load nothing.
    Files are read and checked ``chunk_rows`` rows at a time (memory is bounded by a chunk,
    whatever the size of the delivery). Raises ``WarehouseError`` when the warehouse cannot
    be opened or written.
    """
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be positive, not {chunk_rows}")
    started = time.perf_counter()
    delivery_dir, db_path = Path(delivery_dir), Path(db_path)
    report = IngestReport(delivery_dir=delivery_dir, db_path=db_path)
    if not delivery_dir.is_dir():
        report.errors.append(f"{delivery_dir}: no such delivery folder. Fix: give the folder "
                             "that holds the delivery's CSV/Parquet files")
        return report
    progress = progress or _noop
    with owner_only_files():
        _ingest(report, delivery_dir, db_path, progress, chunk_rows)
    report.seconds = time.perf_counter() - started
    return report


def _ingest(report: IngestReport, delivery_dir: Path, db_path: Path,
            progress: ProgressCallback, chunk_rows: int) -> None:
    con = connect(db_path)
    try:
        try:  # its own (idempotent) transaction: dbt always finds the sources
            ensure_raw_schema(con)
        except (duckdb.IOException, duckdb.OutOfMemoryException, duckdb.FatalException, OSError) as exc:
            raise WarehouseError(explain_io_error(db_path, exc)) from exc
        con.begin()
        try:
            _run(con, report, delivery_dir, progress, chunk_rows)
            con.commit()
        except DeliveryRejected as exc:
            con.rollback()
            report.errors.append(str(exc))
            report.files = []
        except (duckdb.IOException, duckdb.OutOfMemoryException, duckdb.FatalException, OSError) as exc:
            _safe_rollback(con)
            raise WarehouseError(explain_io_error(db_path, exc)) from exc
        except BaseException:
            _safe_rollback(con)
            raise
    finally:
        con.close()


def _safe_rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):
        con.rollback()
