"""marts.equity_gaps: inequality summaries of marts.metric_values across the groups of a dimension.

One row per metric x period x region x care-level slice x dimension (municipality, diagnosis_group,
age_band, sex) of the metrics whose groups are comparable (every value type except counts, which
grow with the group's size). Only shown (unsuppressed) groups enter:

* highest and lowest value, range ratio and difference, index of disparity around the benchmark
  (the slice's total), all from ``samrehab.stats.inequality``;
* the number of groups better, similar, worse than the benchmark or not compared (the
  ``comparison`` column of metric_values, i.e. the benchmark outside the group's 95 % interval);
* for the ordered dimension age_band, the slope and relative index of inequality (SII, RII) with
  95 % limits, as PHEindicatormethods ``phe_sii`` (``samrehab.stats.inequality``): the age bands in
  age order (seed age_bands), each weighted by its share of the summed denominators of the bands
  (residents for population rates, referrals or stays for shares, observations for means and
  medians), simulated limits from each band's published 95 % interval (logit scale for shares,
  log scale for rates, ratios and standardised rates, natural scale for means and medians).
  Computed only when every band is shown; medians and quantiles (no interval) get the point
  estimates only. SII is in the metric's unit per full age range (youngest to oldest end), positive
  when the value rises with age; RII is the ratio of the fitted values at the oldest and youngest
  ends, left empty when either fitted end value is not positive.

Every row carries the completeness of its period (observed_share, period_status of metric_values,
the same for all groups of a cell) and is_latest_complete: the latest complete period of the
metric, period type and region, which the equity summaries default to.

Configuration (dbt vars, defaults in brackets): equity_sii_period_types [quarter, year] - the
simulation runs per cell, so months are left out by default; equity_sii_repetitions [10000] - the
Monte Carlo error of a limit is then about 3 % of the SII's standard error.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from samrehab.stats import heat as heat_measures

# import the package (not a submodule): dbt may run two Python models in parallel threads
from samrehab.stats import (
    index_of_disparity,
    range_difference,
    range_ratio,
    slope_index_of_inequality,
)

DIMENSIONS = ("municipality", "diagnosis_group", "age_band", "sex")
ORDERED_DIMENSION = "age_band"
EXCLUDED_VALUE_TYPES = ("count",)
# value type of metric_catalogue -> value_type of slope_index_of_inequality (scale of the simulation)
SII_SCALE = {
    "proportion": "proportion",
    "rate": "rate",
    "ratio": "rate",
    "dsr": "rate",
    "mean": "normal",
    "median": "normal",
    "quantile": "normal",
}
CELL_KEYS = ["metric_id", "period_type", "period_start", "region_code", "care_level", "dimension"]
CELL_COLUMNS = CELL_KEYS + ["period", "effect_goal", "period_status", "observed_share"]

OUTPUT_TYPES: dict[str, str] = {
    "metric_id": "str",
    "effect_goal": "str",
    "value_type": "str",
    "higher_is_better": "boolean",
    "period_type": "str",
    "period": "str",
    "period_start": "datetime64[us]",
    "region_code": "str",
    "care_level": "str",
    "dimension": "str",
    "groups_total": "int64",
    "groups_shown": "int64",
    "groups_suppressed": "int64",
    "benchmark_value": "float64",
    "highest_value": "float64",
    "highest_group_code": "str",
    "highest_group_label": "str",
    "lowest_value": "float64",
    "lowest_group_code": "str",
    "lowest_group_label": "str",
    "range_ratio": "float64",
    "range_difference": "float64",
    "index_of_disparity": "float64",
    "groups_better": "int64",
    "groups_similar": "int64",
    "groups_worse": "int64",
    "groups_not_compared": "int64",
    "sii": "float64",
    "sii_ci_low": "float64",
    "sii_ci_high": "float64",
    "rii": "float64",
    "rii_ci_low": "float64",
    "rii_ci_high": "float64",
    "sii_status": "str",
    **heat_measures.OUTPUT_TYPES,
    "period_status": "str",
    "observed_share": "float64",
    "is_latest_complete": "boolean",
}


SII_COLUMNS = ("sii", "sii_ci_low", "sii_ci_high", "rii", "rii_ci_low", "rii_ci_high")


def sii_columns(
    population: np.ndarray,
    value: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    value_type: str,
    n_bands: int,
    repetitions: int,
) -> dict[str, Any]:
    """SII/RII of one age-band cell (arrays in age order, suppressed bands as NaN) or the reason
    why there is none."""
    empty: dict[str, Any] = dict.fromkeys(SII_COLUMNS, np.nan)
    if len(value) != n_bands or np.isnan(value).any() or not (population > 0).all():
        return {**empty, "sii_status": "incomplete_groups"}
    scale = SII_SCALE[value_type]
    usable = bool(np.isfinite(low).all() and np.isfinite(high).all() and (high > low).all())
    if usable and scale == "proportion":
        usable = bool((low > 0).all() and (high < 1).all())
    if usable and scale == "rate":
        usable = bool((low > 0).all())
    if not usable:
        # the point estimates do not depend on the intervals: a fit with zero standard errors
        point = slope_index_of_inequality(population, value, se=np.zeros(len(value)), repetitions=1000)
        row = {**empty, "sii": point.sii, "rii": point.rii, "sii_status": "point_only"}
        return _without_undefined_rii(row, point.intercept, point.sii)
    result = slope_index_of_inequality(
        population, value, lower_cl=low, upper_cl=high, value_type=scale,
        confidence=0.95, repetitions=repetitions,
    )
    limits = result.limits[0.95]
    row = {
        "sii": result.sii,
        "sii_ci_low": limits["sii_lower"],
        "sii_ci_high": limits["sii_upper"],
        "rii": result.rii,
        "rii_ci_low": limits["rii_lower"],
        "rii_ci_high": limits["rii_upper"],
        "sii_status": "computed",
    }
    return _without_undefined_rii(row, result.intercept, result.sii)


def _without_undefined_rii(row: dict[str, Any], intercept: float, slope: float) -> dict[str, Any]:
    """RII is the ratio of the fitted values at the two ends of the range (β₀ + β₁)/β₀: without
    meaning when either is not positive (a steep, non-linear gradient whose fitted line crosses
    zero, such as access by age). Then the RII and its limits are left empty."""
    if intercept <= 0 or intercept + slope <= 0:
        return {**row, "rii": np.nan, "rii_ci_low": np.nan, "rii_ci_high": np.nan}
    return row


def _as_list(configured: Any, default: list[str]) -> list[str]:
    """A list config value; yml renders a var's list as its text (e.g. "['quarter', 'year']")."""
    if configured is None or configured == "":
        return default
    if isinstance(configured, str):
        return [part.strip(" '\"") for part in configured.strip("[]").split(",") if part.strip(" '\"")]
    return [str(part) for part in configured]


