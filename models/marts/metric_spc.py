"""marts.metric_spc: control charts of the monthly series of every proportion metric.

One row per point: metric (value type proportion) x region x care-level slice (`all` and each
level) x month, dimension total, in time order. Suppressed months have no numbers and are left out
of the series (months_suppressed counts them). Per series, as the R package qicharts2 computes it
(``samrehab.stats``):

* p-chart with varying denominators (``p_chart``): centre line p̄ = Σ numerators / Σ denominators
  over the whole series, per point σᵢ = √(p̄(1 − p̄)/nᵢ), 3-sigma limits p̄ ± 3σᵢ and 2-sigma
  warning limits, clipped to [0, 1]; a point is outside when strictly beyond a 3-sigma limit;
* run chart (``runs_analysis``) around the median of the monthly shares: useful observations (not
  on the median), longest run on one side and the number of crossings against the Anhøj limits
  round(log2 n) + 3 and qbinom(0.05, n − 1, 0.5), and the signals. The series-level columns repeat
  on each point of the series.

Making Data Count icons (``samrehab.stats.making_data_count``, the rules of NHSRplotthedots) are
computed on a second chart of the same series: an XmR chart of the monthly shares (mean ± 2.66 ×
mean moving range; the p-chart above is not used for them). Only complete months enter (rows whose
``period_status`` is not ``provisional``, when metric_values has that column). Series-level columns:
``xmr_mean``, ``xmr_lower``, ``xmr_upper``, ``icon_points``, ``variation_icon``, ``assurance_icon``
(against the region's target in marts.effect_goal_status, total care level only), ``icon_target``,
``icon_status`` (computed / too_few_points / no_variation) and ``icon_chart`` (``xmr``); per point
``xmr_special_cause`` (the NHSRplotthedots label, null for points not in the chart).

Shares whose units come in clusters (minutes of one staff member: E3.in_competence_time_share)
are left out: a p-chart treats every unit as an independent trial, so its limits would be far too
narrow (it would need Laney's p' chart).

Provisional months (period_status of metric_values: their observation windows are not yet observed)
stay in the series as rows, flagged by period_status and observed_share, with the limits a point of
their size would have; they are left out of the centre line, the run-chart median, the Anhøj
signals and series_points, and are never outside the limits: a half-observed month cannot raise a
signal.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

# import the package (not a submodule): dbt may run two Python models in parallel threads
from samrehab.stats import making_data_count as mdc
from samrehab.stats import p_chart, runs_analysis

SERIES_KEYS = ["metric_id", "region_code", "care_level"]

OUTPUT_TYPES: dict[str, str] = {
    "metric_id": "str",
    "effect_goal": "str",
    "region_code": "str",
    "care_level": "str",
    "period": "str",
    "period_start": "datetime64[us]",
    "point_number": "int64",
    "numerator": "float64",
    "denominator": "float64",
    "value": "float64",
    "centre_line": "float64",
    "sigma": "float64",
    "lcl": "float64",
    "ucl": "float64",
    "lcl_2sigma": "float64",
    "ucl_2sigma": "float64",
    "outside_limits": "boolean",
    "series_points": "int64",
    "months_suppressed": "int64",
    "points_outside": "int64",
    "run_chart_median": "float64",
    "useful_observations": "int64",
    "longest_run": "Int64",
    "longest_run_max": "Int64",
    "crossings": "Int64",
    "crossings_min": "Int64",
    "longest_run_signal": "boolean",
    "crossings_signal": "boolean",
    "runs_signal": "boolean",
    "xmr_special_cause": "str",
    "xmr_mean": "float64",
    "xmr_lower": "float64",
    "xmr_upper": "float64",
    "icon_chart": "str",
    "icon_points": "int64",
    "icon_status": "str",
    "icon_target": "float64",
    "variation_icon": "str",
    "assurance_icon": "str",
    "period_status": "str",
    "observed_share": "float64",
}


def series_icons(points: pd.DataFrame, higher_is_better: bool | None, target: float | None) -> pd.DataFrame:
    """The Making Data Count columns of one series (``points`` from series_chart, time order): an
    XmR chart of the complete months' values, icons from its last point and the target."""
    complete = (points["period_status"].ne("provisional") if "period_status" in points
                else pd.Series(True, index=points.index))
    values = points.loc[complete, "value"].to_numpy(float)
    icons = mdc.making_data_count(values, higher_is_better=higher_is_better, target=target)
    points = points.assign(
        xmr_special_cause=None, xmr_mean=np.nan, xmr_lower=np.nan, xmr_upper=np.nan, icon_chart="xmr",
        icon_points=icons.points, icon_status=icons.status, icon_target=np.nan if target is None else target,
        variation_icon=icons.variation, assurance_icon=icons.assurance,
    )
    if icons.limits is not None:
        limits = icons.limits
        rtm, outside, close = mdc.chart_points(values, limits)
        points.loc[complete, "xmr_special_cause"] = mdc.special_cause_types(values, rtm, close, outside)
        points[["xmr_mean", "xmr_lower", "xmr_upper"]] = [limits.mean, limits.lower, limits.upper]
    return points


