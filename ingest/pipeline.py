"""Ingest one delivery folder into the warehouse, in one transaction.

Steps: list files and hash them → skip files already loaded (same SHA-256 in
``raw.ingest_log``) → read each file as text (file rules: unreadable, encoding, missing
required column, identity numbers → the file is rejected) → normalise and type each entity →
extract date (manifest, else the latest event date) → per entity in load order: row rules,
pandera contract gate, references → replace/insert into ``raw.<entity>``, quarantine the rest
→ ingest log and delivery row → commit. Any failure rolls the whole delivery back.
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

from contracts import ENTITIES, EntityContract, get_entity
from ingest import check, discover, load
from ingest.errors import DeliveryRejected, FileRejected, WarehouseError
from ingest.pnr import count_identity_numbers
from ingest.raw_tables import DELIVERIES_COLUMNS, ensure_raw_schema
from ingest.reader import RawFile, read_file
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

ProgressCallback = Callable[[ProgressEvent], None]


def _noop(_: ProgressEvent) -> None:
    return None


def _pnr_guard(raw: RawFile) -> None:
    counts = count_identity_numbers(raw.frame)
    if counts:
        column, n = max(counts.items(), key=lambda kv: kv[1])
        others = "" if len(counts) == 1 else f" (also in {', '.join(sorted(set(counts) - {column}))})"
        raise FileRejected(
            raw.name, column,
            f"{n} {'values look' if n > 1 else 'value looks'} like a Swedish personal identity "
            "number "
            f"(personnummer/samordningsnummer){others}; the file is not loaded",
            "the extract must be pseudonymised: remove or replace identity numbers, then "
            "deliver the file again", rule="identity_number")


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


def _read_entity(entity: EntityContract, files: list[discover.DeliveryFile],
                 results: dict[str, FileResult] | None,
                 progress: ProgressCallback) -> list[RawFile]:
    """Read an entity's files; rejected files are recorded (when ``results`` is given)."""
    raws = []
    for f in files:
        try:
            raw = read_file(f.path, entity)
            _pnr_guard(raw)
        except FileRejected as exc:
            if results is not None:
                results[f.name] = FileResult(f.name, f.entity, REJECTED, f.sha256,
                                             message=exc.message, rule=exc.rule)
                progress(ProgressEvent("done", f.name, f.entity))
            continue
        raw.frame = raw.frame.with_columns(pl.lit(f.name).alias("_source_file"))
        raws.append(raw)
        if results is None:
            continue
        result = FileResult(f.name, f.entity, LOADED, f.sha256, rows_read=raw.frame.height)
        if raw.empty_rows_skipped:
            result.notes.append(f"{raw.empty_rows_skipped} empty line(s) skipped")
        if raw.extra_columns:
            result.notes.append(f"extra columns kept in _extra: {', '.join(raw.extra_columns)}")
        if raw.missing_optional:
            result.notes.append(
                f"optional columns absent (loaded as empty): {', '.join(raw.missing_optional)}")
        results[f.name] = result
        progress(ProgressEvent("read", f.name, f.entity, raw.frame.height))
    return raws


def _typed(entity: EntityContract, raws: list[RawFile]) -> check.Typed:
    return check.type_entity(entity, check.concat_text([r.frame for r in raws]))


def _latest_event_date(by_entity: dict[str, list[discover.DeliveryFile]]) -> dt.date | None:
    """Without a manifest: the latest event date over the files that will load (a pre-pass)."""
    latest: dt.date | None = None
    for name, files in by_entity.items():
        entity = get_entity(name)
        if not entity.event_date_columns:
            continue
        raws = _read_entity(entity, files, None, _noop)
        if raws:
            d = _typed(entity, raws).latest_event_date()
            if d is not None and (latest is None or d > latest):
                latest = d
    return latest


def _region_from_units(t: check.Typed) -> str | None:
    regions = t.typed.get_column("region_code").drop_nulls().unique()
    return regions.item() if regions.len() == 1 else None


def _known_keys(con: duckdb.DuckDBPyConnection, entity: EntityContract) -> dict[str, pl.Series]:
    keys: dict[str, pl.Series] = {}
    for target in {c.fk for c in entity.columns if c.fk}:
        key = get_entity(target).key[0]
        keys[target] = con.sql(f'SELECT DISTINCT "{key}" FROM raw.{target}').pl().to_series()
    return keys


