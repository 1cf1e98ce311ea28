"""Vectorised sampling and day-number helpers shared by the generator modules.

Dates are carried as ``int64`` day numbers since 1970-01-01 until they are written.
"""

from __future__ import annotations

from datetime import date

import numpy as np

EPOCH = date(1970, 1, 1)


def day_number(value: date) -> int:
    """Day number (days since 1970-01-01) of a date."""
    return (value - EPOCH).days


def to_datetime64(days: np.ndarray) -> np.ndarray:
    """Day numbers as ``datetime64[D]``."""
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]")


def year_of(days: np.ndarray) -> np.ndarray:
    """Calendar year of day numbers."""
    return to_datetime64(days).astype("datetime64[Y]").astype(np.int64) + 1970


def month_of(days: np.ndarray) -> np.ndarray:
    """Calendar month (1–12) of day numbers."""
    return to_datetime64(days).astype("datetime64[M]").astype(np.int64) % 12 + 1


def month_start(days: np.ndarray) -> np.ndarray:
    """Day number of the first day of the month of each day number."""
    return to_datetime64(days).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def choose_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a ``[n, k]`` probability matrix; returns column indices."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative[:, -1] = 1.0
    u = rng.random(len(probabilities))
    return (u[:, None] > cumulative).sum(axis=1)


def choose(rng: np.random.Generator, probabilities: np.ndarray, size: int) -> np.ndarray:
    """``size`` categorical draws from one probability vector."""
    cumulative = np.cumsum(np.asarray(probabilities, dtype=float))
    cumulative /= cumulative[-1]
    return np.searchsorted(cumulative, rng.random(size), side="right")


def pick_padded(rng: np.random.Generator, table: np.ndarray, counts: np.ndarray,
                rows: np.ndarray) -> np.ndarray:
    """Pick uniformly one entry of each ``table[rows]`` among its first ``counts[rows]``."""
    column = (rng.random(len(rows)) * counts[rows]).astype(np.int64)
    return table[rows, column]


def group_starts(counts: np.ndarray) -> np.ndarray:
    """Start offsets of consecutive groups of the given sizes."""
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)


def position_in_group(counts: np.ndarray) -> np.ndarray:
    """0-based position of each element within its group, for groups laid out consecutively."""
    total = int(counts.sum())
    starts = np.repeat(group_starts(counts), counts)
    return np.arange(total, dtype=np.int64) - starts


def grouped_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sum restarting at every group (groups laid out consecutively)."""
    total = np.cumsum(values)
    before = total - values
    first = np.repeat(before[group_starts(counts)[counts > 0]], counts[counts > 0])
    return total - first


def lognormal_days(rng: np.random.Generator, median: np.ndarray, sigma: float) -> np.ndarray:
    """Log-normal whole days with the given medians."""
    return np.floor(median * np.exp(sigma * rng.standard_normal(len(median)))).astype(np.int64)
