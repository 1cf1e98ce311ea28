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
import csv
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from contracts import ENTITIES, get_entity
from ingest import discover, load, orphans, recheck
from ingest.entity import Delivery, EntityLoader, latest_event_date
from ingest.errors import (
    DeliveryRejected,
    FileRejected,
    WarehouseError,
    guard,
    redact,
    shorten,
)
from ingest.raw_tables import DELIVERIES_COLUMNS, ensure_raw_schema
from ingest.reader import DEFAULT_CHUNK_ROWS, open_file
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
#: Default: an extract date more than this many days after the latest event is rejected.
DEFAULT_MAX_EXTRACT_LAG_DAYS = 180


def _noop(_: ProgressEvent) -> None:
    return None


def _already_loaded(con: duckdb.DuckDBPyConnection, delivery_id: str, owner: str,
                    extract_date: dt.date | None, scope: str) -> set[str]:
    """SHA-256 of files that a new load would not change.

    A file is already loaded when the same bytes were loaded by this very delivery, or (not
    for a ``full`` delivery, which always reads its files) by a delivery of the same
    region/source system with the same extract date of which no row of that file is in
    quarantine. Otherwise it is read again ("already loaded" never hides rows that would now
    load) and its rows replace the earlier ones.
    """
    if scope == "full":
        return {r[0] for r in con.execute(
            "SELECT DISTINCT file_sha256 FROM raw.ingest_log WHERE status = 'loaded' "
            "AND delivery_id = ?", [delivery_id]).fetchall()}
    rows = con.execute(
        "SELECT DISTINCT l.file_sha256 FROM raw.ingest_log l JOIN raw.deliveries d "
        "ON l.delivery_id = d.delivery_id WHERE l.status = 'loaded' AND (l.delivery_id = $id "
        "OR (d.owner IS NOT DISTINCT FROM $owner AND d.extract_date IS NOT DISTINCT FROM $date "
        "AND NOT EXISTS (SELECT 1 FROM raw.quarantine q WHERE q.delivery_id = l.delivery_id "
        "AND q.source_file = l.source_file)))",
        {"id": delivery_id, "owner": owner, "date": extract_date}).fetchall()
    return {r[0] for r in rows}


def _classify(files: list[discover.DeliveryFile], loaded_shas: set[str],
              results: dict[str, FileResult],
              progress: ProgressCallback) -> dict[str, list[discover.DeliveryFile]]:
    """Record unmatched, unopenable and already-loaded files; group the rest by entity."""
    by_entity: dict[str, list[discover.DeliveryFile]] = defaultdict(list)
    for f in files:
        if f.problem:
            results[f.name] = FileResult(f.name, f.entity, REJECTED, "",
                                         message=f"{shorten(f.name)}: {f.problem}",
                                         rule="not_a_file")
            progress(ProgressEvent("done", f.name, f.entity))
        elif f.entity is None:
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


def _units_region(files: list[discover.DeliveryFile], chunk_rows: int) -> str | None:
    """The one region of the delivery's units files (None when none or several)."""
    regions: set[str] = set()
    entity = get_entity("units")
    for f in files:
        if f.entity != "units" or f.problem:
            continue
        try:
            reader = open_file(f.path, entity)
            if "region_code" not in reader.columns:
                continue
            for chunk in reader.chunks(chunk_rows, count=False):
                regions.update(chunk.get_column("region_code").drop_nulls()
                               .str.zfill(2).unique().to_list())
        except FileRejected:
            continue
    return next(iter(regions)) if len(regions) == 1 else None


def owner_of(manifest: discover.Manifest, units_region: str | None) -> str:
    """Whose ids a delivery holds: the manifest's region code, else its source system.

    Without either, the one region of the delivery's units, else '' (every delivery
    without a manifest and without units shares that).
    """
    return manifest.region_code or manifest.source_system or units_region or ""


def known_regions() -> set[str] | None:
    """Region codes of ``seeds/regions.csv`` (None when the seed is not there)."""
    from samrehab.config import PROJECT_ROOT

    seed = PROJECT_ROOT / "seeds" / "regions.csv"
    if not seed.exists():
        return None
    with seed.open(encoding="utf-8", newline="") as fh:
        return {row["region_code"].strip().zfill(2) for row in csv.DictReader(fh)}


