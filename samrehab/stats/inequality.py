"""Inequality measures across groups: slope and relative index of inequality (SII, RII), range
ratio and difference, index of disparity.

SII and RII follow PHEindicatormethods ``phe_sii`` (UKHSA; Low & Low 2004): each ordered group
(quantile, age band) gets the relative rank b = the midpoint of its share of the cumulative
population; the model y·√a = β₀·√a + β₁·b·√a (a = population share, no free intercept) is fitted
by least squares; SII = β₁·multiplier, RII = (β₀ + β₁)/β₀ (inverted for a negative multiplier).
Their confidence limits come from simulation: each group's value is drawn from a normal
distribution with its standard error (on the log scale for rates, the logit scale for
proportions, then transformed back), the model is refitted for every draw, and the limits are
the order statistics at positions round(R(1 − c)) and round(R·c), c = level + (1 − level)/2, of
the R sorted draws. A fixed seed makes the limits reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import stats

ValueType = Literal["normal", "rate", "proportion"]
_Z95 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class SiiResult:
    """SII, RII and the intercept β₀, with simulated limits per confidence level.

    ``limits[level]`` holds ``sii_lower``, ``sii_upper``, ``rii_lower``, ``rii_upper``.
    ``sii_sim_sd`` and ``rii_sim_sd`` are the standard deviations of the simulated values (to
    judge the Monte Carlo error of the limits).
    """

    sii: float
    rii: float
    intercept: float
    limits: dict[float, dict[str, float]] = field(default_factory=dict)
    sii_sim_sd: float = float("nan")
    rii_sim_sd: float = float("nan")


def relative_rank_midpoints(population: Sequence[float] | np.ndarray) -> np.ndarray:
    """Midpoint of each group's share in the cumulative population (groups in the given order)."""
    pop = np.asarray(population, dtype=float)
    share = pop / pop.sum()
    return np.cumsum(share) - share / 2


