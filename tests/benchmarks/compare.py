"""The product's cells of the five headline metrics and the agreement check against a baseline.

Cells: dimension ``municipality``, care level ``all``, period type ``quarter``. A cell is keyed by
(metric_id, period, region_code, group_code) and carries numerator, denominator and value (for the
median: numerator null, denominator = referrals, value = median days).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

HEADLINE_METRICS: tuple[str, ...] = (
    "E1.access_rate",
    "E1.wait_days_median",
    "E2.plan_guideline_share",
    "E3.coordinated_visit_share",
    "E6.readmission_30d_share",
)
KEY = ["metric_id", "period", "region_code", "group_code"]
NUMBERS = ["numerator", "denominator", "value"]
TOLERANCE = 1e-9

_METRIC_LIST = ", ".join(f"'{m}'" for m in HEADLINE_METRICS)

MART_SQL = f"""
select metric_id, period, region_code, group_code, numerator, denominator, value, suppressed
from marts.metric_values
where dimension = 'municipality' and care_level = 'all' and period_type = 'quarter'
  and metric_id in ({_METRIC_LIST})
"""

# All cells before disclosure control (warehouse only: the snapshot holds marts only).
CELLS_SQL = f"""
with cells as (
    select * from intermediate.int_metric_cells_e1
    union all by name select * from intermediate.int_metric_cells_e2
    union all by name select * from intermediate.int_metric_cells_e3
    union all by name select * from intermediate.int_metric_cells_e6
)
select
    cells.metric_id,
    cast(year(cells.period_start) as varchar) || 'Q' || cast(quarter(cells.period_start) as varchar) as period,
    cells.region_code,
    cells.group_code,
    cells.numerator,
    cells.denominator,
    case
        when catalogue.value_type in ('median', 'quantile', 'mean') then cells.point_value
        when catalogue.value_type = 'rate' then cells.numerator / nullif(cells.denominator, 0) * catalogue.multiplier
        else cells.numerator / nullif(cells.denominator, 0)
    end as value
from cells
join seeds.metric_catalogue as catalogue on catalogue.metric_id = cells.metric_id
where cells.dimension = 'municipality' and cells.care_level = 'all' and cells.period_type = 'quarter'
  and cells.metric_id in ({_METRIC_LIST})
"""


@dataclass(frozen=True)
class Mismatch:
    """One cell where two implementations disagree (aggregates only: no person-level value)."""

    metric_id: str
    period: str
    region_code: str
    group_code: str
    field: str
    left: float | None
    right: float | None

    def __str__(self) -> str:
        return (f"{self.metric_id} {self.period} region {self.region_code} municipality {self.group_code}: "
                f"{self.field} {self.left} vs {self.right}")


def _query(db_path: Path, sql: str) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def product_mart_cells(db_path: Path) -> pd.DataFrame:
    """Cells of ``marts.metric_values`` (warehouse or published snapshot), suppressed ones included."""
    return _query(db_path, MART_SQL)


def product_unsuppressed_cells(db_path: Path) -> pd.DataFrame:
    """Cells of the metric-cell models before disclosure control (needs the warehouse, not the snapshot)."""
    return _query(db_path, CELLS_SQL)


def _close(a: float | None, b: float | None) -> bool:
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    return math.isclose(float(a), float(b), rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)


def compare_cells(left: pd.DataFrame, right: pd.DataFrame, *, skip_suppressed: bool = False) -> list[Mismatch]:
    """Every disagreement between two cell tables with columns ``KEY + NUMBERS``.

    A cell present on one side only is a mismatch (field ``presence``). With ``skip_suppressed``,
    cells whose ``suppressed`` column (left side) is true are checked for presence only: their
    numbers are null in the mart by design.
    """
    left = left.copy()
    right = right.copy()
    for frame in (left, right):
        for column in KEY:
            frame[column] = frame[column].astype(str)
    merged = left.merge(right, on=KEY, how="outer", suffixes=("_left", "_right"), indicator=True)
    mismatches: list[Mismatch] = []
    for row in merged.to_dict("records"):
        key = [str(row[k]) for k in KEY]
        if row["_merge"] != "both":
            present = "left" if row["_merge"] == "left_only" else "right"
            mismatches.append(Mismatch(*key, "presence", 1.0 if present == "left" else None,
                                       1.0 if present == "right" else None))
            continue
        if skip_suppressed and bool(row.get("suppressed")):
            continue
        for field in NUMBERS:
            a, b = _number(row[f"{field}_left"]), _number(row[f"{field}_right"])
            if not _close(a, b):
                mismatches.append(Mismatch(*key, field, a, b))
    mismatches.sort(key=lambda m: (m.metric_id, m.period, m.region_code, m.group_code, m.field))
    return mismatches


def summarise(mismatches: list[Mismatch], limit: int = 10) -> str:
    """Readable summary: count per metric and field, then the first ``limit`` cells."""
    if not mismatches:
        return "all cells agree"
    counts: dict[tuple[str, str], int] = {}
    for m in mismatches:
        counts[(m.metric_id, m.field)] = counts.get((m.metric_id, m.field), 0) + 1
    lines = [f"{len(mismatches)} disagreements:"]
    lines += [f"  {metric} {field}: {n}" for (metric, field), n in sorted(counts.items())]
    lines += [f"  {m}" for m in mismatches[:limit]]
    return "\n".join(lines)


def agreement(product_db: Path, baselines: dict[str, pd.DataFrame]) -> dict[str, object]:
    """Compare the product (mart, unsuppressed cells; and every cell before suppression) with each baseline.

    Returns a JSON-ready summary: per baseline, the number of cells compared and mismatches.
    """
    mart = product_mart_cells(product_db)
    cells = product_unsuppressed_cells(product_db)
    summary: dict[str, object] = {
        "mart_cells": int(len(mart)),
        "mart_unsuppressed_cells": int((~mart["suppressed"]).sum()),
        "cells_before_suppression": int(len(cells)),
    }
    for name, frame in baselines.items():
        vs_mart = compare_cells(mart, frame, skip_suppressed=True)
        vs_cells = compare_cells(cells, frame)
        summary[name] = {
            "baseline_cells": int(len(frame)),
            "mismatches_vs_mart": len(vs_mart),
            "mismatches_vs_cells": len(vs_cells),
            "examples": [str(m) for m in (vs_mart + vs_cells)[:10]],
        }
    names = list(baselines)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            between = compare_cells(baselines[first], baselines[second])
            summary[f"{first}_vs_{second}"] = {
                "mismatches": len(between), "examples": [str(m) for m in between[:10]],
            }
    summary["all_agree"] = all(
        value.get("mismatches_vs_mart", value.get("mismatches", 0)) == 0
        and value.get("mismatches_vs_cells", 0) == 0
        for value in summary.values() if isinstance(value, dict)
    )
    return summary
