"""Read one delivery file (CSV or Parquet) as frames of strings, chunk by chunk.

Everything is read as text first, so a bad value can never crash the reader; typing happens
in ``ingest.normalise``. Column names are stripped and lower-cased. Cells are stripped and
empty cells become null. Rows that are empty in every column (Excel's trailing ``;;;;``
lines) are dropped and counted. ``_row_number`` is the 1-based data row (record) of the file.

``open_file`` does the checks that need only the header (format, encoding of the header,
column names, required columns) and returns a ``FileReader``; ``FileReader.chunks`` then
streams the rows in chunks of at most ``chunk_rows`` records, so a file of any size is read
with bounded memory. A problem found later in the file (a ragged line, a byte that is not
UTF-8, a damaged Parquet page) raises ``FileRejected`` while streaming.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from contracts import EntityContract
from ingest.errors import DeliveryRejected, FileRejected, redact, shorten
from ingest.pnr import has_identity_number

CSV_SUFFIXES = (".csv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
#: Rows per chunk when nothing else is asked for: bounds the memory of one chunk's checks.
DEFAULT_CHUNK_ROWS = 500_000
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# a header or cell may be long (a 3 MB column name is reported, not a crash)
csv.field_size_limit(2**31 - 1)
#: Row-level findings of the reader (``_row_number``, column, rule, message).
READER_ISSUE_SCHEMA = {"_row_number": pl.Int64, "column": pl.String, "rule": pl.String,
                       "message": pl.String}
#: ``12.500`` in a decimal-comma file: 12.5 or twelve thousand five hundred?
_AMBIGUOUS_THOUSANDS = r"^[-+]?\d{1,3}(\.\d{3})+$"
_SAVE_AS_UTF8 = ("save it as 'CSV UTF-8' (Excel: Save as → CSV UTF-8) or convert it, e.g. "
                 "`iconv -f WINDOWS-1252 -t UTF-8`")


def _content_problem(name: str, head: bytes) -> FileRejected | None:
    """A file named .csv that is not text: compressed, Parquet, a spreadsheet or UTF-16."""
    if head.startswith(b"\x1f\x8b"):
        return FileRejected(name, None, "the file is gzip-compressed, not a CSV text file",
                            "decompress it (gunzip) and deliver the .csv inside")
    if head.startswith(b"PAR1"):
        return FileRejected(name, None, "the file is a Parquet file named .csv",
                            "rename it to .parquet, or export it as CSV")
    if head.startswith(b"PK\x03\x04"):
        return FileRejected(name, None, "the file is a zip archive or an Excel workbook "
                            "(.xlsx), not CSV", "save it as 'CSV UTF-8' in Excel, or unzip it")
    if head.startswith(_UTF16_BOMS):
        return FileRejected(name, None, "the file is UTF-16 encoded (with a byte-order mark), "
                            "not UTF-8", _SAVE_AS_UTF8, rule="encoding")
    sample = head[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd and (odd.count(0) > 0.3 * len(odd) or even.count(0) > 0.3 * len(even)):
            return FileRejected(name, None, "the file is UTF-16 encoded (without a byte-order "
                                "mark), not UTF-8", _SAVE_AS_UTF8, rule="encoding")
        return FileRejected(name, None, "the file holds binary content, not CSV text",
                            "deliver the CSV export itself (UTF-8 text)")
    return None


def _header_line(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if not head.strip():
        raise FileRejected(path.name, None, "the file is empty (no header line)",
                           "deliver the file with a header row naming the columns")
    problem = _content_problem(path.name, head)
    if problem is not None:
        raise problem
    head = head.removeprefix(codecs.BOM_UTF8)
    if b"\n" not in head and b"\r" in head:
        raise FileRejected(path.name, None, "the file has CR-only line endings (classic Mac), "
                           "so it reads as one line", "save it with Windows (CRLF) or Unix (LF) "
                           "line endings, e.g. `tr '\\r' '\\n'`", rule="unreadable")
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        return first.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileRejected(path.name, "(header)", "the header line is not valid UTF-8",
                           _SAVE_AS_UTF8, rule="encoding") from exc


def sniff_delimiter(header: str) -> str:
    """``;``, ``\\t`` or ``,``: whichever occurs most often in the header line outside quotes."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda k: (counts[k], k == ","))
    return best if counts[best] else ","