def equity_gaps(
    values: pd.DataFrame,
    catalogue: pd.DataFrame,
    n_bands: int,
    sii_period_types: list[str],
    repetitions: int,
) -> pd.DataFrame:
    """Summaries per cell of ``values`` (rows of metric_values of the equity dimensions)."""
    catalogue = catalogue[~catalogue["value_type"].isin(EXCLUDED_VALUE_TYPES)]
    if "multiplier" not in catalogue:
        catalogue = catalogue.assign(multiplier=np.nan)
    if "period_status" not in values.columns:  # rows without completeness are complete
        values = values.assign(period_status="complete", observed_share=1.0)
    data = values.merge(catalogue[["metric_id", "value_type", "higher_is_better", "multiplier"]], on="metric_id")
    if data.empty:
        return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in OUTPUT_TYPES.items()})
    data = data.sort_values(CELL_KEYS + ["group_sort_order", "group_code"], kind="stable").reset_index(drop=True)
    # cells are contiguous after the sort: one slice [start, end) of the arrays per cell
    cell_id = data.groupby(CELL_KEYS, sort=False).ngroup().to_numpy()
    starts = np.flatnonzero(np.r_[True, cell_id[1:] != cell_id[:-1]])
    ends = np.r_[starts[1:], len(data)]
    value = data["value"].to_numpy(float, na_value=np.nan)
    denominator = data["denominator"].to_numpy(float, na_value=np.nan)
    low = data["ci_low"].to_numpy(float, na_value=np.nan)
    high = data["ci_high"].to_numpy(float, na_value=np.nan)
    benchmark = data["benchmark_value"].to_numpy(float, na_value=np.nan)
    comparison = data["comparison"].to_numpy(object)
    codes = data["group_code"].to_numpy(object)
    labels = data["group_label"].to_numpy(object)

    result = data.loc[starts, CELL_COLUMNS + ["value_type", "higher_is_better", "multiplier"]].reset_index(drop=True)
    result["groups_total"] = ends - starts
    result["groups_shown"] = np.add.reduceat(~np.isnan(value), starts)
    result["groups_suppressed"] = np.add.reduceat(data["suppressed"].to_numpy(bool), starts)
    for flag in ("better", "similar", "worse", "not_compared"):
        result[f"groups_{flag}"] = np.add.reduceat(comparison == flag, starts)

    dimensions = result["dimension"].to_numpy(object)
    period_types = result["period_type"].to_numpy(object)
    value_types = result["value_type"].to_numpy(object)
    higher = [None if pd.isna(h) else bool(h) for h in result["higher_is_better"]]
    multipliers = result["multiplier"].to_numpy(float, na_value=np.nan)
    measures: list[dict[str, Any]] = []
    for cell, (start, end) in enumerate(zip(starts, ends, strict=True)):
        cell_values = value[start:end]
        cell_benchmark = benchmark[start:end][~np.isnan(benchmark[start:end])]
        benchmark_value = float(cell_benchmark[0]) if cell_benchmark.size else np.nan
        row: dict[str, Any] = {
            "benchmark_value": benchmark_value,
            "range_ratio": range_ratio(cell_values),
            "range_difference": range_difference(cell_values),
            "index_of_disparity": index_of_disparity(cell_values, benchmark_value),
        }
        if not np.isnan(cell_values).all():
            top, bottom = start + int(np.nanargmax(cell_values)), start + int(np.nanargmin(cell_values))
            row.update(
                highest_value=value[top], highest_group_code=codes[top], highest_group_label=labels[top],
                lowest_value=value[bottom], lowest_group_code=codes[bottom], lowest_group_label=labels[bottom],
            )
        row.update(heat_measures.cell_measures(
            cell_values, denominator[start:end], low[start:end], high[start:end],
            higher_is_better=higher[cell], value_type=value_types[cell],
            ordered=dimensions[cell] == ORDERED_DIMENSION, multiplier=multipliers[cell],
        ))
        if dimensions[cell] == ORDERED_DIMENSION:
            if period_types[cell] in sii_period_types:
                row.update(sii_columns(
                    denominator[start:end], cell_values, low[start:end], high[start:end],
                    value_types[cell], n_bands, repetitions,
                ))
            else:
                row["sii_status"] = "not_computed_period_type"
        measures.append(row)
    result = pd.concat([result, pd.DataFrame(measures, index=result.index)], axis=1)
    complete_start = result["period_start"].where(result["period_status"] == "complete")
    series = [result["metric_id"], result["period_type"], result["region_code"]]
    latest = complete_start.groupby(series).transform("max")
    result["is_latest_complete"] = complete_start.notna() & (result["period_start"] == latest)
    result = result.reindex(columns=list(OUTPUT_TYPES)).astype(OUTPUT_TYPES)
    return result


