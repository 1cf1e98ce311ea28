"""samrehab.read.comparisons: the comparison level and the care-level view of population rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from samrehab.read import comparisons
from tests.interval_formulas import wilson


def _rows(dimension: str, groups: list[tuple[str, float, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame([
        {"metric_id": "E1.access_rate", "period_type": "year", "period": "2025", "region_code": "19",
         "dimension": dimension, "group_code": code, "numerator": num, "denominator": den, "suppressed": hidden,
         "comparison": "worse", "comparison_998": "similar"}
        for code, num, den, hidden in groups
    ])


def test_at_level_reads_the_998_comparison() -> None:
    rows = _rows("sex", [("F", 10, 100, False)])
    assert comparisons.at_level(rows, "95")["comparison"].tolist() == ["worse"]
    assert comparisons.at_level(rows, "99.8")["comparison"].tolist() == ["similar"]
    with pytest.raises(ValueError, match="comparison level"):
        comparisons.at_level(rows, "90")


def test_population_rate_levels_become_shares_of_the_patients() -> None:
    totals = _rows("total", [("total", 200, 290_000, False)])
    levels = _rows("care_level", [("primary", 150, 290_000, False), ("specialist", 80, 290_000, False),
                                  ("municipal", None, None, True)])
    assert comparisons.is_population_breakdown(levels, totals)
    shares = comparisons.patient_share_by_level(levels, totals).set_index("group_code")
    assert shares.loc["primary", "value"] == pytest.approx(0.75)
    low, high = wilson(np.array([150]), np.array([200]))
    assert shares.loc["primary", "ci_low"] == pytest.approx(low[0])
    assert shares.loc["primary", "ci_high"] == pytest.approx(high[0])
    assert set(shares["comparison"]) == {"not_compared"} and set(shares["comparison_998"]) == {"not_compared"}
    assert bool(shares.loc["municipal", "suppressed"]) and pd.isna(shares.loc["municipal", "value"])


def test_a_subgroup_breakdown_is_not_a_population_breakdown() -> None:
    totals = _rows("total", [("total", 200, 1000, False)])
    levels = _rows("care_level", [("primary", 150, 700, False), ("specialist", 80, 400, False)])
    assert not comparisons.is_population_breakdown(levels, totals)


def test_a_suppressed_total_hides_the_shares() -> None:
    totals = _rows("total", [("total", None, None, True)])
    levels = _rows("care_level", [("primary", 150, 290_000, False)])
    shares = comparisons.patient_share_by_level(levels, totals)
    assert shares["suppressed"].all() and shares["value"].isna().all()
