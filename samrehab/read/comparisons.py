"""Comparison levels and the care-level view of population rates (docs/metric_decisions.md,
"Disclosure, comparisons and intervals").

* ``at_level``: rows of ``marts.metric_values`` with ``comparison`` taken at 95 % (as stored) or at
  99.8 % (the mart's ``comparison_998``), so every chart and table reads one column.
* ``is_population_breakdown`` / ``patient_share_by_level``: a population rate's care-level groups divide
  the patients seen at a level by *all* residents (they are no sub-population and carry no flag). The
  care-level page shows instead the share of the region's rehabilitation patients seen at each level:
  the level's patients / all patients of the period (a patient seen at two levels counts in both), with
  a Wilson interval and no comparison.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from samrehab.read.formatting import MetricInfo
from samrehab.read.labels import t

LEVELS = ("95", "99.8")
Z95 = 1.959963984540054


def at_level(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """``frame`` with ``comparison`` at the chosen level (``"95"`` or ``"99.8"``)."""
    if level not in LEVELS:
        raise ValueError(f"comparison level must be one of {LEVELS}, got {level!r}")
    if level == "95" or frame.empty or "comparison_998" not in frame.columns:
        return frame
    return frame.assign(comparison=frame["comparison_998"])


def _keys(frame: pd.DataFrame) -> list[str]:
    return [key for key in ("metric_id", "period_type", "period", "region_code") if key in frame.columns]


def is_population_breakdown(levels: pd.DataFrame, totals: pd.DataFrame) -> bool:
    """True when every published care-level group has the total's denominator (a population rate)."""
    shown = levels[~levels["suppressed"].astype(bool) & levels["denominator"].notna()]
    if shown.empty or totals.empty:
        return False
    joined = shown.merge(totals[_keys(totals) + ["denominator"]], on=_keys(shown), suffixes=("", "_total"))
    return not joined.empty and bool((joined["denominator"] == joined["denominator_total"]).all())


def _wilson(x: float, n: float, sign: int) -> float:
    p = x / n
    centre = p + Z95 * Z95 / (2 * n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n))
    return (centre + sign * half) / (1 + Z95 * Z95 / n)


def patient_share_by_level(levels: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """The care-level rows of a population rate as shares of the region's patients: value = the level's
    patients (numerator) / the total's patients; Wilson 95 % interval; no benchmark, no comparison.
    Suppressed cells stay suppressed; a level whose total is suppressed is suppressed too."""
    keys = _keys(levels)
    patients = totals[keys + ["numerator", "suppressed"]].rename(
        columns={"numerator": "patients_total", "suppressed": "total_suppressed"})
    shares = levels.merge(patients, on=keys, how="left")
    hidden = shares["suppressed"].astype(bool) | shares["total_suppressed"].fillna(True).astype(bool)
    hidden |= ~(pd.to_numeric(shares["patients_total"], errors="coerce") > 0)
    x = pd.to_numeric(shares["numerator"], errors="coerce")
    n = pd.to_numeric(shares["patients_total"], errors="coerce")
    shown = ~hidden
    out = shares.assign(
        value=(x / n).where(shown),
        ci_low=[_wilson(a, b, -1) if ok else None for a, b, ok in zip(x, n, shown, strict=True)],
        ci_high=[_wilson(a, b, 1) if ok else None for a, b, ok in zip(x, n, shown, strict=True)],
        denominator=n.where(shown),
        numerator=x.where(shown),
        benchmark_value=None,
        comparison="not_compared",
        suppressed=hidden,
    )
    if "comparison_998" in out.columns:
        out["comparison_998"] = "not_compared"
    return out.drop(columns=["patients_total", "total_suppressed"])


def patient_share_info(info: MetricInfo, lang: str) -> MetricInfo:
    """The MetricInfo of ``patient_share_by_level``'s rows (a share without direction)."""
    return replace(info, name=t("care_share_name", lang), unit="%", value_type="proportion", multiplier=1.0,
                   higher_is_better=None, definition=t("care_share_definition", lang), interval_method="wilson")


def interval_label(info: MetricInfo, lang: str) -> str:
    """The metric's interval method as a reader reads it (catalogue interval_method, else by value type)."""
    if info.interval_method:
        return t("interval_method_" + info.interval_method, lang)
    return t("interval_" + info.value_type, lang)
