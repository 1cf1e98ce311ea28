"""Normalise codes and cast the text columns of an entity to the contract types.

Casting never fails: a value that cannot be cast becomes null and yields an issue
(``bad_date``, ``bad_number``, ``bad_boolean``) for its row, so the row is quarantined.
"""

from __future__ import annotations

import polars as pl

from contracts import ColumnSpec, EntityContract
from contracts.codes import FALSE_WORDS, TRUE_WORDS

#: Schema of the issue frames every check returns: one row per (row, column, rule).
ISSUE_SCHEMA = {"_row": pl.Int64, "column": pl.String, "rule": pl.String, "message": pl.String}

_ISO_DATE = r"^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$"
_MIN_DATE = pl.date(1900, 1, 1)


def empty_issues() -> pl.DataFrame:
    """An issue frame without rows."""
    return pl.DataFrame(schema=ISSUE_SCHEMA)


def issues_from_mask(mask: pl.Series, column: str, rule: str, message: str) -> pl.DataFrame:
    """Issue rows for every position where ``mask`` is true (``_row`` = position)."""
    rows = mask.fill_null(False).arg_true().cast(pl.Int64).alias("_row")
    return pl.DataFrame(rows).with_columns(
        pl.lit(column).alias("column"), pl.lit(rule).alias("rule"),
        pl.lit(message).alias("message"))


def issues_where(frame: pl.DataFrame, mask: pl.Expr, column: str, rule: str,
                 message: str) -> pl.DataFrame:
    """Issue rows for every row of ``frame`` where ``mask`` is true (``_row`` = position)."""
    return issues_from_mask(frame.select(mask).to_series(), column, rule, message)


def _text(col: ColumnSpec) -> pl.Expr:
    e = pl.col(col.name)
    match col.normalise:
        case "lower":
            return e.str.to_lowercase()
        case "upper":
            return e.str.to_uppercase()
        case "icd10":
            return e.str.to_uppercase().str.replace_all(r"[.\s]", "")
        case "municipality":
            return pl.when(e.str.contains(r"^\d{3}$")).then(e.str.zfill(4)).otherwise(e)
        case "region":
            return pl.when(e.str.contains(r"^\d$")).then(e.str.zfill(2)).otherwise(e)
    return e


def _cast(col: ColumnSpec) -> tuple[pl.Expr, str, str]:
    """(typed expression, rule, message) for one column; a failed cast yields null."""
    src = pl.col(col.name)
    match col.kind:
        case "text":
            return _text(col), "", ""
        case "date":
            typed = src.str.extract(_ISO_DATE, 1).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
            typed = pl.when(typed >= _MIN_DATE).then(typed)
            return (typed, "bad_date",
                    f"{col.name}: not a valid date on or after 1900-01-01 in the form "
                    "YYYY-MM-DD. Fix: correct the date or leave it empty if it is unknown")
        case "bool":
            low = src.str.to_lowercase()
            typed = (pl.when(low.is_in(list(TRUE_WORDS))).then(True)
                     .when(low.is_in(list(FALSE_WORDS))).then(False)
                     .otherwise(None).cast(pl.Boolean))
            return (typed, "bad_boolean",
                    f"{col.name}: not a boolean. Fix: use true/false, 1/0, ja/nej or yes/no")
        case "int":
            num = src.cast(pl.Float64, strict=False)
            ok = num.is_finite() & (num == num.floor()) & (num.abs() < 2**31)
            typed = pl.when(ok).then(num).cast(pl.Int32)
            return (typed, "bad_number",
                    f"{col.name}: not a whole number. Fix: deliver digits only, e.g. 42")
        case "decimal":
            num = src.cast(pl.Float64, strict=False)
            typed = pl.when(num.is_finite()).then(num)
            return (typed, "bad_number",
                    f"{col.name}: not a number. Fix: deliver e.g. 1234.50 (or 1234,50 in a "
                    "';'-separated file)")
    raise ValueError(col.kind)  # pragma: no cover


def typed_column(col: ColumnSpec) -> pl.Expr:
    """The typed value of one contract column (null where the text cannot be cast)."""
    return _cast(col)[0].cast(col.dtype).alias(col.name)


def normalise(frame: pl.DataFrame, entity: EntityContract) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (typed frame with exactly the contract columns, cast issues).

    ``frame`` holds text columns (missing optional columns are added as nulls).
    """
    missing = [c.name for c in entity.columns if c.name not in frame.columns]
    if missing:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(m) for m in missing)
    casts = [_cast(col) for col in entity.columns]
    typed_frame = frame.select(
        typed.cast(col.dtype).alias(col.name)
        for col, (typed, _, _) in zip(entity.columns, casts, strict=True))
    issue_parts: list[pl.DataFrame] = []
    for col, (_, rule, message) in zip(entity.columns, casts, strict=True):
        if rule:
            failed = frame.get_column(col.name).is_not_null() & typed_frame.get_column(
                col.name).is_null()
            if failed.any():
                issue_parts.append(issues_from_mask(failed, col.name, rule, message))
    issues = pl.concat(issue_parts) if issue_parts else empty_issues()
    return typed_frame, issues
