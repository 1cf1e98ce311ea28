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


# ---------------------------------------------------------------------------------------------
# WHO HEAT summary measures, as the WHO R package healthequal 1.0.1 computes them
# (github.com/WHOequity/healthequal; Schlotheuber & Hosseinpoor 2022). Estimates and standard
# errors are per group; ``pop`` is each group's population (weights w = pop / Σpop); the setting
# average μ = Σ w·est. Intervals are normal: estimate ± z·se, z = Φ⁻¹(0.975), on the log scale for
# the ratio. healthequal gives the mean-difference measures and the index of disparity only
# simulated intervals; they are left out here (estimate only).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One summary measure with its standard error and 95 % limits (NaN when not given)."""

    estimate: float
    se: float = float("nan")
    lower: float = float("nan")
    upper: float = float("nan")


def _arrays(*columns: Sequence[float] | np.ndarray | None) -> list[np.ndarray | None]:
    return [None if c is None else np.asarray(c, dtype=float) for c in columns]


def _normal(estimate: float, se: float) -> Measure:
    if not np.isfinite(se):
        return Measure(float(estimate))
    return Measure(float(estimate), float(se), float(estimate - _Z95 * se), float(estimate + _Z95 * se))


def _shares(pop: np.ndarray) -> np.ndarray:
    # the sum is finite exactly when every population is (NaN or ±inf make it NaN or ±inf);
    # two reductions instead of four: this runs about ten times per cell of equity_gaps
    total = pop.sum()
    if pop.size == 0 or not np.isfinite(total) or total <= 0 or pop.min() < 0:
        raise ValueError("every group needs a population of 0 or more, and their sum must be positive")
    return pop / total


def _best(est: np.ndarray, higher_is_better: bool) -> int:
    return int(np.argmax(est) if higher_is_better else np.argmin(est))


def heat_difference(est: Sequence[float], se: Sequence[float] | None = None) -> Measure:
    """Difference D = highest − lowest group (healthequal ``d``, non-ordered, no reference group),
    se = √(se₁² + se₂²)."""
    e, s = _arrays(est, se)
    hi, lo = int(np.argmax(e)), int(np.argmin(e))
    d = e[hi] - e[lo]
    return _normal(d, float(np.hypot(s[hi], s[lo])) if s is not None else np.nan)


def heat_ratio(est: Sequence[float], se: Sequence[float] | None = None) -> Measure:
    """Ratio R = highest / lowest group (healthequal ``r``); limits exp(ln R ± z·se/R) with
    se = √((se₁² + R²·se₂²) / y₂²)."""
    e, s = _arrays(est, se)
    hi, lo = int(np.argmax(e)), int(np.argmin(e))
    if e[lo] <= 0:
        return Measure(float("nan"))
    r = e[hi] / e[lo]
    if s is None or not np.isfinite(s[[hi, lo]]).all():
        return Measure(float(r))
    log_se = float(np.sqrt((s[hi] ** 2 + r**2 * s[lo] ** 2) / e[lo] ** 2) / r)
    return Measure(float(r), log_se, float(np.exp(np.log(r) - _Z95 * log_se)), float(np.exp(np.log(r) + _Z95 * log_se)))


def between_group_variance(est: Sequence[float], pop: Sequence[float], se: Sequence[float] | None = None) -> Measure:
    """BGV = Σ wⱼ(yⱼ − μ)² with the standard error of Ahn et al. (healthequal ``bgv``)."""
    e, p, s = _arrays(est, pop, se)
    w = _shares(p)
    mu = float(np.sum(w * e))
    bgv = float(np.sum(w * (e - mu) ** 2))
    if s is None or not np.isfinite(s).all():
        return Measure(bgv)
    se2 = np.sum(w**2 * s**2 * (e - mu) ** 2)
    s2, s4 = np.sum(w**2 * s**2), np.sum(w**4 * s**4)
    se4 = np.sum(w**2 * (1 - w) ** 2 * s**4)
    return _normal(bgv, float(np.sqrt(4 * se2 + 2 * (s2**2 - s4 + se4))))