def _locate_bad_utf8(path: Path, delimiter: str) -> tuple[int, str | None]:
    """Line number and column name of the first byte sequence that is not UTF-8."""
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
    else:  # pragma: no cover - polars and Python disagree
        return 0, None
    line_no = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", start)
    line = data[line_start: None if line_end < 0 else line_end].decode("utf-8", "replace")
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
    names = next(csv.reader(io.StringIO(header), delimiter=delimiter), [])
    fields = next(csv.reader(io.StringIO(line.rstrip("\r")), delimiter=delimiter), [])
    for i, value in enumerate(fields):
        if "\ufffd" in value and i < len(names):
            return line_no, names[i].strip().lower()
    return line_no, None


def _empty_file(name: str) -> FileRejected:
    return FileRejected(name, None, "the file is empty (no header line)",
                        "deliver the file with a header row naming the columns")


def _csv_error(path: Path, delimiter: str, exc: Exception) -> FileRejected:
    """The rejection for a CSV reader failure (encoding, or a line that cannot be parsed)."""
    if isinstance(exc, pl.exceptions.NoDataError):
        return _empty_file(path.name)
    text = str(exc)
    if "utf-8" in text.lower() or "utf8" in text.lower():
        line_no, column = _locate_bad_utf8(path, delimiter)
        return FileRejected(path.name, column,
                            f"the file is not UTF-8 (first bad character on line {line_no}; "
                            "probably Windows-1252/Latin-1 from Excel)", _SAVE_AS_UTF8,
                            rule="encoding")
    return FileRejected(path.name, None,
                        f"the file cannot be read as CSV ({redact(text.splitlines()[0])})",
                        "check that every line has as many fields as the header and that "
                        "quotes are closed")


def _parquet_error(path: Path, exc: Exception) -> FileRejected:
    return FileRejected(path.name, None,
                        f"the file cannot be read as Parquet ({redact(str(exc).splitlines()[0])})",
                        "export the file again as Parquet, or deliver it as CSV")


def _tidy_names(columns: list[str], name: str) -> list[str]:
    """Stripped, lower-cased column names; reject duplicates, empty and reserved names."""
    names = [c.strip().lower() for c in columns]
    if has_identity_number(names):
        raise DeliveryRejected(
            f"{shorten(name)}: a column name looks like a Swedish personal identity number "
            "(personnummer/samordningsnummer); the delivery is not loaded and the name is not "
            "shown. Fix: name the columns as the contract does")
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise FileRejected(name, n, "the column appears more than once",
                               "deliver each column once (column names ignore case)")
        if not n:
            raise FileRejected(name, "(empty name)", "a column has no name",
                               "name every column in the header row, or remove the column")
        if n.startswith("_"):
            raise FileRejected(name, n, "column names starting with '_' are reserved for "
                               "lineage columns", "rename the column")
        seen.add(n)
    return names


