"""Independent numpy implementations of the interval methods of marts.metric_values (catalogue
interval_method), written from the formulas in docs/metric_decisions.md and not from the SQL:
tests/test_interval_coverage.py simulates their coverage and checks that they equal the shipped
macros (models/validation/val_interval_formulas.sql) on fixed inputs."""

from __future__ import annotations

import numpy as np
from scipy import stats

Z95 = stats.norm.ppf(0.975)


def z_of(level: float) -> float:
    """Two-sided standard normal quantile of a confidence level (0.95 -> 1.96)."""
    return float(stats.norm.ppf(0.5 + level / 2))


def wilson(x: np.ndarray, n: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits of x / n (no continuity correction)."""
    z = z_of(level)
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def cluster_ratio(y: np.ndarray, x: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Linearisation interval of R = Σy / Σx over clusters (last axis), t with n − 1 degrees of
    freedom, clipped to [0, 1]: var = n/(n−1) · Σ(y − R x)² / (Σx)²."""
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    n = y.shape[-1]
    ratio = y.sum(-1) / x.sum(-1)
    residual = ((y - ratio[..., None] * x) ** 2).sum(-1)
    se = np.sqrt(n / (n - 1) * residual) / x.sum(-1)
    t = stats.t.ppf(0.5 + level / 2, n - 1)
    return np.clip(ratio - t * se, 0, 1), np.clip(ratio + t * se, 0, 1)


def order_statistic_ranks(n: int, p: float, level: float = 0.95) -> tuple[int, int] | None:
    """1-based ranks (l, u) of the distribution-free interval of the p-quantile; None below n = 10."""
    if n < 10:
        return None
    alpha = 1 - level
    lower = int(stats.binom.ppf(alpha / 2, n, p))
    upper = int(stats.binom.ppf(1 - alpha / 2, n, p)) + 1
    return min(n, max(1, lower)), min(n, max(1, upper))


def order_statistic(values: np.ndarray, p: float, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Limits x₍ₗ₎, x₍ᵤ₎ of the p-quantile from samples along the last axis (all of one size n)."""
    values = np.sort(np.asarray(values, dtype=float), axis=-1)
    ranks = order_statistic_ranks(values.shape[-1], p, level)
    if ranks is None:
        nan = np.full(values.shape[:-1], np.nan)
        return nan, nan
    return values[..., ranks[0] - 1], values[..., ranks[1] - 1]