def _process_entity(con: duckdb.DuckDBPyConnection, t: check.Typed, delivery_id: str,
                    extract_date: dt.date, results: dict[str, FileResult],
                    report: IngestReport, now: dt.datetime,
                    held_back: dict[str, pl.Series]) -> None:
    entity = t.entity
    issues = check.row_issues(t, extract_date, _known_keys(con, entity), held_back)
    held = check.held_back_keys(t, issues)
    if held is not None:
        held_back[entity.name] = held
    superseded = check.superseded_issues(t, load.later_keys(con, entity, extract_date))
    if superseded.height:
        issues = pl.concat([issues, superseded])
    quarantine = check.quarantine_rows(t, issues).with_columns(
        pl.lit(delivery_id).alias("delivery_id"),
        pl.lit(extract_date, dtype=pl.Date).alias("extract_date"),
        pl.col("_source_file").alias("source_file"),
        pl.col("_row_number").alias("row_number"),
        pl.lit(entity.name).alias("entity"),
        pl.col("column").alias("column_name"),
        pl.lit(now, dtype=pl.Datetime("us")).alias("quarantined_at"),
    )
    load.insert_quarantine(con, quarantine)
    per_file = quarantine.group_by("source_file").agg(pl.col("row_number").n_unique())
    quarantined = dict(per_file.iter_rows())
    file_names = t.text.get_column("_source_file").unique().to_list()
    accepted = check.accepted_rows(t, issues, delivery_id, extract_date)
    t.text = t.text.clear()  # free the text before the insert (large entities)
    loaded = load.load_entity(con, entity, accepted, extract_date)
    del accepted
    for name in file_names:
        r = results[name]
        r.rows_loaded = loaded.inserted_by_file.get(name, 0)
        r.rows_quarantined = quarantined.get(name, 0)
        r.rows_replaced = loaded.replaced_by_file.get(name, 0)
    for (rule, n) in quarantine.group_by("rule").agg(pl.col("_row").n_unique()).iter_rows():
        report.quarantine_by_rule[(entity.name, rule)] = int(n)


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
         progress: ProgressCallback) -> None:
    manifest = discover.read_manifest(delivery_dir)
    files = discover.list_files(delivery_dir)
    report.delivery_id = discover.delivery_id(manifest, files)
    loaded_shas = {r[0] for r in con.execute(
        "SELECT DISTINCT file_sha256 FROM raw.ingest_log WHERE status = 'loaded'").fetchall()}
    results: dict[str, FileResult] = {}
    by_entity = _classify(files, loaded_shas, results, progress)
    report.extract_date = manifest.extract_date or (
        _latest_event_date(by_entity) if by_entity else None)
    report.region_code = manifest.region_code
    if by_entity and report.extract_date is None:
        raise DeliveryRejected(
            "The delivery has no manifest.json with extract_date and no event dates to take "
            "it from. Fix: add manifest.json with \"extract_date\": \"YYYY-MM-DD\"")
    now = dt.datetime.now().replace(microsecond=0)
    held_back: dict[str, pl.Series] = {}
    for entity in ENTITIES:  # one entity in memory at a time, in load order
        if entity.name not in by_entity:
            continue
        raws = _read_entity(entity, by_entity[entity.name], results, progress)
        if not raws:
            continue
        t = _typed(entity, raws)
        if entity.name == "units" and report.region_code is None:
            report.region_code = _region_from_units(t)
        assert report.extract_date is not None
        _process_entity(con, t, report.delivery_id, report.extract_date, results, report, now,
                        held_back)
        for raw in raws:
            progress(ProgressEvent("loaded", raw.name, entity.name, raw.frame.height))
        del t, raws
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
                    progress: ProgressCallback | None = None) -> IngestReport:
    """Ingest the delivery in ``delivery_dir`` into the warehouse ``db_path``.

    The whole delivery is one transaction. File-level problems reject single files (exit
    code 2 in the report); delivery-level problems (no folder, bad manifest) load nothing.
    Raises ``WarehouseError`` when the warehouse cannot be opened or written.
    """
    started = time.perf_counter()
    delivery_dir, db_path = Path(delivery_dir), Path(db_path)
    report = IngestReport(delivery_dir=delivery_dir, db_path=db_path)
    if not delivery_dir.is_dir():
        report.errors.append(f"{delivery_dir}: no such delivery folder. Fix: give the folder "
                             "that holds the delivery's CSV/Parquet files")
        return report
    progress = progress or _noop
    with owner_only_files():
        _ingest(report, delivery_dir, db_path, progress)
    report.seconds = time.perf_counter() - started
    return report


def _ingest(report: IngestReport, delivery_dir: Path, db_path: Path,
            progress: ProgressCallback) -> None:
    con = connect(db_path)
    try:
        try:  # its own (idempotent) transaction: dbt always finds the sources
            ensure_raw_schema(con)
        except (duckdb.IOException, duckdb.OutOfMemoryException, duckdb.FatalException, OSError) as exc:
            raise WarehouseError(explain_io_error(db_path, exc)) from exc
        con.begin()
        try:
            _run(con, report, delivery_dir, progress)
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
