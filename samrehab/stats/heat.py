"""WHO HEAT summary measures of one cell of marts.equity_gaps (the groups of one dimension).

The measures themselves live in ``samrehab.stats.inequality`` (checked against the WHO R package
healthequal); this module decides which apply to a cell and names the output columns:

* every dimension: difference and ratio of the highest and lowest shown group with 95 % limits;
* unordered dimensions: ScotPHO's potential for improvement (the total if every group reached the
  best group; not for age, which no service can change);
* unordered dimensions (municipality, diagnosis group, sex) with more than two shown groups, as
  healthequal requires: between-group variance (with limits), mean difference from the mean and
  from the best group, index of disparity (each unweighted and weighted), Theil index and mean log
  deviation (×1000, with limits whose standard error is scaled ×1000 too), population attributable
  risk and fraction against the best group (estimates only: see docs/metric_decisions.md, "WHO
  HEAT measures");
* the ordered dimension (age band, youngest → oldest): absolute and relative concentration index
  with limits.

Weights are the groups' denominators (residents for rates, referrals or stays for shares). A group's
standard error is taken from its published 95 % interval, (upper − lower) / (2 × 1.96). Measures that
need a direction (best group, PAR, PAF, potential) are empty for metrics without polarity.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from samrehab.stats import inequality as ineq

_Z95 = 1.959963984540054

_WITH_LIMITS = ("heat_difference", "heat_ratio", "between_group_variance", "theil_index", "mean_log_deviation",
                "concentration_index_absolute", "concentration_index_relative")
_ESTIMATE_ONLY = (
    "mean_difference_mean_unweighted", "mean_difference_mean_weighted",
    "mean_difference_best_unweighted", "mean_difference_best_weighted",
    "index_of_disparity_unweighted", "index_of_disparity_weighted",
    "population_attributable_risk", "population_attributable_fraction",
    "potential_best_value", "potential_total_value", "potential_gain", "potential_gain_share",
)

OUTPUT_TYPES: dict[str, str] = {
    **{f"{name}{suffix}": "float64" for name in _WITH_LIMITS for suffix in ("", "_ci_low", "_ci_high")},
    **dict.fromkeys(_ESTIMATE_ONLY, "float64"),
    "heat_status": "str",
}


def _put(row: dict[str, Any], name: str, measure: ineq.Measure) -> None:
    row[name] = measure.estimate
    if name in _WITH_LIMITS:
        row[f"{name}_ci_low"] = measure.lower
        row[f"{name}_ci_high"] = measure.upper


def cell_measures(
    value: np.ndarray,
    population: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    *,
    higher_is_better: bool | None,
    value_type: str,
    ordered: bool,
    multiplier: float = float("nan"),
) -> dict[str, Any]:
    """The HEAT columns of one cell (arrays of all its groups in the dimension's order; suppressed
    groups have NaN values and are left out)."""
    row: dict[str, Any] = dict.fromkeys(OUTPUT_TYPES, np.nan)
    shown = ~np.isnan(value) & np.isfinite(population) & (population > 0)
    est, pop = value[shown], population[shown]
    if est.size < 2:
        row["heat_status"] = "fewer_than_two_groups"
        return row
    se = (high[shown] - low[shown]) / (2 * _Z95)
    se = se if np.isfinite(se).all() and (se >= 0).all() else None
    _put(row, "heat_difference", ineq.heat_difference(est, se))
    _put(row, "heat_ratio", ineq.heat_ratio(est, se))
    row["heat_status"] = "computed"
    if ordered:
        if shown.all():
            _put(row, "concentration_index_absolute", ineq.absolute_concentration_index(est, pop))
            _put(row, "concentration_index_relative", ineq.relative_concentration_index(est, pop))
        else:
            row["heat_status"] = "incomplete_groups"
        return row
    if higher_is_better is not None:
        potential = ineq.potential_for_improvement(est, pop, higher_is_better=higher_is_better)
        row.update(potential_best_value=potential.best_value, potential_total_value=potential.total_value,
                   potential_gain=potential.gain, potential_gain_share=potential.gain_share)
    if est.size < 3:
        row["heat_status"] = "simple_measures_only"
        return row
    _put(row, "between_group_variance", ineq.between_group_variance(est, pop, se))
    for weighted, suffix in ((False, "unweighted"), (True, "weighted")):
        row[f"mean_difference_mean_{suffix}"] = ineq.mean_difference_from_mean(est, pop, weighted=weighted).estimate
        row[f"index_of_disparity_{suffix}"] = ineq.heat_index_of_disparity(est, pop, weighted=weighted).estimate
        if higher_is_better is not None:
            row[f"mean_difference_best_{suffix}"] = ineq.mean_difference_from_best(
                est, pop, higher_is_better=higher_is_better, weighted=weighted).estimate
    if (est >= 0).all():
        # ×1000 like the estimates (healthequal leaves their standard errors unscaled)
        _put(row, "theil_index", ineq.rescaled(ineq.theil_index(est, pop, se), 1000))
        _put(row, "mean_log_deviation", ineq.rescaled(ineq.mean_log_deviation(est, pop, se), 1000))
    if higher_is_better is not None:
        row["population_attributable_risk"] = ineq.population_attributable_risk(
            est, pop, higher_is_better=higher_is_better).estimate
        row["population_attributable_fraction"] = ineq.population_attributable_fraction(
            est, pop, higher_is_better=higher_is_better).estimate
    return row
