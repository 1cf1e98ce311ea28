"""p-chart (proportions) with varying denominators, as the R package qicharts2 computes it.

Centre line p̄ = Σy / Σn over the points used for the baseline; per point σᵢ = √(p̄(1 − p̄)/nᵢ);
limits p̄ ± 3σᵢ (and the 2-sigma ones p̄ ± 2σᵢ) clipped to [0, 1]. A point is outside when its
proportion lies strictly above the upper or strictly below the lower 3-sigma limit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def p_chart(
    numerators: Sequence[float] | np.ndarray,
    denominators: Sequence[float] | np.ndarray,
    baseline: Sequence[bool] | np.ndarray | None = None,
) -> pd.DataFrame:
    """Return one row per point: y, n, p, cl, sigma, lcl, ucl, lcl_95, ucl_95, outside.

    ``baseline`` marks the points whose numerators and denominators define the centre line
    (default: all). Points with a missing or zero denominator get a missing p, sigma and limits
    and are never outside; they do not enter the centre line.
    """
    y = np.asarray(numerators, dtype=float)
    n = np.asarray(denominators, dtype=float)
    if y.shape != n.shape:
        raise ValueError("numerators and denominators must have the same length")
    if np.any(y[~np.isnan(y)] < 0) or np.any(n[~np.isnan(n)] < 0):
        raise ValueError("numerators and denominators must not be negative")
    usable = ~np.isnan(y) & ~np.isnan(n) & (n > 0)
    base = usable if baseline is None else usable & np.asarray(baseline, dtype=bool)
    if not base.any():
        raise ValueError("p_chart needs at least one baseline point with a positive denominator")
    cl = y[base].sum() / n[base].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(usable, y / n, np.nan)
        sigma = np.where(usable, np.sqrt(cl * (1 - cl) / n), np.nan)
    ucl = np.minimum(cl + 3 * sigma, 1.0)
    lcl = np.maximum(cl - 3 * sigma, 0.0)
    ucl_95 = np.minimum(cl + 2 * sigma, 1.0)
    lcl_95 = np.maximum(cl - 2 * sigma, 0.0)
    outside = usable & ((p > ucl) | (p < lcl))
    return pd.DataFrame(
        {
            "y": y,
            "n": n,
            "p": p,
            "cl": cl,
            "sigma": sigma,
            "lcl": lcl,
            "ucl": ucl,
            "lcl_95": lcl_95,
            "ucl_95": ucl_95,
            "outside": outside,
        }
    )
