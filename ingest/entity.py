"""Load one entity of a delivery, file by file and chunk by chunk, inside the open transaction.

Memory is bounded by one chunk (``chunk_rows`` rows) plus the keys other entities are checked
against, whatever the size of the entity:

1. Every file's header is checked first (``reader.open_file``); the data columns of the files
   that pass, in order of first appearance, are the entity's columns (as if the files were
   concatenated), so a row's JSON and ``_extra`` do not depend on the chunking.
2. Each chunk is checked for identity numbers, typed and checked (casts, contract, date order,
   extract date, references, keys a later delivery holds); its accepted rows are inserted
   into ``raw.<entity>`` and its other rows into ``raw.quarantine``.
   The writes run in a background thread (``ingest.writer``) while the next chunk is checked.
3. After the last chunk, duplicate keys are found over the whole entity in DuckDB; their rows
   are moved to the quarantine (the row as read is read again from the file). Then rows of
   earlier deliveries with the keys of this run's rows are replaced.

A file rejected only after some of its rows (or a file whose columns count) were written – an
identity number or a broken line far into the file – makes the entity start again without
it, after removing what this run wrote for the entity: the result is as if the file had been
rejected before anything was read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import polars as pl

from contracts import EntityContract, get_entity
from ingest import check, load
from ingest.discover import DeliveryFile
from ingest.errors import FileRejected, shorten
from ingest.keys import KeySet
from ingest.normalise import typed_column
from ingest.pnr import count_identity_numbers
from ingest.reader import DEFAULT_CHUNK_ROWS, FileReader, open_file
from ingest.report import LOADED, REJECTED, FileResult, ProgressEvent
from ingest.validate import duplicate_issue, unique_groups
from ingest.writer import Writer

ProgressCallback = Callable[[ProgressEvent], None]


@dataclass
class Delivery:
    """What every entity of one ingest shares."""

    con: duckdb.DuckDBPyConnection
    delivery_id: str
    extract_date: dt.date
    now: dt.datetime
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    #: entity → ids of its rows quarantined in this delivery (single-column keys)
    held_back: dict[str, KeySet] = field(default_factory=dict)
    #: (entity, rule) → quarantined rows
    quarantine_by_rule: dict[tuple[str, str], int] = field(default_factory=dict)
    #: writes the chunks in the background (None: in the caller's thread)
    writer: Writer | None = None
    #: entity → its ids in the warehouse, once it is loaded (it does not change after that)
    known_keys: dict[str, KeySet] = field(default_factory=dict)
    #: whose ids these are: the region code, else the source system (see ``pipeline``)
    owner: str = ""
    #: ``full`` or ``incremental`` (``discover.DEFAULT_SCOPE``)
    scope: str = "incremental"
    #: the latest event date of the rows read (for the plausibility of the extract date)
    latest_event: dt.date | None = None
    #: entity → ids that other regions or source systems hold
    foreign_keys: dict[str, KeySet] = field(default_factory=dict)

    def keys_of(self, target: EntityContract) -> KeySet:
        """The ids of this owner in ``raw.<target>`` (an entity loaded before its referrers)."""
        if target.name not in self.known_keys:
            self.known_keys[target.name] = KeySet(
                load.distinct_keys(self.con, target, self.owner), distinct=True)
        return self.known_keys[target.name]

    def foreign_of(self, target: EntityContract) -> KeySet:
        """The ids of ``raw.<target>`` that other regions or source systems hold."""
        if target.name not in self.foreign_keys:
            self.foreign_keys[target.name] = KeySet(
                load.distinct_keys(self.con, target, self.owner, others=True), distinct=True)
        return self.foreign_keys[target.name]

    def write(self, job: Callable[[], None]) -> None:
        """Run a write of a chunk (in the writer's thread when there is one)."""
        if self.writer is None:
            job()
        else:
            self.writer.submit(job)

    def drain(self) -> None:
        """Wait for the chunk writes: call before using the connection otherwise."""
        if self.writer is not None:
            self.writer.drain()


@dataclass
class _Run:
    """One pass over an entity's files (started again when a file is rejected midway)."""

    entity: EntityContract
    readers: list[FileReader]
    columns: list[str]
    known: dict[str, KeySet]
    foreign: dict[str, KeySet]
    later: pl.DataFrame | None
    #: keys of a shared fact that another owner holds (population)
    taken: pl.DataFrame | None = None
    inserted: Counter[str] = field(default_factory=Counter)
    quarantined: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    held: list[pl.Series] = field(default_factory=list)
    issue_keys: list[pl.DataFrame] = field(default_factory=list)
    cast_cells: list[pl.DataFrame] = field(default_factory=list)
    regions: set[str] = field(default_factory=set)

    @property
    def files(self) -> list[str]:
        """Names of the files in this pass, in load order."""
        return [r.name for r in self.readers]


def identity_number_rejection(file: str, counts: dict[str, int]) -> FileRejected:
    """The rejection of a file with values that look like personal identity numbers."""
    column, n = max(counts.items(), key=lambda kv: kv[1])
    others = "" if len(counts) == 1 else f" (also in {', '.join(sorted(set(counts) - {column}))})"
    return FileRejected(
        file, column,
        f"{n} {'values look' if n > 1 else 'value looks'} like a Swedish personal identity "
        "number "
        f"(personnummer/samordningsnummer){others}; the file is not loaded",
        "the extract must be pseudonymised: remove or replace identity numbers, then "
        "deliver the file again", rule="identity_number")


def _unique_columns(entity: EntityContract) -> list[str]:
    return list(dict.fromkeys(c for g in unique_groups(entity) for c in g.columns))


def _single_unique_columns(entity: EntityContract) -> list[str]:
    return [g.columns[0] for g in unique_groups(entity) if g.check == "field_uniqueness"]


def _record_rejection(results: dict[str, FileResult], f: DeliveryFile, exc: FileRejected,
                      progress: ProgressCallback) -> None:
    results[f.name] = FileResult(f.name, f.entity, REJECTED, f.sha256, message=exc.message,
                                 rule=exc.rule)
    progress(ProgressEvent("done", f.name, f.entity))


def _loaded_result(f: DeliveryFile, reader: FileReader) -> FileResult:
    result = FileResult(f.name, f.entity, LOADED, f.sha256, rows_read=reader.rows_read)
    if reader.empty_rows_skipped:
        result.notes.append(f"{reader.empty_rows_skipped} empty line(s) skipped")
    if reader.extra_columns:
        result.notes.append("extra columns kept in _extra: "
                            f"{', '.join(shorten(c) for c in reader.extra_columns)}")
    if reader.missing_optional:
        result.notes.append(
            f"optional columns absent (loaded as empty): {', '.join(reader.missing_optional)}")
    return result


class EntityLoader:
    """Loads one entity's files of a delivery (see the module docstring)."""

    def __init__(self, delivery: Delivery, entity: EntityContract, files: list[DeliveryFile],
                 results: dict[str, FileResult], progress: ProgressCallback) -> None:
        self.d = delivery
        self.entity = entity
        self.files = {f.name: f for f in files}
        self.results = results
        self.progress = progress
        self.region: str | None = None

    def load(self, want_region: bool = False) -> None:
        """Load the entity; file results go to ``results``, totals to the delivery."""
        readers = []
        for f in self.files.values():
            try:
                readers.append(open_file(f.path, self.entity))
            except FileRejected as exc:
                _record_rejection(self.results, f, exc, self.progress)
        if not readers:
            return
        self.d.drain()
        targets = list(dict.fromkeys(c.fk for c in self.entity.columns if c.fk))
        known = {target: self.d.keys_of(get_entity(target)) for target in targets}
        foreign = {target: self.d.foreign_of(get_entity(target)) for target in targets}
        later = load.later_keys(self.d.con, self.entity, self.d.extract_date, self.d.owner)
        taken = (load.other_owner_keys(self.d.con, self.entity, self.d.owner)
                 if self.entity.shared_fact else None)
        while readers:
            run = _Run(self.entity, readers, check.union_columns([r.columns for r in readers]),
                       known, foreign, later if later.height else None,
                       taken if taken is not None and taken.height else None)
            rejected = self._stream(run)
            if rejected is None:
                self._finish(run, want_region)
                return
            readers = [r for r in readers if r is not rejected]

    def _stream(self, run: _Run) -> FileReader | None:
        """Stream every file; a file rejected after rows were written is returned (undone)."""
        for reader in list(run.readers):
            f = self.files[reader.name]
            exc, wrote = self._stream_file(run, reader)
            if exc is None:
                self.results[f.name] = _loaded_result(f, reader)
                self.progress(ProgressEvent("read", f.name, f.entity, reader.rows_read))
                continue
            _record_rejection(self.results, f, exc, self.progress)
            remaining = [r for r in run.readers if r is not reader]
            if wrote or check.union_columns([r.columns for r in remaining]) != run.columns:
                self.d.drain()
                load.delete_run(self.d.con, self.entity, self.d.delivery_id, run.files)
                return reader
            run.readers = remaining  # nothing of it was written: go on with the next file
        return None

    def _stream_file(self, run: _Run, reader: FileReader) -> tuple[FileRejected | None, bool]:
        """Check and write a file chunk by chunk: (its rejection or None, rows were written)."""
        identity: Counter[str] = Counter()
        wrote = False
        try:
            for chunk in reader.chunks(self.d.chunk_rows):
                identity.update(count_identity_numbers(chunk))
                if identity:  # rejected: read on only for the counts (and a broken line)
                    continue
                self._check_chunk(run, reader, chunk)
                wrote = True
        except FileRejected as exc:
            return exc, wrote
        if identity:
            return identity_number_rejection(reader.name, dict(identity)), wrote
        return None, wrote

    def _check_chunk(self, run: _Run, reader: FileReader, chunk: pl.DataFrame) -> None:
        d, entity = self.d, self.entity
        t = check.type_entity(entity, check.conform_text(chunk, run.columns, reader.name))
        del chunk
        if entity.name == "units":
            run.regions.update(t.typed.get_column("region_code").drop_nulls().unique().to_list())
        latest = t.latest_event_date()
        if latest is not None and (d.latest_event is None or latest > d.latest_event):
            d.latest_event = latest
        issues = check.row_issues(t, d.extract_date, run.known, d.held_back, run.later,
                                  run.foreign, reader.chunk_issues, run.taken)
        quarantine = self._quarantine_frame(check.quarantine_rows(t, issues))
        if issues.height:
            self._note_issues(run, reader.name, t, issues)
        accepted = check.accepted_rows(t, issues, d.delivery_id, d.extract_date, d.owner)
        del t
        run.inserted[reader.name] += accepted.height
        con = d.con

        def write() -> None:
            load.insert_quarantine(con, quarantine)
            load.insert_rows(con, entity, accepted)

        d.write(write)

    def _quarantine_frame(self, issues: pl.DataFrame) -> pl.DataFrame:
        """Rows of ``raw.quarantine`` from issues with ``_source_file``, ``_row_number``, ``row_json``."""
        d = self.d
        return issues.select(
            pl.lit(d.delivery_id).alias("delivery_id"),
            pl.lit(d.extract_date, dtype=pl.Date).alias("extract_date"),
            pl.col("_source_file").alias("source_file"),
            pl.col("_row_number").alias("row_number"),
            pl.lit(self.entity.name).alias("entity"),
            pl.col("column").alias("column_name"),
            "rule", "message", "row_json",
            pl.lit(d.now, dtype=pl.Datetime("us")).alias("quarantined_at"),
            pl.lit(d.owner).alias("owner"),
            pl.col("_row_key").alias("row_key"),
        )

    def _note_issues(self, run: _Run, file: str, t: check.Typed, issues: pl.DataFrame) -> None:
        """Count a chunk's quarantined rows; keep what the checks over the whole entity need."""
        entity = self.entity
        run.quarantined[file] += issues.get_column("_row").n_unique()
        for rule, n in issues.group_by("rule").agg(pl.col("_row").n_unique()).iter_rows():
            run.by_rule[rule] += n
        held = check.held_back_keys(t, issues)
        if held is not None:
            run.held.append(held)
        columns = _unique_columns(entity)
        if columns:
            run.issue_keys.append(check.issue_keys(t, issues, columns))
        cast_cells = t.cast_issues.filter(pl.col("column").is_in(_single_unique_columns(entity)))
        if cast_cells.height:  # a key that failed its cast: no duplicate issue for it either
            positions = cast_cells.get_column("_row")
            run.cast_cells.append(pl.DataFrame({
                "_source_file": t.text.get_column("_source_file").gather(positions),
                "_row_number": t.text.get_column("_row_number").gather(positions),
                "column": cast_cells.get_column("column"),
            }))

    def _duplicates(self, run: _Run) -> pl.DataFrame | None:
        """Issue rows (with ``_in_raw`` and the key) for every row whose key repeats."""
        groups = unique_groups(self.entity)
        if not groups:
            return None
        columns = _unique_columns(self.entity)
        held = (pl.concat(run.issue_keys) if run.issue_keys else
                pl.DataFrame(schema={**{c: self.entity.column(c).dtype for c in columns},
                                     "_source_file": pl.String, "_row_number": pl.Int64}))
        cast_cells = (pl.concat(run.cast_cells) if run.cast_cells else pl.DataFrame(
            schema={"_source_file": pl.String, "_row_number": pl.Int64, "column": pl.String}))
        parts = []
        for group in groups:
            rows = load.duplicate_rows(self.d.con, self.entity, group.columns,
                                       self.d.delivery_id, run.files, held)
            if rows.height == 0:
                continue
            column, rule, message = duplicate_issue(self.entity, group)
            rows = rows.with_columns(pl.lit(column, dtype=pl.String).alias("column"),
                                     pl.lit(rule).alias("rule"), pl.lit(message).alias("message"))
            # A failed cast leaves a null: as in the contract gate, no second issue for it.
            parts.append(rows.join(cast_cells, on=["_source_file", "_row_number", "column"],
                                   how="anti"))
        return pl.concat(parts, how="diagonal") if parts else None

    def _row_json(self, run: _Run, rows: pl.DataFrame) -> pl.DataFrame:
        """The rows (``_source_file``, ``_row_number``) as read, read again from their files."""
        found = []
        for reader in run.readers:
            wanted = rows.filter(pl.col("_source_file") == reader.name).get_column("_row_number")
            if wanted.len() == 0:
                continue
            left = wanted.len()
            for chunk in reader.chunks(self.d.chunk_rows, count=False):
                hit = chunk.filter(pl.col("_row_number").is_in(wanted.implode()))
                if hit.height:
                    text = check.conform_text(hit, run.columns, reader.name)
                    found.append(text.select("_source_file", "_row_number", check.row_json(text)))
                    left -= hit.height
                if left <= 0:
                    break
        return pl.concat(found)

    def _quarantine_duplicates(self, run: _Run, dups: pl.DataFrame) -> None:
        """Quarantine the rows of repeated keys; those written with their chunk leave raw."""
        d = self.d
        rows = dups.select("_source_file", "_row_number", "_in_raw").unique()
        in_raw = rows.filter(pl.col("_in_raw"))
        held = rows.filter(~pl.col("_in_raw"))
        parts = []
        if in_raw.height:
            parts.append(self._row_json(run, in_raw))
            load.delete_rows(d.con, self.entity, d.delivery_id, in_raw)
            for name, n in in_raw.group_by("_source_file").len().iter_rows():
                run.inserted[name] -= n
                run.quarantined[name] += n
        if held.height:
            parts.append(load.quarantined_json(d.con, self.entity, d.delivery_id, held))
        row_json = pl.concat(parts)
        key = self.entity.replacement_key
        dups = dups.with_columns(check.row_key(self.entity) if all(k in dups.columns for k in key)
                                 else pl.lit(None, dtype=pl.String).alias("_row_key"))
        load.insert_quarantine(d.con, self._quarantine_frame(
            dups.join(row_json, on=["_source_file", "_row_number"], how="left")))
        for rule, n in dups.group_by("rule").agg(
                pl.struct("_source_file", "_row_number").n_unique()).iter_rows():
            run.by_rule[rule] += n
        if len(self.entity.key) == 1:
            run.held.append(dups.get_column(self.entity.key[0]))

    def _finish(self, run: _Run, want_region: bool) -> None:
        """Duplicates over the whole entity, replacement, then the files' counts."""
        d, entity = self.d, self.entity
        d.drain()
        dups = self._duplicates(run)
        if dups is not None:
            self._quarantine_duplicates(run, dups)
        replaced = load.replace_earlier(d.con, entity, d.delivery_id, run.files, d.extract_date,
                                        d.owner)
        stale = load.not_redelivered(d.con, entity, d.delivery_id, run.files, d.extract_date,
                                     d.owner, remove=d.scope == "full")
        if len(entity.key) == 1:
            d.held_back[entity.name] = KeySet(
                pl.concat(run.held) if run.held else
                pl.Series(dtype=entity.column(entity.key[0]).dtype))
        for rule, n in run.by_rule.items():
            d.quarantine_by_rule[(entity.name, rule)] = n
        if want_region and len(run.regions) == 1:
            self.region = next(iter(run.regions))
        for reader in run.readers:
            r = self.results[reader.name]
            r.rows_loaded = run.inserted[reader.name]
            r.rows_quarantined = run.quarantined[reader.name]
            r.rows_replaced = replaced.get(reader.name, 0)
            self.progress(ProgressEvent("loaded", reader.name, entity.name, reader.rows_read))
        if stale and run.readers:
            period = (f" within the {entity.period_column} range of this delivery"
                      if entity.period_column else "")
            first = self.results[run.readers[0].name]
            if d.scope == "full":
                first.rows_disappeared = stale
                first.notes.append(
                    f"{stale:,} rows disappeared: rows of earlier deliveries of {entity.name}"
                    f"{period} that this full delivery does not hold were removed (samrehab "
                    "withdraw restores them)")
            else:
                first.notes.append(
                    f"{stale:,} rows of earlier deliveries of {entity.name}{period} are not in "
                    "this delivery and were kept (scope incremental). Fix: if they were deleted "
                    "at source, deliver with \"scope\": \"full\" in manifest.json")


def latest_event_date(entity: EntityContract, files: list[DeliveryFile],
                      chunk_rows: int = DEFAULT_CHUNK_ROWS) -> dt.date | None:
    """The latest event date in the entity's files that would load (rejected files left out)."""
    columns = [entity.column(c) for c in entity.event_date_columns]
    if not columns:
        return None
    latest: dt.date | None = None
    for f in files:
        try:
            reader = open_file(f.path, entity)
            identity: Counter[str] = Counter()
            file_latest: dt.date | None = None
            for chunk in reader.chunks(chunk_rows):
                identity.update(count_identity_numbers(chunk))
                present = [c for c in columns if c.name in chunk.columns]
                if identity or not present or chunk.height == 0:
                    continue
                value = chunk.select(pl.max_horizontal(
                    typed_column(c).max() for c in present)).item()
                if value is not None and (file_latest is None or value > file_latest):
                    file_latest = value
        except FileRejected:
            continue
        if identity or file_latest is None:
            continue
        if latest is None or file_latest > latest:
            latest = file_latest
    return latest
