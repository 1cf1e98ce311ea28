"""Read one delivery file (CSV or Parquet) into a frame of strings.

Everything is read as text first, so a bad value can never crash the reader; typing happens
in ``ingest.normalise``. Column names are stripped and lower-cased. Cells are stripped and
empty cells become null. Rows that are empty in every column (Excel's trailing ``;;;;``
lines) are dropped and counted. ``_row_number`` is the 1-based data row (record) of the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from contracts import EntityContract
from ingest.errors import FileRejected, redact

CSV_SUFFIXES = (".csv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAVE_AS_UTF8 = ("save it as 'CSV UTF-8' (Excel: Save as → CSV UTF-8) or convert it, e.g. "
                 "`iconv -f WINDOWS-1252 -t UTF-8`")


@dataclass
class RawFile:
    """A file read as text, with what the reader noticed."""

    name: str
    entity: str
    frame: pl.DataFrame
    delimiter: str | None = None
    empty_rows_skipped: int = 0
    extra_columns: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)


def _header_line(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if not head.strip():
        raise FileRejected(path.name, None, "the file is empty (no header line)",
                           "deliver the file with a header row naming the columns")
    if head.startswith(_UTF16_BOMS):
        raise FileRejected(path.name, None, "the file is UTF-16 encoded, not UTF-8", _SAVE_AS_UTF8,
                           rule="encoding")
    head = head.removeprefix(codecs.BOM_UTF8)
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


def _read_csv(path: Path) -> tuple[pl.DataFrame, str]:
    delimiter = sniff_delimiter(_header_line(path))
    try:
        frame = pl.read_csv(path, separator=delimiter, infer_schema=False, encoding="utf8",
                            quote_char='"', raise_if_empty=True)
    except pl.exceptions.NoDataError as exc:
        raise FileRejected(path.name, None, "the file is empty (no header line)",
                           "deliver the file with a header row naming the columns") from exc
    except pl.exceptions.ComputeError as exc:
        text = str(exc)
        if "utf-8" in text.lower() or "utf8" in text.lower():
            line_no, column = _locate_bad_utf8(path, delimiter)
            raise FileRejected(path.name, column,
                               f"the file is not UTF-8 (first bad character on line {line_no}; "
                               "probably Windows-1252/Latin-1 from Excel)", _SAVE_AS_UTF8,
                               rule="encoding") from exc
        raise FileRejected(path.name, None,
                           f"the file cannot be read as CSV ({redact(text.splitlines()[0])})",
                           "check that every line has as many fields as the header and that "
                           "quotes are closed") from exc
    return frame, delimiter


def _read_parquet(path: Path) -> pl.DataFrame:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # any reader failure means an unreadable file
        raise FileRejected(path.name, None,
                           f"the file cannot be read as Parquet ({redact(str(exc).splitlines()[0])})",
                           "export the file again as Parquet, or deliver it as CSV") from exc
    casts = []
    for name, dtype in frame.schema.items():
        if dtype.is_nested() or dtype == pl.Binary:
            raise FileRejected(path.name, name.strip().lower(),
                               f"the column has the nested/binary type {dtype}",
                               "deliver plain text, number, boolean or date columns")
        casts.append(pl.col(name).cast(pl.String))
    return frame.select(casts)


def _tidy(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    names = [c.strip().lower() for c in frame.columns]
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
    frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
    stripped = pl.col(pl.String).str.strip_chars()
    return frame.with_columns(
        pl.when(stripped.str.len_bytes() > 0).then(stripped).otherwise(None).name.keep()
    )


def read_file(path: Path, entity: EntityContract) -> RawFile:
    """Read ``path`` as text for ``entity``; raise ``FileRejected`` on a file-level problem."""
    suffix = path.suffix.lower()
    delimiter: str | None = None
    if suffix not in CSV_SUFFIXES + PARQUET_SUFFIXES:
        raise FileRejected(path.name, None, f"the format '{suffix or '(none)'}' is not supported",
                           "deliver CSV (UTF-8, ',' or ';') or Parquet")
    try:
        if suffix in CSV_SUFFIXES:
            frame, delimiter = _read_csv(path)
        else:
            frame = _read_parquet(path)
    except OSError as exc:
        raise FileRejected(path.name, None, f"the file cannot be opened ({exc.strerror})",
                           "check that the file exists and is readable") from exc
    frame = _tidy(frame, path.name)
    contract = set(entity.column_names)
    missing = [c.name for c in entity.columns if c.name not in frame.columns]
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
    frame = frame.with_row_index("_row_number", offset=1).with_columns(
        pl.col("_row_number").cast(pl.Int64)
    )
    data_cols = [c for c in frame.columns if c != "_row_number"]
    if data_cols:
        non_empty = frame.select(pl.any_horizontal(pl.col(data_cols).is_not_null())).to_series()
        empty = frame.height - int(non_empty.sum())
        if empty:  # filtering copies the frame: only when there is something to drop
            frame = frame.filter(non_empty)
    else:
        empty = 0
    if delimiter == ";":
        frame = _decimal_comma(frame, entity)
    return RawFile(
        name=path.name, entity=entity.name, frame=frame, delimiter=delimiter,
        empty_rows_skipped=empty,
        extra_columns=[c for c in data_cols if c not in contract],
        missing_optional=missing,
    )


def _decimal_comma(frame: pl.DataFrame, entity: EntityContract) -> pl.DataFrame:
    """In ``;`` files numbers may use decimal comma and space as thousands separator."""
    numeric = [c.name for c in entity.columns
               if c.kind in ("int", "decimal") and c.name in frame.columns]
    return frame.with_columns(
        pl.col(numeric).str.replace_all(r"[\s\u00a0\u202f]", "").str.replace(",", ".", literal=True)
    )