def series_chart(series: pd.DataFrame, months_suppressed: int) -> pd.DataFrame:
    """p-chart and run-chart columns of one series of published months in time order; only its
    complete months define the centre line and the signals."""
    complete = (series["period_status"] == "complete").to_numpy(bool)
    chart = p_chart(series["numerator"].to_numpy(float), series["denominator"].to_numpy(float), baseline=complete)
    chart["outside"] = chart["outside"].to_numpy(bool) & complete
    runs = runs_analysis(chart["p"].to_numpy(float)[complete])
    points = pd.DataFrame(
        {
            "metric_id": series["metric_id"].to_numpy(),
            "effect_goal": series["effect_goal"].to_numpy(),
            "region_code": series["region_code"].to_numpy(),
            "care_level": series["care_level"].to_numpy(),
            "period": series["period"].to_numpy(),
            "period_start": series["period_start"].to_numpy(),
            "point_number": np.arange(1, len(series) + 1),
            "numerator": chart["y"].to_numpy(),
            "denominator": chart["n"].to_numpy(),
            "value": chart["p"].to_numpy(),
            "centre_line": chart["cl"].to_numpy(),
            "sigma": chart["sigma"].to_numpy(),
            "lcl": chart["lcl"].to_numpy(),
            "ucl": chart["ucl"].to_numpy(),
            "lcl_2sigma": chart["lcl_95"].to_numpy(),
            "ucl_2sigma": chart["ucl_95"].to_numpy(),
            "outside_limits": chart["outside"].to_numpy(),
        }
    )
    points["period_status"] = series["period_status"].to_numpy()
    points["observed_share"] = series["observed_share"].to_numpy(float)
    points["series_points"] = int(complete.sum())
    points["months_suppressed"] = months_suppressed
    points["points_outside"] = int(chart["outside"].sum())
    points["run_chart_median"] = runs.centre
    points["useful_observations"] = runs.n_useful
    points["longest_run"] = runs.longest_run
    points["longest_run_max"] = runs.longest_run_max
    points["crossings"] = runs.n_crossings
    points["crossings_min"] = runs.n_crossings_min
    points["longest_run_signal"] = runs.longest_run_signal
    points["crossings_signal"] = runs.crossings_signal
    points["runs_signal"] = runs.runs_signal
    return points


def metric_spc(
    values: pd.DataFrame, polarity: dict[str, bool | None] | None = None,
    targets: dict[tuple[str, str], float] | None = None,
) -> pd.DataFrame:
    """Control-chart rows of ``values`` (monthly total rows of the proportion metrics); ``polarity``
    (metric → higher_is_better) and ``targets`` ((metric, region) → target) orient the icons."""
    values = values.sort_values(SERIES_KEYS + ["period_start"], kind="stable")
    polarity, targets = polarity or {}, targets or {}
    if "period_status" not in values.columns:  # series without completeness are complete
        values = values.assign(period_status="complete", observed_share=1.0)
    if "observed_share" not in values.columns:  # a status without its share: complete months are whole
        values = values.assign(observed_share=np.where(values["period_status"] == "complete", 1.0, np.nan))
    parts: list[pd.DataFrame] = []
    for (metric_id, region_code, care_level), series in values.groupby(SERIES_KEYS, sort=False):
        published = series[series["value"].notna() & (series["denominator"] > 0)]
        if not published["period_status"].eq("complete").any():
            continue
        points = series_chart(published, int(series["suppressed"].sum()))
        if "period_status" in published:
            points["period_status"] = published["period_status"].to_numpy()
        target = targets.get((metric_id, region_code)) if care_level == "all" else None
        parts.append(series_icons(points, polarity.get(metric_id), target))
    if not parts:
        return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in OUTPUT_TYPES.items()})
    result = pd.concat(parts, ignore_index=True)[list(OUTPUT_TYPES)].astype(OUTPUT_TYPES)
    return result


def model(dbt: Any, session: Any) -> pd.DataFrame:
    """dbt entry point: read the monthly proportion series of metric_values, return the charts."""
    dbt.config(materialized="table")
    proportions = (
        dbt.ref("metric_catalogue")
        .filter("value_type = 'proportion' and metric_id <> 'E3.in_competence_time_share'")
        .project("metric_id")
        .df()
    )
    metric_ids = ", ".join("'" + metric_id.replace("'", "''") + "'" for metric_id in proportions["metric_id"])
    if not metric_ids:
        return as_relation(session, metric_spc(pd.DataFrame(columns=SERIES_KEYS + ["period_start"])))
    values = (
        dbt.ref("metric_values")
        .filter(f"period_type = 'month' and dimension = 'total' and metric_id in ({metric_ids})")
        .project(
            "metric_id, effect_goal, region_code, care_level, period, period_start, numerator, denominator, "
            "value, suppressed, period_status, observed_share"
        )
        .df()
    )
    catalogue = dbt.ref("metric_catalogue").project("metric_id, higher_is_better").df()
    polarity = {metric: (None if pd.isna(higher) else bool(higher))
                for metric, higher in zip(catalogue["metric_id"], catalogue["higher_is_better"], strict=True)}
    plan = (dbt.ref("effect_goal_status").filter("target_value is not null")
            .project("metric_id, region_code, target_value").df())
    targets = {(metric, region): float(target) for metric, region, target
               in zip(plan["metric_id"], plan["region_code"], plan["target_value"], strict=True)}
    return as_relation(session, metric_spc(values, polarity, targets))


def as_relation(session: Any, frame: pd.DataFrame) -> Any:
    """The frame as a DuckDB relation with period_start a DATE (as in metric_values), also when empty."""
    return session.from_df(frame).project("* replace (cast(period_start as date) as period_start)")