@dataclass
class FileReader:
    """A file whose header passed the checks; ``chunks`` streams its rows as text.

    ``columns`` are the tidied data column names in file order. After ``chunks`` has been
    consumed to the end, ``rows_read`` and ``empty_rows_skipped`` hold the file's counts.
    """

    path: Path
    entity: EntityContract
    columns: list[str]
    source_columns: list[str]
    delimiter: str | None = None
    extra_columns: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    rows_read: int = 0
    empty_rows_skipped: int = 0
    #: record number → number of fields, for CSV records with too few or too many fields
    ragged: dict[int, int] | None = None
    #: row-level findings of the reader for the chunk just yielded (READER_ISSUE_SCHEMA)
    chunk_issues: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=READER_ISSUE_SCHEMA))

    @property
    def name(self) -> str:
        """The file name."""
        return self.path.name

    def _scan(self) -> pl.LazyFrame:
        if self.delimiter is None:
            return pl.scan_parquet(self.path).select(
                pl.col(c).cast(pl.String) for c in self.source_columns)
        return pl.scan_csv(self.path, separator=self.delimiter, infer_schema=False,
                           encoding="utf8", quote_char='"', raise_if_empty=True,
                           truncate_ragged_lines=True)

    def _count_fields(self) -> dict[int, int]:
        """Records whose number of fields differs from the header's (a pass with ``csv``).

        Blank records are not rows (the reader skips them too). A file that is not UTF-8
        stops the pass: the CSV reader rejects it with its line number.
        """
        ragged: dict[int, int] = {}
        if self.delimiter is None:
            return ragged
        width = len(self.source_columns)
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as fh:
                records = csv.reader(fh, delimiter=self.delimiter, quotechar='"')
                next(records, None)
                for number, fields in enumerate(records, start=1):
                    if len(fields) != width and any(f.strip() for f in fields):
                        ragged[number] = len(fields)
        except (UnicodeDecodeError, csv.Error):
            pass
        return ragged

    def _reader_issues(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Ragged rows and ambiguous thousands separators of one tidied chunk."""
        parts = []
        if self.ragged:
            numbers = frame.get_column("_row_number")
            lo, hi = numbers.min(), numbers.max()
            width = len(self.source_columns)
            rows = []
            for number, n in self.ragged.items():
                if lo is not None and lo <= number <= hi:  # type: ignore[operator]
                    column = self.columns[n] if n < width else "(row)"
                    what = ("missing" if n < width else
                            f"extra, after {shorten(self.columns[-1])}")
                    rows.append((number, column, "ragged_row", redact(
                        f"{shorten(column)}: the row has {n} fields, the header has {width}; "
                        f"fields are {what}, so values may sit in the wrong columns. Fix: "
                        "deliver every row with as many fields as the header (quote values "
                        "that hold the delimiter)")))
            if rows:
                parts.append(pl.DataFrame(rows, schema=READER_ISSUE_SCHEMA, orient="row"))
        if self.delimiter == ";":
            for c in self.entity.columns:
                if c.kind not in ("int", "decimal") or c.name not in frame.columns:
                    continue
                hit = frame.filter(pl.col(c.name).str.contains(_AMBIGUOUS_THOUSANDS))
                if hit.height:
                    parts.append(hit.select(
                        "_row_number", pl.lit(c.name).alias("column"),
                        pl.lit("ambiguous_number").alias("rule"),
                        pl.format("{}: '{}' is ambiguous in a ';' file with decimal comma "
                                  "(12.500 may mean 12,5 or 12 500). Fix: write the number "
                                  "without thousands separator (12500) or with decimal comma "
                                  "(12,5)", pl.lit(c.name), pl.col(c.name)).alias("message")))
        if not parts:
            return pl.DataFrame(schema=READER_ISSUE_SCHEMA)
        return pl.concat(parts).cast(READER_ISSUE_SCHEMA)  # type: ignore[arg-type]

    def _batches(self, chunk_rows: int) -> Iterator[pl.DataFrame]:
        """The file's records as text, untouched, in batches of at most ``chunk_rows``."""
        batches = self._scan().collect_batches(chunk_size=chunk_rows)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except pl.exceptions.PolarsError as exc:
                if self.delimiter is None:
                    raise _parquet_error(self.path, exc) from exc
                raise _csv_error(self.path, self.delimiter, exc) from exc
            except OSError as exc:
                raise FileRejected(self.name, None,
                                   f"the file cannot be opened ({exc.strerror})",
                                   "check that the file exists and is readable") from exc
            yield batch

    def chunks(self, chunk_rows: int = DEFAULT_CHUNK_ROWS,
               count: bool = True) -> Iterator[pl.DataFrame]:
        """Tidied text chunks: ``_row_number`` then the data columns (empty rows dropped).

        ``count``: (re)count ``rows_read`` and ``empty_rows_skipped`` while streaming.
        """
        if count:
            self.rows_read = self.empty_rows_skipped = 0
        if self.ragged is None:
            self.ragged = self._count_fields()
        records = 0
        empty_frame = True
        for batch in self._batches(chunk_rows):
            frame = self._tidy(batch, records, count)
            records += batch.height
            if frame.height or empty_frame:
                empty_frame = False
                yield frame
        if empty_frame:  # a header without rows still yields one (empty) chunk
            yield self._tidy(pl.DataFrame(schema=dict.fromkeys(self.source_columns, pl.String)),
                             0, count)

    def _tidy(self, batch: pl.DataFrame, offset: int, count: bool) -> pl.DataFrame:
        frame = batch.rename(dict(zip(batch.columns, self.columns, strict=True)))
        stripped = pl.col(pl.String).str.strip_chars()
        frame = frame.with_columns(
            pl.when(stripped.str.len_bytes() > 0).then(stripped).otherwise(None).name.keep()
        ).with_row_index("_row_number", offset=offset + 1).with_columns(
            pl.col("_row_number").cast(pl.Int64))
        if self.columns:
            non_empty = frame.select(
                pl.any_horizontal(pl.col(self.columns).is_not_null())).to_series()
            empty = frame.height - int(non_empty.sum())
            if empty:  # filtering copies the frame: only when there is something to drop
                frame = frame.filter(non_empty)
            if count:
                self.empty_rows_skipped += empty
        if count:
            self.rows_read += frame.height
        self.chunk_issues = self._reader_issues(frame)
        if self.delimiter == ";":
            frame = _decimal_comma(frame, self.entity)
        return frame


def _source_columns(path: Path, delimiter: str | None) -> list[str]:
    """The column names as the file has them (CSV header, or the Parquet schema)."""
    if delimiter is not None:
        try:
            return pl.scan_csv(path, separator=delimiter, infer_schema=False, encoding="utf8",
                               quote_char='"', raise_if_empty=True).collect_schema().names()
        except pl.exceptions.PolarsError as exc:
            raise _csv_error(path, delimiter, exc) from exc
    try:
        schema = pl.scan_parquet(path).collect_schema()
    except Exception as exc:  # any reader failure means an unreadable file
        raise _parquet_error(path, exc) from exc
    for name, dtype in schema.items():
        if dtype.is_nested() or dtype == pl.Binary:
            raise FileRejected(path.name, name.strip().lower(),
                               f"the column has the nested/binary type {dtype}",
                               "deliver plain text, number, boolean or date columns")
    return schema.names()


def open_file(path: Path, entity: EntityContract) -> FileReader:
    """Check ``path``'s format and header for ``entity``; raise ``FileRejected`` on a problem."""
    suffix = path.suffix.lower()
    delimiter: str | None = None
    if suffix not in CSV_SUFFIXES + PARQUET_SUFFIXES:
        raise FileRejected(path.name, None, f"the format '{suffix or '(none)'}' is not supported",
                           "deliver CSV (UTF-8, ',' or ';') or Parquet")
    try:
        if suffix in CSV_SUFFIXES:
            header = _header_line(path)
            delimiter = sniff_delimiter(header)
            # the names as written: polars renames a repeated name (x_duplicated_0)
            _tidy_names(next(csv.reader([header], delimiter=delimiter), []), path.name)
        source = _source_columns(path, delimiter)
    except OSError as exc:
        raise FileRejected(path.name, None, f"the file cannot be opened ({exc.strerror})",
                           "check that the file exists and is readable") from exc
    columns = _tidy_names(source, path.name)
    contract = set(entity.column_names)
    missing = [c.name for c in entity.columns if c.name not in columns]
    missing_required = [c for c in missing if entity.column(c).required]
    if missing_required:
        raise FileRejected(
            path.name, missing_required[0],
            f"required column{'s' if len(missing_required) > 1 else ''} "
            f"{', '.join(missing_required)} missing for entity {entity.name}",
            f"add the column{'s' if len(missing_required) > 1 else ''} to the header "
            f"(expected: {', '.join(entity.column_names)})",
            rule="missing_column",
        )
    return FileReader(path=path, entity=entity, columns=columns, source_columns=source,
                      delimiter=delimiter, extra_columns=[c for c in columns if c not in contract],
                      missing_optional=missing)


def _decimal_comma(frame: pl.DataFrame, entity: EntityContract) -> pl.DataFrame:
    """In ``;`` files numbers may use decimal comma and space as thousands separator."""
    numeric = [c.name for c in entity.columns
               if c.kind in ("int", "decimal") and c.name in frame.columns]
    return frame.with_columns(
        pl.col(numeric).str.replace_all(r"[\s\u00a0\u202f]", "").str.replace(",", ".", literal=True)
    )
