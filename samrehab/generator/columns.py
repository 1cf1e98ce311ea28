"""Turn generator arrays into polars columns: ids, dates, labelled codes, nullable values."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

ID_WIDTH = 8


def ids(prefix: str, offset: int, n: int, width: int = ID_WIDTH) -> pl.Series:
    """Sequential ids ``prefix`` + zero-padded number, starting at ``offset`` + 1."""
    numbers = pl.Series(np.arange(offset + 1, offset + n + 1, dtype=np.int64))
    return prefix + numbers.cast(pl.String).str.zfill(width)


def id_refs(prefix: str, offset: int, index: np.ndarray, width: int = ID_WIDTH) -> pl.Series:
    """Ids of rows ``index`` (0-based within a block starting at ``offset``); -1 gives null."""
    numbers = pl.Series(np.where(index >= 0, index + offset + 1, 0).astype(np.int64))
    values = prefix + numbers.cast(pl.String).str.zfill(width)
    return values.set(pl.Series(index < 0), None) if (index < 0).any() else values


def dates(days: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    """Day numbers as a polars ``Date`` column; ``null`` marks missing values."""
    values = pl.Series(np.asarray(days, dtype=np.int64).astype(np.int32)).cast(pl.Date)
    if null is not None and null.any():
        values = values.set(pl.Series(null), None)
    return values


def labels(names: Sequence[str], index: np.ndarray) -> pl.Series:
    """Code labels for indices; -1 gives null."""
    table = np.asarray(list(names) + [""], dtype=object)
    values = pl.Series(table[np.where(index >= 0, index, len(names))].astype(str))
    return values.set(pl.Series(index < 0), None) if (index < 0).any() else values


def nullable_int(values: np.ndarray, null: np.ndarray) -> pl.Series:
    """Int32 column with nulls where ``null`` holds."""
    series = pl.Series(np.asarray(values, dtype=np.int32))
    return series.set(pl.Series(null), None) if null.any() else series


def nullable_bool(values: np.ndarray, null: np.ndarray) -> pl.Series:
    """Boolean column with nulls where ``null`` holds."""
    series = pl.Series(np.asarray(values, dtype=bool))
    return series.set(pl.Series(null), None) if null.any() else series


def nullable_float(values: np.ndarray) -> pl.Series:
    """Float column where NaN becomes null."""
    return pl.Series(np.asarray(values, dtype=np.float64)).fill_nan(None)