def _design(population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    share = population / population.sum()
    sqrt_a = np.sqrt(share)
    x = np.column_stack([sqrt_a, relative_rank_midpoints(population) * sqrt_a])
    return sqrt_a, x


def _standard_errors(
    value: np.ndarray,
    se: np.ndarray | None,
    lower_cl: np.ndarray | None,
    upper_cl: np.ndarray | None,
    value_type: ValueType,
) -> np.ndarray:
    if se is not None:
        return np.asarray(se, dtype=float)
    if lower_cl is None or upper_cl is None:
        raise ValueError("give either se or both lower_cl and upper_cl (95 % limits)")
    lo, hi = np.asarray(lower_cl, dtype=float), np.asarray(upper_cl, dtype=float)
    lo_t, hi_t = _transform(lo, value_type), _transform(hi, value_type)
    return (hi_t - lo_t) / _Z95 / 2


def _transform(v: np.ndarray, value_type: ValueType) -> np.ndarray:
    if value_type == "rate":
        return np.log(v)
    if value_type == "proportion":
        return np.log(v / (1 - v))
    return v


def _back_transform(v: np.ndarray, value_type: ValueType) -> np.ndarray:
    if value_type == "rate":
        return np.exp(v)
    if value_type == "proportion":
        return 1 / (1 + np.exp(-v))
    return v


def _order_statistic(sorted_draws: np.ndarray, position: int) -> float:
    # R's 1-based position; round() in R is half-to-even, as numpy's
    return float(sorted_draws[int(position) - 1])


def slope_index_of_inequality(
    population: Sequence[float] | np.ndarray,
    value: Sequence[float] | np.ndarray,
    *,
    se: Sequence[float] | np.ndarray | None = None,
    lower_cl: Sequence[float] | np.ndarray | None = None,
    upper_cl: Sequence[float] | np.ndarray | None = None,
    value_type: ValueType = "normal",
    multiplier: float = 1.0,
    confidence: float | Sequence[float] = 0.95,
    repetitions: int = 100_000,
    seed: int | None = 20250901,
) -> SiiResult:
    """SII and RII of ordered groups (least to most advantaged, or youngest to oldest).

    ``se`` is the standard error of each value on the transformed scale (log for
    ``value_type="rate"``, logit for ``"proportion"``); without it, it is derived from the 95 %
    limits as (T(upper) − T(lower)) / (2·1.959964). ``confidence`` may be a level or several
    (0.95, 0.998, or 95, 99.8). Every population must be positive.
    """
    pop = np.asarray(population, dtype=float)
    y = np.asarray(value, dtype=float)
    if pop.shape != y.shape or pop.ndim != 1:
        raise ValueError("population and value must be one-dimensional and of equal length")
    if np.any(~np.isfinite(pop)) or np.any(pop <= 0):
        raise ValueError("every group needs a positive population")
    if np.any(~np.isfinite(y)):
        raise ValueError("every group needs a value")
    if pop.size < 2:
        raise ValueError("SII needs at least two groups")
    if repetitions < 1000:
        raise ValueError("repetitions must be at least 1000")
    sqrt_a, x = _design(pop)
    beta0, beta1 = np.linalg.lstsq(x, y * sqrt_a, rcond=None)[0]
    sii = float(multiplier * beta1)
    rii = float((beta0 + beta1) / beta0)
    if multiplier < 0:
        rii = 1 / rii

    levels = [confidence] if np.isscalar(confidence) else list(confidence)
    levels = [float(c) / 100 if float(c) >= 1 else float(c) for c in levels]
    se_t = _standard_errors(
        y,
        None if se is None else np.asarray(se, dtype=float),
        None if lower_cl is None else np.asarray(lower_cl, dtype=float),
        None if upper_cl is None else np.asarray(upper_cl, dtype=float),
        value_type,
    )
    rng = np.random.default_rng(seed)
    centre = _transform(y, value_type)
    draws = rng.normal(centre[:, None], se_t[:, None], size=(y.size, repetitions))
    weighted = _back_transform(draws, value_type) * sqrt_a[:, None]
    # least-squares coefficients for every draw at once: (X'X)^-1 X' Y
    coef = np.linalg.solve(x.T @ x, x.T @ weighted)
    sim_sii = np.sort(multiplier * coef[1])
    sim_rii = (coef[0] + coef[1]) / coef[0]
    if multiplier < 0:
        sim_rii = 1 / sim_rii
    sim_rii = np.sort(sim_rii)

    limits: dict[float, dict[str, float]] = {}
    for level in levels:
        upper_p = level + (1 - level) / 2
        lo_pos = int(np.round(repetitions * (1 - upper_p)))
        hi_pos = int(np.round(repetitions * upper_p))
        limits[level] = {
            "sii_lower": _order_statistic(sim_sii, lo_pos),
            "sii_upper": _order_statistic(sim_sii, hi_pos),
            "rii_lower": _order_statistic(sim_rii, lo_pos),
            "rii_upper": _order_statistic(sim_rii, hi_pos),
        }
    return SiiResult(
        sii=sii,
        rii=rii,
        intercept=float(beta0),
        limits=limits,
        sii_sim_sd=float(np.std(sim_sii)),
        rii_sim_sd=float(np.std(sim_rii)),
    )


def range_ratio(values: Sequence[float] | np.ndarray) -> float:
    """Highest value divided by the lowest among the groups shown (NaN skipped); NaN when the
    lowest is 0 or fewer than two values are present."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size < 2 or v.min() == 0:
        return float("nan")
    return float(v.max() / v.min())


def range_difference(values: Sequence[float] | np.ndarray) -> float:
    """Highest minus lowest value among the groups shown (NaN skipped); NaN with fewer than two."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size < 2:
        return float("nan")
    return float(v.max() - v.min())


def index_of_disparity(values: Sequence[float] | np.ndarray, reference: float) -> float:
    """Index of disparity (Pearcy & Keppel 2002), in per cent of the reference:

        ID = (Σ|rᵢ − R| / n) / R × 100

    over the n groups shown (NaN skipped). ``reference`` R is the benchmark (the value for the
    whole population) or the most favourable group's value. NaN when R is 0 or missing or no group
    has a value.
    """
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0 or reference is None or np.isnan(reference) or reference == 0:
        return float("nan")
    return float(np.mean(np.abs(v - reference)) / reference * 100)
