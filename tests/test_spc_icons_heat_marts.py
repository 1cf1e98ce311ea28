"""The Making Data Count columns of marts.metric_spc and the HEAT columns of marts.equity_gaps, on
hand-made series and cells through the dbt Python model functions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_equity_goals import CATALOGUE, _load_model

from samrehab.stats import inequality as ineq
from samrehab.stats.making_data_count import making_data_count


def _series(values: list[float], metric_id: str = "E3.share", care_level: str = "all") -> pd.DataFrame:
    months = pd.date_range("2023-01-01", periods=len(values), freq="MS")
    frame = pd.DataFrame({
        "metric_id": metric_id, "effect_goal": metric_id[:2], "region_code": "19", "care_level": care_level,
        "period": [m.strftime("%Y-%m") for m in months], "period_start": months,
        "denominator": 1000.0, "suppressed": False,
    })
    frame["numerator"] = np.round(np.asarray(values) * 1000)
    frame["value"] = frame["numerator"] / frame["denominator"]
    return frame


ZIGZAG = [0.40 + 0.01 * (1 if i % 2 else -1) for i in range(20)]


def test_icons_on_the_series_and_only_from_complete_months() -> None:
    model = _load_model("metric_spc")
    values = ZIGZAG + [0.50]  # the last month far above the upper limit
    series = _series(values)
    chart = model.metric_spc(series, {"E3.share": True}, {("E3.share", "19"): 0.60})
    assert chart["icon_status"].eq("computed").all() and chart["icon_chart"].eq("xmr").all()
    assert chart["variation_icon"].iloc[0] == "improvement_high"
    assert chart["assurance_icon"].iloc[0] == "consistent_fail"  # 0.60 above the upper limit
    expected = making_data_count(series["value"], higher_is_better=True, target=0.60)
    assert chart["xmr_upper"].iloc[0] == pytest.approx(expected.limits.upper)
    assert chart["xmr_special_cause"].iloc[-1] == "Above UCL" and chart["icon_target"].iloc[0] == 0.60

    # the same last month provisional: left out of the XmR chart, so common cause
    provisional = series.assign(period_status=["complete"] * 20 + ["provisional"])
    chart = model.metric_spc(provisional, {"E3.share": True}, {("E3.share", "19"): 0.60})
    assert chart["icon_points"].iloc[0] == 20 and chart["variation_icon"].iloc[0] == "common_cause"
    assert pd.isna(chart["xmr_special_cause"].iloc[-1]) and len(chart) == 21


def test_no_icon_below_15_points_no_target_for_care_level_slices() -> None:
    model = _load_model("metric_spc")
    short = model.metric_spc(_series(ZIGZAG[:14]), {"E3.share": True}, {("E3.share", "19"): 0.6})
    assert short["icon_status"].eq("too_few_points").all() and short["variation_icon"].isna().all()
    assert short["xmr_special_cause"].isna().all()
    slice_ = model.metric_spc(_series(ZIGZAG, care_level="primary"), {"E3.share": False},
                              {("E3.share", "19"): 0.6})
    assert slice_["assurance_icon"].isna().all() and slice_["icon_target"].isna().all()
    assert slice_["variation_icon"].iloc[0] == "common_cause"
    neutral = model.metric_spc(_series(ZIGZAG + [0.2]), {}, {})
    assert neutral["variation_icon"].iloc[0] == "neutral_low"


def test_equity_gaps_carries_the_heat_measures() -> None:
    model = _load_model("equity_gaps")
    value = [0.50, 0.70, 0.90, 0.60]
    denominator = [200.0, 100.0, 100.0, 300.0]
    rows = pd.DataFrame({
        "metric_id": "E2.share", "effect_goal": "E2", "period_type": "year", "period": "2025",
        "period_start": pd.Timestamp("2025-01-01"), "region_code": "19", "care_level": "all",
        "dimension": "municipality", "group_code": ["a", "b", "c", "d"], "group_label": ["A", "B", "C", "D"],
        "group_sort_order": [1, 2, 3, 4], "denominator": denominator, "value": value,
        "ci_low": [v - 0.05 for v in value], "ci_high": [v + 0.05 for v in value],
        "benchmark_value": 0.6, "comparison": "similar", "suppressed": False,
    })
    catalogue = CATALOGUE.assign(multiplier=1.0)
    if "E2.share" not in set(catalogue["metric_id"]):
        catalogue = pd.concat([catalogue, pd.DataFrame([{"metric_id": "E2.share", "value_type": "proportion",
                                                         "higher_is_better": True, "multiplier": 1.0}])])
    gaps = model.equity_gaps(rows, catalogue, n_bands=5, sii_period_types=["year"], repetitions=2000).iloc[0]
    assert gaps["heat_status"] == "computed"
    assert gaps["between_group_variance"] == pytest.approx(ineq.between_group_variance(value, denominator).estimate)
    assert gaps["theil_index"] == pytest.approx(ineq.theil_index(value, denominator).estimate)
    mu = np.average(value, weights=denominator)
    assert gaps["potential_total_value"] == pytest.approx(mu) and gaps["potential_best_value"] == 0.9
    assert gaps["population_attributable_fraction"] == pytest.approx(100 * (0.9 - mu) / mu)