def check_manifest(manifest: discover.Manifest, today: dt.date) -> None:
    """Plausibility of the manifest before anything is read (``DeliveryRejected``)."""
    if manifest.extract_date is not None and manifest.extract_date > today:
        raise DeliveryRejected(
            f"manifest.json, field 'extract_date': {manifest.extract_date} is after today "
            f"({today}); an extract cannot be cut off in the future. Fix: correct extract_date "
            "to the date the data was extracted, then deliver again")
    regions = known_regions()
    if manifest.region_code is not None and regions is not None \
            and manifest.region_code not in regions:
        raise DeliveryRejected(
            f"manifest.json, field 'region_code': '{redact(shorten(manifest.region_code))}' is "
            f"not a region of seeds/regions.csv ({', '.join(sorted(regions))}). Fix: correct the "
            "code, or add the region to seeds/regions.csv")


def _check_headers(files: list[discover.DeliveryFile]) -> None:
    """Read every header once: a column name like an identity number rejects the delivery
    before the warehouse is opened (other header problems are the reader's, per file)."""
    for f in files:
        if f.entity is None or f.problem:
            continue
        with contextlib.suppress(FileRejected):
            open_file(f.path, get_entity(f.entity))


def check_extract_lag(extract_date: dt.date | None, latest_event: dt.date | None,
                      max_lag_days: int) -> None:
    """Reject an extract date far after the latest event date of the delivery."""
    if extract_date is None or latest_event is None:
        return
    lag = (extract_date - latest_event).days
    if lag > max_lag_days:
        raise DeliveryRejected(
            f"manifest.json, field 'extract_date': {extract_date} is {lag} days after the "
            f"latest event of the delivery ({latest_event}); more than {max_lag_days} days "
            "looks like a typo. Fix: correct extract_date, or, if it is right, ingest with "
            f"--max-extract-lag-days {lag}")


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
            "message": guard(shorten(f.message or "; ".join(f.notes), 2000)) or None,
            "loaded_at": now,
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


@dataclass
class Options:
    """How to ingest: chunk size, dry run, re-check, plausibility threshold."""

    chunk_rows: int = DEFAULT_CHUNK_ROWS
    #: run everything, report, then roll back
    dry_run: bool = False
    #: re-check every quarantined row whose reason may have gone
    recheck: bool = False
    #: an extract date more days than this after the latest event is rejected
    max_extract_lag_days: int = DEFAULT_MAX_EXTRACT_LAG_DAYS
    #: "today" for the plausibility of the extract date
    today: dt.date | None = None


def _table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [e.name for e in ENTITIES] + ["quarantine"]
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM raw.{t}" for t in tables)
    return {t: int(n) for t, n in con.execute(sql).fetchall()}