def mean_difference_from_mean(
    est: Sequence[float], pop: Sequence[float], *, weighted: bool, setting_average: float | None = None
) -> Measure:
    """MDM: mean absolute difference of the groups from the setting average μ (healthequal ``mdmu``
    unweighted: Σ|yⱼ − μ|/n; ``mdmw`` weighted: Σ wⱼ|yⱼ − μ|). μ is the population-weighted mean
    unless ``setting_average`` is given (unweighted version only, as healthequal)."""
    e, p = _arrays(est, pop)
    w = _shares(p)
    mu = float(np.sum(w * e)) if setting_average is None or weighted else float(setting_average)
    dev = np.abs(e - mu)
    return Measure(float(np.sum(w * dev) if weighted else dev.mean()))


def mean_difference_from_best(
    est: Sequence[float], pop: Sequence[float], *, higher_is_better: bool, weighted: bool
) -> Measure:
    """MDB: mean absolute difference from the best group (highest when higher is better), unweighted
    (healthequal ``mdbu``) or population-weighted (``mdbw``)."""
    e, p = _arrays(est, pop)
    w = _shares(p)
    dev = np.abs(e - e[_best(e, higher_is_better)])
    return Measure(float(np.sum(w * dev) if weighted else dev.mean()))


def heat_index_of_disparity(
    est: Sequence[float], pop: Sequence[float], *, weighted: bool, setting_average: float | None = None
) -> Measure:
    """Index of disparity in per cent of the setting average: unweighted 100/n·Σ|yⱼ − μ|/μ
    (healthequal ``idisu``), weighted 100·Σwⱼ|yⱼ − μ|/μ (``idisw``)."""
    e, p = _arrays(est, pop)
    w = _shares(p)
    mu = float(np.sum(w * e)) if setting_average is None or weighted else float(setting_average)
    if mu == 0:
        return Measure(float("nan"))
    mdm = mean_difference_from_mean(e, p, weighted=weighted, setting_average=setting_average).estimate
    return Measure(100 * mdm / mu)


def theil_index(est: Sequence[float], pop: Sequence[float], se: Sequence[float] | None = None) -> Measure:
    """Theil index ×1000: 1000·Σ wⱼ rⱼ ln rⱼ with rⱼ = yⱼ/μ (zero estimates as 10⁻⁶), with
    healthequal's ``ti`` standard error."""
    e, p, s = _arrays(est, pop, se)
    e = np.where(e == 0, 1e-6, e)
    w = _shares(p)
    mu = float(np.sum(w * e))
    r = e / mu
    ti = float(np.sum(w * r * np.log(r)) * 1000)
    if s is None or not np.isfinite(s).all():
        return Measure(ti)
    prep = np.sum(r * (1 + np.log(r)) * w)
    return _normal(ti, float(np.sqrt(np.sum((1 + np.log(r) - prep) ** 2 * (w**2 * s**2 / mu**2)))))


def mean_log_deviation(est: Sequence[float], pop: Sequence[float], se: Sequence[float] | None = None) -> Measure:
    """Mean log deviation ×1000: 1000·Σ wⱼ(−ln(yⱼ/μ)) with healthequal's ``mld`` standard error."""
    e, p, s = _arrays(est, pop, se)
    e = np.where(e == 0, 1e-6, e)
    w = _shares(p)
    mu = float(np.sum(w * e))
    mld = float(np.sum(w * -np.log(e / mu)) * 1000)
    if s is None or not np.isfinite(s).all():
        return Measure(mld)
    r = e / mu
    return _normal(mld, float(np.sqrt(np.sum(s**2 * w**2 / mu**2 * (1 - 1 / r) ** 2))))


def rescaled(measure: Measure, factor: float) -> Measure:
    """The measure with its standard error multiplied by ``factor`` and the 95 % limits recomputed.
    healthequal reports the Theil index and the mean log deviation ×1000 but their standard errors
    unscaled; ``rescaled(theil_index(...), 1000)`` puts the interval on the estimate's scale."""
    return _normal(measure.estimate, measure.se * factor)


def _attributable(
    est: np.ndarray, pop: np.ndarray, higher_is_better: bool, scale: float | None, reference: int | None
) -> tuple[float, float, float]:
    """(PAR, PAF in %, se of the PAF in %) against the reference group (default the best)."""
    w = _shares(pop)
    mu = float(np.sum(w * est))
    ref = _best(est, higher_is_better) if reference is None else reference
    gap = float(est[ref] - mu)
    if (gap < 0 and higher_is_better) or (gap > 0 and not higher_is_better):
        gap = 0.0
    paf = 100 * gap / mu if mu != 0 else float("nan")
    if scale is None:
        return gap, paf, float("nan")
    c = est[ref] / scale * pop[ref]
    d = pop[ref] - c
    a = mu / scale * pop.sum() - c
    b = pop.sum() - a - pop[ref]
    n = a + b + c + d
    paf_se = float(np.sqrt(c * n * (a * d * (n - c) + b * c**2) / ((a + c) ** 3 * (c + d) ** 3)))
    return gap, paf, paf_se


