"""The WHO HEAT measures of one ``marts.equity_gaps`` row as a readable table, each with a one-line
plain-language explanation (the Jämlikhet page's summary and the report's equity page)."""

from __future__ import annotations

import pandas as pd

from samrehab.read.formatting import (
    MISSING,
    MetricInfo,
    format_change,
    format_number,
    format_value,
    value_decimals,
)
from samrehab.read.labels import t

# (column, how it is shown): "value" in the metric's unit, "change" a signed difference in its unit,
# "number:<decimals>" a plain number, "square" the squared unit (shares: percentage points²).
MEASURES: tuple[tuple[str, str], ...] = (
    ("heat_difference", "change"),
    ("heat_ratio", "number:2"),
    ("between_group_variance", "square"),
    ("mean_difference_mean_unweighted", "change"),
    ("mean_difference_mean_weighted", "change"),
    ("mean_difference_best_unweighted", "change"),
    ("mean_difference_best_weighted", "change"),
    ("index_of_disparity_unweighted", "number:1"),
    ("index_of_disparity_weighted", "number:1"),
    ("theil_index", "number:2"),
    ("mean_log_deviation", "number:2"),
    ("population_attributable_risk", "change"),
    ("population_attributable_fraction", "number:1"),
    ("concentration_index_absolute", "change"),
    ("concentration_index_relative", "number:3"),
    ("potential_gain", "change"),
)


def _present(value: object) -> bool:
    return value is not None and not pd.isna(value)


def _shown(value: object, kind: str, info: MetricInfo, lang: str, *, unit: bool = True) -> str:
    if not _present(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    if kind == "change" and unit:
        return format_change(number, info, lang).lstrip("+±")
    if kind == "change":
        return format_number(number * info.scale, 1 if info.is_share else value_decimals(info, number), lang)
    if kind == "square":
        return format_number(number * info.scale**2, 2, lang)
    return format_number(number, int(kind.split(":")[1]), lang)


def heat_table(row: dict, info: MetricInfo, lang: str) -> pd.DataFrame:
    """Measure, value (with its 95 % interval where there is one) and explanation, for the measures
    the row has; empty when it has none."""
    lines = []
    for column, kind in MEASURES:
        value = row.get(column)
        if not _present(value):
            continue
        shown = _shown(value, kind, info, lang)
        low, high = row.get(f"{column}_ci_low"), row.get(f"{column}_ci_high")
        if _present(low) and _present(high):
            shown += f" ({_shown(low, kind, info, lang, unit=False)} … {_shown(high, kind, info, lang, unit=False)})"
        help_text = t(f"ineq_{column}_help", lang, best=format_value(row.get("potential_best_value"), info, lang),
                      total=format_value(row.get("potential_total_value"), info, lang))
        lines.append({t("ineq_measure", lang): t(f"ineq_{column}", lang), t("col_value", lang): shown,
                      t("ineq_explanation", lang): help_text})
    return pd.DataFrame(lines)
