"""Detect values that look like Swedish personal identity or coordination numbers.

A hit is a token of 10 or 12 digits (optionally ``-`` or ``+`` before the last four) whose
first 6 or 8 digits form a valid date (day + 60 for a samordningsnummer) and whose last ten
digits pass the Luhn check. Vectorised with polars; the values themselves never leave here.
"""

from __future__ import annotations

import polars as pl

#: Cheap pre-filter: a 10/12-digit token with optional sign, bounded by non-digits.
_CANDIDATE = r"(?:^|[^0-9])(?:[0-9]{6}|[0-9]{8})[-+]?[0-9]{4}(?:[^0-9]|$)"
#: Maximal digit runs, optionally joined by one sign.
_TOKEN = r"[0-9]+(?:[-+][0-9]+)?"
_SHAPE = r"^(?:[0-9]{6}|[0-9]{8})[-+]?[0-9]{4}$"


def _valid_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    text = pl.format("{}-{}-{}", year.cast(pl.String).str.zfill(4),
                     month.cast(pl.String).str.zfill(2), day.cast(pl.String).str.zfill(2))
    return text.str.strptime(pl.Date, "%Y-%m-%d", strict=False).is_not_null()


def _luhn_ok(ten: pl.Expr) -> pl.Expr:
    total = pl.lit(0, dtype=pl.Int32)
    for i in range(10):
        digit = ten.str.slice(i, 1).cast(pl.Int32)
        if i % 2 == 0:
            doubled = digit * 2
            digit = pl.when(doubled > 9).then(doubled - 9).otherwise(doubled)
        total = total + digit
    return (total % 10) == 0


def identity_number_mask(values: pl.Series) -> pl.Series:
    """Boolean series: does each value contain a personnummer or samordningsnummer?"""
    text = values.cast(pl.String)
    candidate = text.str.contains(_CANDIDATE).fill_null(False)
    if not candidate.any():
        return pl.repeat(False, len(values), dtype=pl.Boolean, eager=True).alias(values.name)
    rows = pl.DataFrame({"_row": pl.int_range(len(text), eager=True), "v": text})
    tokens = (
        rows.filter(candidate)
        .with_columns(pl.col("v").str.extract_all(_TOKEN).alias("tok"))
        .explode("tok")
        .filter(pl.col("tok").str.contains(_SHAPE))
        .with_columns(pl.col("tok").str.replace_all(r"[-+]", "").alias("d"))
    )
    d = pl.col("d")
    long = d.str.len_chars() == 12
    date_part = pl.when(long).then(d.str.slice(0, 8)).otherwise(d.str.slice(0, 6))
    month = pl.when(long).then(d.str.slice(4, 2)).otherwise(d.str.slice(2, 2)).cast(pl.Int32)
    day_raw = pl.when(long).then(d.str.slice(6, 2)).otherwise(d.str.slice(4, 2)).cast(pl.Int32)
    day = pl.when(day_raw > 60).then(day_raw - 60).otherwise(day_raw)
    yy = date_part.str.slice(0, 2).cast(pl.Int32)
    year_long = d.str.slice(0, 4).cast(pl.Int32)
    date_ok = (
        pl.when(long).then(_valid_date(year_long, month, day))
        .otherwise(_valid_date(1900 + yy, month, day) | _valid_date(2000 + yy, month, day))
    )
    ten = pl.when(long).then(d.str.slice(2, 10)).otherwise(d)
    hits = tokens.filter(date_ok & _luhn_ok(ten)).get_column("_row").unique()
    mask = pl.repeat(False, len(values), dtype=pl.Boolean, eager=True).alias(values.name)
    if hits.len():
        mask = mask.scatter(hits, True)
    return mask


def count_identity_numbers(frame: pl.DataFrame) -> dict[str, int]:
    """Per column: how many values hold an identity number (only columns with hits)."""
    counts: dict[str, int] = {}
    for name in frame.columns:
        if name.startswith("_"):
            continue
        n = int(identity_number_mask(frame.get_column(name)).sum())
        if n:
            counts[name] = n
    return counts


def has_identity_number(values: list[str]) -> bool:
    """Does any of ``values`` (file or column names, manifest fields) hold an identity number?"""
    if not values:
        return False
    return bool(identity_number_mask(pl.Series(values, dtype=pl.String)).any())