def population_attributable_risk(
    est: Sequence[float], pop: Sequence[float], *, higher_is_better: bool, scale: float | None = None,
    reference: int | None = None,
) -> Measure:
    """PAR = y_ref − μ (0 when the reference group is not better than the average), reference the
    best group (healthequal ``parisk``, non-ordered) or the group at index ``reference``. With the
    indicator's ``scale`` (1 for shares 0–1, 100 for per cent, 1000 for per 1 000) it has
    healthequal's interval (events of a 2×2 table from the estimates)."""
    e, p = _arrays(est, pop)
    par, paf, paf_se = _attributable(e, p, higher_is_better, scale, reference)
    mu = float(np.sum(_shares(p) * e))
    return _normal(par, abs(mu * paf_se))


def population_attributable_fraction(
    est: Sequence[float], pop: Sequence[float], *, higher_is_better: bool, scale: float | None = None,
    reference: int | None = None,
) -> Measure:
    """PAF = 100·PAR/μ in per cent (healthequal ``paf``), interval as healthequal's with ``scale``."""
    e, p = _arrays(est, pop)
    _, paf, paf_se = _attributable(e, p, higher_is_better, scale, reference)
    return _normal(paf, paf_se)


def _concentration(est: np.ndarray, pop: np.ndarray, relative: bool) -> Measure:
    """healthequal's ``aci``/``rci`` for grouped data: the convenient regression of
    2σ²_r·(yⱼ/μ)·√nⱼ (×μ for the absolute index) on rⱼ√nⱼ and √nⱼ, rⱼ the fractional rank, σ²_r its
    population variance; the index is the slope, its se the model's."""
    w = _shares(pop)
    rank = np.cumsum(w) - w / 2
    sigma = float(np.sum(w * (rank - 0.5) ** 2))
    mu = float(np.sum(w * est))
    root = np.sqrt(pop)
    if relative and mu == 0:
        return Measure(float("nan"))
    lhs = 2 * sigma * est * root / (mu if relative else 1.0)
    x = np.column_stack([rank * root, root])
    coef, *_ = np.linalg.lstsq(x, lhs, rcond=None)
    if est.size <= 2:
        return Measure(float(coef[0]))
    resid = lhs - x @ coef
    dispersion = float(resid @ resid) / (est.size - 2)
    se = float(np.sqrt(dispersion * np.linalg.inv(x.T @ x)[0, 0]))
    return _normal(float(coef[0]), se)


def absolute_concentration_index(est: Sequence[float], pop: Sequence[float]) -> Measure:
    """Absolute concentration index (healthequal ``aci``) of groups given in their order (least to
    most advantaged, or youngest to oldest): positive when the value concentrates at the top."""
    e, p = _arrays(est, pop)
    return _concentration(e, p, relative=False)


def relative_concentration_index(est: Sequence[float], pop: Sequence[float]) -> Measure:
    """Relative concentration index (healthequal ``rci``), ACI / μ; between −1 and 1 for a
    non-negative indicator."""
    e, p = _arrays(est, pop)
    return _concentration(e, p, relative=True)


@dataclass(frozen=True)
class Potential:
    """ScotPHO's potential for improvement: the total if every group reached the best group."""

    best_value: float
    total_value: float
    gain: float
    gain_share: float


def potential_for_improvement(est: Sequence[float], pop: Sequence[float], *, higher_is_better: bool) -> Potential:
    """If every group had the best group's value, the total would be that value: gain = best − μ
    (μ the population-weighted total of the groups shown) and the gain in per cent of μ."""
    e, p = _arrays(est, pop)
    w = _shares(p)
    mu = float(np.sum(w * e))
    best = float(e[_best(e, higher_is_better)])
    gain = best - mu
    return Potential(best, mu, gain, 100 * gain / mu if mu != 0 else float("nan"))