def _run(con: duckdb.DuckDBPyConnection, report: IngestReport, delivery_dir: Path,
         progress: ProgressCallback, options: Options, manifest: discover.Manifest,
         files: list[discover.DeliveryFile]) -> None:
    chunk_rows = options.chunk_rows
    report.before = _table_counts(con)
    report.delivery_id = discover.delivery_id(manifest, files)
    units_region = (None if manifest.region_code or manifest.source_system
                    else _units_region(files, chunk_rows))
    owner = owner_of(manifest, units_region)
    report.owner = owner
    matched = defaultdict(list)
    for f in files:
        if f.entity is not None and not f.problem:
            matched[f.entity].append(f)
    report.extract_date = manifest.extract_date or (
        _latest_event_date(matched, chunk_rows) if matched else None)
    report.region_code = manifest.region_code
    results: dict[str, FileResult] = {}
    loaded_shas = _already_loaded(con, report.delivery_id, owner, report.extract_date,
                                  manifest.scope)
    by_entity = _classify(files, loaded_shas, results, progress)
    if by_entity and report.extract_date is None:
        raise DeliveryRejected(
            "The delivery has no manifest.json with extract_date and no event dates to take "
            "it from. Fix: add manifest.json with \"extract_date\": \"YYYY-MM-DD\"")
    now = dt.datetime.now().replace(microsecond=0)
    with Writer() as writer:
        # without files to load there is no extract date, and no entity uses it
        delivery = Delivery(con, report.delivery_id, report.extract_date or dt.date.min, now,
                            chunk_rows, writer=writer, owner=owner, scope=manifest.scope)
        for entity in ENTITIES:  # in load order: an entity only refers to entities before it
            if entity.name not in by_entity:
                continue
            loader = EntityLoader(delivery, entity, by_entity[entity.name], results, progress)
            want_region = entity.name == "units" and report.region_code is None
            loader.load(want_region)
            if want_region:
                report.region_code = loader.region
    if manifest.extract_date is not None:
        check_extract_lag(manifest.extract_date, delivery.latest_event,
                          options.max_extract_lag_days)
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
                "loaded_at": now, "scope": manifest.scope, "owner": owner,
            }], schema={"delivery_id": pl.String, "region_code": pl.String,
                        "extract_date": pl.Date, "source_system": pl.String,
                        "loaded_at": pl.Datetime("us"), "scope": pl.String,
                        "owner": pl.String}), DELIVERIES_COLUMNS)
    if any(f.rows_disappeared for f in report.files):  # a full delivery removed rows
        delivery_id = report.delivery_id
        report.orphaned = orphans.quarantine_orphans(con, now, lambda column, target: (
            f"{column}: refers to a row of {target} that the full delivery {delivery_id} "
            f"removed (it does not hold it). Fix: deliver that {target} row again (this row "
            f"then loads by itself), or withdraw delivery {delivery_id} if the row was not "
            "deleted at source"))
    # rows quarantined earlier whose reason may have gone (a reference now present, a
    # superseding row gone): automatically after every load, everything with --recheck
    changed = {f.entity for f in report.files if f.status == LOADED and f.entity}
    if changed or options.recheck:
        report.released = recheck.recheck(con, op=report.delivery_id, now=now,
                                          changed=None if options.recheck else changed)
    report.rechecked = options.recheck
    report.warnings = _missing_required_warnings(con)
    report.after = _table_counts(con)


def ingest_delivery(delivery_dir: Path, db_path: Path,
                    progress: ProgressCallback | None = None,
                    chunk_rows: int = DEFAULT_CHUNK_ROWS,
                    options: Options | None = None) -> IngestReport:
    """Ingest the delivery in ``delivery_dir`` into the warehouse ``db_path``.

    The whole delivery is one transaction. File-level problems reject single files (exit
    code 2 in the report); delivery-level problems (no folder, bad or implausible manifest,
    an identity number in a name) load nothing. Files are read and checked ``chunk_rows``
    rows at a time (memory is bounded by a chunk, whatever the size of the delivery).
    ``options``: dry run, re-check, the extract-date threshold. Raises ``WarehouseError``
    when the warehouse cannot be opened or written.
    """
    options = options or Options(chunk_rows=chunk_rows)
    if options.chunk_rows < 1:
        raise ValueError(f"chunk_rows must be positive, not {options.chunk_rows}")
    started = time.perf_counter()
    delivery_dir, db_path = Path(delivery_dir), Path(db_path)
    report = IngestReport(delivery_dir=delivery_dir, db_path=db_path)
    report.dry_run = options.dry_run
    if not delivery_dir.is_dir():
        report.errors.append(f"{delivery_dir}: no such delivery folder. Fix: give the folder "
                             "that holds the delivery's CSV/Parquet files")
        return report
    try:  # the delivery's own problems, before the warehouse is touched
        manifest = discover.read_manifest(delivery_dir)
        check_manifest(manifest, options.today or dt.date.today())
        files = discover.list_files(delivery_dir)
        _check_headers(files)
    except DeliveryRejected as exc:
        report.errors.append(str(exc))
        return report
    progress = progress or _noop
    with owner_only_files():
        _ingest(report, delivery_dir, db_path, progress, options, manifest, files)
    report.seconds = time.perf_counter() - started
    return report


def _ingest(report: IngestReport, delivery_dir: Path, db_path: Path,
            progress: ProgressCallback, options: Options, manifest: discover.Manifest,
            files: list[discover.DeliveryFile]) -> None:
    con = connect(db_path)
    try:
        try:  # its own (idempotent) transaction: dbt always finds the sources
            ensure_raw_schema(con)
        except (duckdb.IOException, duckdb.OutOfMemoryException, duckdb.FatalException, OSError) as exc:
            raise WarehouseError(explain_io_error(db_path, exc)) from exc
        con.begin()
        try:
            _run(con, report, delivery_dir, progress, options, manifest, files)
            if options.dry_run:
                con.rollback()
            else:
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