def model(dbt: Any, session: Any) -> pd.DataFrame:
    """dbt entry point: read metric_values, return the equity summaries."""
    dbt.config(materialized="table")
    # plain assignments: dbt finds refs and config keys by parsing the calls
    configured_period_types = dbt.config.get("sii_period_types")
    configured_repetitions = dbt.config.get("sii_repetitions")
    bands = dbt.ref("age_bands")
    sii_period_types = _as_list(configured_period_types, ["quarter", "year"])
    repetitions = int(configured_repetitions or 10_000)
    dimensions = ", ".join(f"'{dimension}'" for dimension in DIMENSIONS)
    values = (
        dbt.ref("metric_values")
        .filter(f"dimension in ({dimensions})")
        .project(
            "metric_id, effect_goal, period_type, period, period_start, region_code, care_level, dimension, "
            "group_code, group_label, group_sort_order, denominator, value, ci_low, ci_high, "
            "benchmark_value, comparison, suppressed, period_status, observed_share"
        )
        .df()
    )
    catalogue = dbt.ref("metric_catalogue").project("metric_id, value_type, higher_is_better, multiplier").df()
    n_bands = len(bands.project("age_band").df())
    gaps = equity_gaps(values, catalogue, n_bands, sii_period_types, repetitions)
    return as_relation(session, gaps)


def as_relation(session: Any, frame: pd.DataFrame) -> Any:
    """The frame as a DuckDB relation with period_start a DATE (as in metric_values), also when empty."""
    return session.from_df(frame).project("* replace (cast(period_start as date) as period_start)")
