"""Equity, trends and goals: marts.equity_gaps, marts.metric_spc, marts.effect_goal_status and
marts.before_after.

* The model functions on hand-made data (cells with suppressed groups, a series with a shift).
* The change intervals against published numbers: Newcombe RG, "Interval estimation for the
  difference between independent proportions: comparison of eleven methods", Statistics in
  Medicine 1998;17:873-890, Table II, method 10 (hybrid score), examples (a) 56/70 - 48/80 and
  (b) 9/10 - 3/10.
* On the sample warehouse: the inequality measures find the gaps the generator documents
  (samrehab.generator.effects), a small municipality with a wide interval is `similar`, not
  `worse`, every goal of the plan has a status, and editing the plan's CSV changes the status.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import numpy as np
import pandas as pd
import pytest

from samrehab.config import PROJECT_ROOT, quiet_environment
from samrehab.dbt_runner import _DBT_MAIN
from samrehab.generator import effects
from samrehab.stats import p_chart, runs_analysis, slope_index_of_inequality

Z95 = 1.959963984540054
REGION_OF_MUNICIPALITY = {"2039": "20", "2021": "20", "1904": "19", "1962": "19"}


def _load_model(name: str) -> ModuleType:
    """Import a dbt Python model file (models/marts/<name>.py) as a module."""
    path = PROJECT_ROOT / "models" / "marts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"samrehab_model_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _frame(db_path: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    """One read-only query against a warehouse, as a DataFrame."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def _wilson(x: float, n: float) -> tuple[float, float]:
    """Wilson score interval without continuity correction (independent of the SQL macro)."""
    centre = 2 * x + Z95**2
    spread = Z95 * math.sqrt(Z95**2 + 4 * x * (1 - x / n))
    return (centre - spread) / (2 * (n + Z95**2)), (centre + spread) / (2 * (n + Z95**2))


def _newcombe(x1: float, n1: float, x2: float, n2: float) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p1 - p2 (method 10)."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = _wilson(x1, n1)
    l2, u2 = _wilson(x2, n2)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


# --- model functions on hand-made data -------------------------------------------------------------


def _cell_rows(metric_id: str, dimension: str, groups: list[dict]) -> list[dict]:
    base = {
        "metric_id": metric_id, "effect_goal": "E1", "period_type": "year", "period": "2024",
        "period_start": pd.Timestamp("2024-01-01"), "region_code": "19", "care_level": "all",
        "dimension": dimension, "benchmark_value": 0.5,
    }
    return [{**base, **group} for group in groups]


def _group(code: str, order: int, value: float | None, n: float | None, comparison: str) -> dict:
    suppressed = value is None
    low, high = (None, None) if suppressed else _wilson(value * n, n)
    return {
        "group_code": code, "group_label": code.upper(), "group_sort_order": order, "denominator": n,
        "value": value, "ci_low": low, "ci_high": high, "comparison": comparison, "suppressed": suppressed,
    }


CATALOGUE = pd.DataFrame({
    "metric_id": ["E1.share", "E1.other_share", "E1.count"],
    "value_type": ["proportion", "proportion", "count"],
    "higher_is_better": [True, True, False],
})


def test_equity_gaps_on_hand_made_cells() -> None:
    model = _load_model("equity_gaps")
    bands = [_group(f"b{i}", i, 0.2 + 0.1 * i, 400.0, "similar") for i in range(5)]
    municipalities = [
        _group("m1", 1, 0.6, 200.0, "better"),
        _group("m2", 2, 0.3, 150.0, "worse"),
        _group("m3", 3, None, None, "not_compared"),
    ]
    values = pd.DataFrame(
        _cell_rows("E1.share", "age_band", bands)
        + _cell_rows("E1.share", "municipality", municipalities)
        # the same age cell with one band suppressed, and a count metric (left out)
        + _cell_rows("E1.other_share", "age_band", bands[:4] + [_group("b4", 4, None, None, "not_compared")])
        + _cell_rows("E1.count", "municipality", municipalities)
    )
    gaps = model.equity_gaps(values, CATALOGUE, n_bands=5, sii_period_types=["year"], repetitions=2000)
    assert set(gaps["metric_id"]) == {"E1.share", "E1.other_share"}

    age = gaps[(gaps["metric_id"] == "E1.share") & (gaps["dimension"] == "age_band")].iloc[0]
    expected = slope_index_of_inequality(
        [b["denominator"] for b in bands], [b["value"] for b in bands],
        lower_cl=[b["ci_low"] for b in bands], upper_cl=[b["ci_high"] for b in bands],
        value_type="proportion", repetitions=2000,
    )
    assert age["sii_status"] == "computed"
    assert age["sii"] == pytest.approx(0.5)  # equal weights, 0.1 per band over 5 bands
    assert age["sii"] == pytest.approx(expected.sii)
    assert age["sii_ci_low"] == pytest.approx(expected.limits[0.95]["sii_lower"])
    assert 0 < age["sii_ci_low"] < age["sii"] < age["sii_ci_high"]
    assert age["rii"] == pytest.approx(expected.rii)

    municipality = gaps[(gaps["metric_id"] == "E1.share") & (gaps["dimension"] == "municipality")].iloc[0]
    assert (municipality["groups_total"], municipality["groups_shown"], municipality["groups_suppressed"]) == (3, 2, 1)
    assert (municipality["highest_group_code"], municipality["lowest_group_code"]) == ("m1", "m2")
    assert municipality["range_ratio"] == pytest.approx(2.0)
    assert municipality["range_difference"] == pytest.approx(0.3)
    assert municipality["index_of_disparity"] == pytest.approx((0.1 + 0.2) / 2 / 0.5 * 100)
    counts = municipality[["groups_better", "groups_worse", "groups_not_compared"]].tolist()
    assert counts == [1, 1, 1]
    assert pd.isna(municipality["sii"]) and pd.isna(municipality["sii_status"])

    incomplete = gaps[gaps["metric_id"] == "E1.other_share"].iloc[0]
    assert incomplete["sii_status"] == "incomplete_groups" and pd.isna(incomplete["sii"])


def test_equity_gaps_sii_only_for_configured_period_types_and_points_only_without_intervals() -> None:
    model = _load_model("equity_gaps")
    bands = [_group(f"b{i}", i, 0.2 + 0.1 * i, 400.0, "similar") for i in range(5)]
    values = pd.DataFrame(_cell_rows("E1.share", "age_band", bands))
    skipped = model.equity_gaps(values, CATALOGUE, 5, ["quarter"], 2000).iloc[0]
    assert skipped["sii_status"] == "not_computed_period_type" and pd.isna(skipped["sii"])

    no_intervals = values.assign(ci_low=np.nan, ci_high=np.nan)
    point = model.equity_gaps(no_intervals, CATALOGUE, 5, ["year"], 2000).iloc[0]
    assert point["sii_status"] == "point_only"
    assert point["sii"] == pytest.approx(0.5) and pd.isna(point["sii_ci_low"])


def test_metric_spc_on_a_series_with_a_shift_and_a_suppressed_month() -> None:
    model = _load_model("metric_spc")
    months = pd.date_range("2024-01-01", periods=24, freq="MS")
    numerators = [20.0 + (i % 3) for i in range(20)] + [50.0, 52.0, 55.0, 51.0]
    series = pd.DataFrame({
        "metric_id": "E3.share", "effect_goal": "E3", "region_code": "19", "care_level": "all",
        "period": [m.strftime("%Y-%m") for m in months], "period_start": months,
        "numerator": numerators, "denominator": 100.0, "suppressed": False,
    })
    series.loc[5, ["numerator", "denominator"]] = np.nan
    series.loc[5, "suppressed"] = True
    series["value"] = series["numerator"] / series["denominator"]
    chart = model.metric_spc(series.sample(frac=1, random_state=1))  # any row order

    published = series.drop(index=5)
    assert len(chart) == 23 and chart["months_suppressed"].eq(1).all()
    assert chart["period"].tolist() == published["period"].tolist()
    assert chart["point_number"].tolist() == list(range(1, 24))
    expected = p_chart(published["numerator"], published["denominator"])
    assert chart["centre_line"].iloc[0] == pytest.approx(published["numerator"].sum() / published["denominator"].sum())
    assert np.allclose(chart["ucl"], expected["ucl"]) and np.allclose(chart["lcl"], expected["lcl"])
    assert chart["outside_limits"].tolist() == [False] * 19 + [True] * 4
    runs = runs_analysis(published["value"].to_numpy())
    assert chart["longest_run"].iloc[0] == runs.longest_run
    assert chart["crossings"].iloc[0] == runs.n_crossings
    assert chart["useful_observations"].iloc[0] == runs.n_useful


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "lower", "upper"),
    [(56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090)],
)
def test_newcombe_interval_reproduces_the_published_examples(
    x1: int, n1: int, x2: int, n2: int, lower: float, upper: float
) -> None:
    """Newcombe 1998, Table II, method 10 (published to 4 decimals)."""
    low, high = _newcombe(x1, n1, x2, n2)
    assert round(low, 4) == lower and round(high, 4) == upper


# --- the sample warehouse --------------------------------------------------------------------------


def test_sii_finds_access_rising_with_age(sample_warehouse: Path) -> None:
    """access_by_age: E1.access_rate across age bands has a positive SII whose interval excludes 0,
    and the oldest band has the highest rate, in every region and year."""
    rows = _frame(sample_warehouse, """
        select * from marts.equity_gaps
        where metric_id = 'E1.access_rate' and dimension = 'age_band' and period_type = 'year' and care_level = 'all'
    """)
    assert len(rows) >= 4
    assert (rows["sii_status"] == "computed").all()
    assert (rows["sii_ci_low"] > 0).all(), rows[["region_code", "period", "sii", "sii_ci_low"]]
    assert (rows["sii_ci_low"] < rows["sii"]).all() and (rows["sii"] < rows["sii_ci_high"]).all()
    assert (rows["highest_group_code"] == "80+").all()
    # about five times 45-64 for 80+ (the generator's weights 5.0 / 1.0): clearly above half-way
    bands = _frame(sample_warehouse, """
        select region_code, period, group_code, value from marts.metric_values
        where metric_id = 'E1.access_rate' and dimension = 'age_band' and period_type = 'year'
          and care_level = 'all' and group_code in ('45-64', '80+')
    """).pivot_table(index=["region_code", "period"], columns="group_code", values="value")
    ratio = bands["80+"] / bands["45-64"]
    documented = effects.AGE_BAND_ACCESS_WEIGHT[4] / effects.AGE_BAND_ACCESS_WEIGHT[2]
    assert (ratio > (1 + documented) / 2).all(), ratio


def test_lowest_standardised_access_is_a_documented_rural_municipality(sample_warehouse: Path) -> None:
    """rural_low_access: in every region and year the municipality with the lowest age-standardised
    access is one of the four documented ones, and it is flagged worse than its region."""
    rows = _frame(sample_warehouse, """
        select region_code, period, lowest_group_code, groups_worse from marts.equity_gaps
        where metric_id = 'E1.access_rate_std' and dimension = 'municipality' and period_type = 'year'
          and care_level = 'all'
    """)
    assert len(rows) >= 4
    for row in rows.itertuples():
        assert row.lowest_group_code in effects.LOW_ACCESS_MUNICIPALITIES, row
        assert REGION_OF_MUNICIPALITY[row.lowest_group_code] == row.region_code
        assert row.groups_worse >= 1
    lowest = _frame(sample_warehouse, """
        select v.comparison from marts.equity_gaps as g
        inner join marts.metric_values as v
            on v.metric_id = g.metric_id and v.period_type = g.period_type and v.period = g.period
            and v.region_code = g.region_code and v.care_level = g.care_level and v.dimension = g.dimension
            and v.group_code = g.lowest_group_code
        where g.metric_id = 'E1.access_rate_std' and g.dimension = 'municipality' and g.period_type = 'year'
          and g.care_level = 'all'
    """)
    assert (lowest["comparison"] == "worse").all()


def test_longest_waits_are_in_documented_rural_municipalities(sample_warehouse: Path) -> None:
    """rural_low_access (waits x1.8): the municipality with the longest median wait is a documented one."""
    rows = _frame(sample_warehouse, """
        select region_code, period, highest_group_code, range_ratio from marts.equity_gaps
        where metric_id = 'E1.wait_days_median' and dimension = 'municipality' and period_type = 'year'
          and care_level = 'all'
    """)
    assert len(rows) >= 4
    assert rows["highest_group_code"].isin(effects.LOW_ACCESS_MUNICIPALITIES).all(), rows
    assert (rows["range_ratio"] > (1 + effects.LOW_ACCESS_WAIT_FACTOR) / 2).all()


def test_fast_track_and_readmission_gaps(sample_warehouse: Path) -> None:
    """fast_track: the shortest median wait is stroke or hip fracture, the longest musculoskeletal;
    readmission_80plus: 80+ has the highest readmission share, flagged worse, about twice the lowest."""
    waits = _frame(sample_warehouse, """
        select lowest_group_code, highest_group_code from marts.equity_gaps
        where metric_id = 'E1.wait_days_median' and dimension = 'diagnosis_group' and period_type = 'year'
          and care_level = 'all'
    """)
    assert len(waits) >= 4
    assert waits["lowest_group_code"].isin(effects.FAST_TRACK_GROUPS).all()
    assert (waits["highest_group_code"] == "musculoskeletal").all()

    readmissions = _frame(sample_warehouse, """
        select g.range_ratio, g.highest_group_code, v.comparison from marts.equity_gaps as g
        inner join marts.metric_values as v
            on v.metric_id = g.metric_id and v.period_type = g.period_type and v.period = g.period
            and v.region_code = g.region_code and v.care_level = g.care_level and v.dimension = g.dimension
            and v.group_code = g.highest_group_code
        where g.metric_id = 'E6.readmission_30d_share' and g.dimension = 'age_band' and g.period_type = 'year'
          and g.care_level = 'all'
    """)
    assert len(readmissions) >= 4
    assert (readmissions["highest_group_code"] == "80+").all()
    assert (readmissions["comparison"] == "worse").all()
    documented = effects.READMISSION_PROBABILITY["80+"] / effects.READMISSION_PROBABILITY["under_80"]
    assert (readmissions["range_ratio"] > (1 + documented) / 2).all(), readmissions


def test_small_municipality_with_a_wide_interval_is_similar_not_worse(sample_warehouse: Path) -> None:
    """The smallest municipality of each region has truly lower access (worse in every year), but in
    the months where its interval is wide enough to hold the region's value it is `similar`: the
    equity summary does not count it as worse although its point value is below the region's."""
    smallest = _frame(sample_warehouse, """
        select region_code, arg_min(group_code, denominator) as group_code
        from marts.metric_values
        where metric_id = 'E1.access_rate' and dimension = 'municipality' and period_type = 'year'
          and period = '2024' and care_level = 'all' and not suppressed
        group by region_code
    """)
    assert len(smallest) == 2
    for region_code, municipality in smallest.itertuples(index=False):
        cells = _frame(sample_warehouse, """
            select v.period_type, v.period, v.value, v.ci_low, v.ci_high, v.benchmark_value, v.comparison,
                   g.groups_worse,
                   (select count(*) from marts.metric_values as w
                    where w.metric_id = v.metric_id and w.period_type = v.period_type and w.period = v.period
                      and w.region_code = v.region_code and w.care_level = v.care_level
                      and w.dimension = v.dimension and w.value < w.benchmark_value) as below_benchmark
            from marts.metric_values as v
            inner join marts.equity_gaps as g
                on g.metric_id = v.metric_id and g.period_type = v.period_type and g.period = v.period
                and g.region_code = v.region_code and g.care_level = v.care_level and g.dimension = v.dimension
            where v.metric_id = 'E1.access_rate' and v.dimension = 'municipality' and v.care_level = 'all'
              and v.region_code = ? and v.group_code = ? and not v.suppressed
        """, [region_code, municipality])
        years = cells[cells["period_type"] == "year"]
        assert (years["comparison"] == "worse").all(), (municipality, years)
        wide = cells[(cells["period_type"] == "month") & (cells["value"] < cells["benchmark_value"])
                     & (cells["ci_high"] >= cells["benchmark_value"])]
        assert len(wide) >= 3, f"{municipality}: no month below the region's value with a wide interval"
        assert (wide["comparison"] == "similar").all()
        # a naive point comparison would call it worse; the summary counts only interval-based 'worse'
        assert (wide["groups_worse"] < wide["below_benchmark"]).all()


def test_equity_counts_agree_with_metric_values(sample_warehouse: Path) -> None:
    """groups_better/similar/worse/shown of every cell are the counts of metric_values' rows."""
    mismatches = _frame(sample_warehouse, """
        with counted as (
            select metric_id, period_type, period, region_code, care_level, dimension,
                   count(*) as groups_total, count(value) as groups_shown,
                   sum(case when comparison = 'better' then 1 else 0 end) as groups_better,
                   sum(case when comparison = 'worse' then 1 else 0 end) as groups_worse,
                   max(value) as highest_value, min(value) as lowest_value
            from marts.metric_values
            where dimension in ('municipality', 'diagnosis_group', 'age_band', 'sex')
            group by all
        )
        select g.*, c.* from marts.equity_gaps as g
        inner join counted as c using (metric_id, period_type, period, region_code, care_level, dimension)
        where g.groups_total <> c.groups_total or g.groups_shown <> c.groups_shown
           or g.groups_better <> c.groups_better or g.groups_worse <> c.groups_worse
           or g.highest_value is distinct from c.highest_value or g.lowest_value is distinct from c.lowest_value
    """)
    assert mismatches.empty, mismatches.head()
    total = _frame(sample_warehouse, "select count(*) as n from marts.equity_gaps")["n"].iloc[0]
    assert total > 1000


def test_metric_spc_matches_the_statistics_module_and_shows_the_intervention(sample_warehouse: Path) -> None:
    """Each monthly series of metric_spc is samrehab.stats applied to the published months; the doubling
    of coordinated visits from the intervention date puts every later month above the upper limit."""
    chart = _frame(sample_warehouse, """
        select * from marts.metric_spc
        where metric_id = 'E3.coordinated_visit_share' and care_level = 'all' order by region_code, period_start
    """)
    published = _frame(sample_warehouse, """
        select region_code, period, numerator, denominator, value from marts.metric_values
        where metric_id = 'E3.coordinated_visit_share' and care_level = 'all' and dimension = 'total'
          and period_type = 'month' and not suppressed
        order by region_code, period_start
    """)
    assert set(chart["region_code"]) == {"19", "20"}
    for region_code, series in chart.groupby("region_code"):
        source = published[published["region_code"] == region_code]
        assert series["period"].tolist() == source["period"].tolist()
        expected = p_chart(source["numerator"], source["denominator"])
        assert np.allclose(series["ucl"], expected["ucl"]) and np.allclose(series["lcl"], expected["lcl"])
        runs = runs_analysis(source["value"].to_numpy())
        assert series["longest_run"].iloc[0] == runs.longest_run
        assert series["crossings_min"].iloc[0] == runs.n_crossings_min
        after = series[pd.to_datetime(series["period_start"]) >= pd.Timestamp(effects.INTERVENTION_DATE)]
        assert len(after) >= 3 and after["outside_limits"].all() and (after["value"] > after["ucl"]).all()


def test_newcombe_intervals_in_before_after(sample_warehouse: Path) -> None:
    """The before/after difference of every share of independent persons (interval_method wilson) is
    Newcombe's hybrid score interval of the summed numerators and denominators; a clustered share's
    (cluster_ratio) is the MOVER combination of its two cluster-robust windows, wider than Newcombe on
    the units; the documented intervention effects come out significant."""
    rows = _frame(sample_warehouse, """
        select before_after.*, catalogue.interval_method
        from marts.before_after
        inner join seeds.metric_catalogue as catalogue on catalogue.metric_id = before_after.metric_id
        where before_after.value_type = 'proportion' and before_after.difference_ci_low is not null
    """)
    assert len(rows) >= 10
    clustered = rows[rows.interval_method == "cluster_ratio"]
    assert len(clustered) >= 2
    for row in clustered.itertuples():
        low, high = _newcombe(row.after_numerator, row.after_denominator, row.before_numerator, row.before_denominator)
        assert row.difference_ci_method == "mover"
        assert row.difference_ci_high - row.difference_ci_low > high - low
        difference = row.after_value - row.before_value
        assert row.difference_ci_low == pytest.approx(difference - math.sqrt(
            (row.after_value - row.after_ci_low) ** 2 + (row.before_ci_high - row.before_value) ** 2), abs=1e-9)
    for row in rows[rows.interval_method == "wilson"].itertuples():
        low, high = _newcombe(row.after_numerator, row.after_denominator, row.before_numerator, row.before_denominator)
        assert row.difference_ci_low == pytest.approx(low, abs=1e-9)
        assert row.difference_ci_high == pytest.approx(high, abs=1e-9)
        assert row.difference_ci_method == "newcombe_hybrid_score"
    assessed = rows.set_index(["metric_id", "region_code"])["change_assessment"]
    for metric_id in ("E2.plan_guideline_share", "E3.coordinated_visit_share", "E6.readmission_30d_share"):
        assert (assessed.loc[metric_id] == "improved").all(), metric_id


def test_pooled_mean_of_published_months_equals_the_t_interval_of_all_responses(sample_warehouse: Path) -> None:
    """Means are pooled exactly: the before window's E4.competence_score_mean, combined from the
    published monthly means and t intervals, equals mean and t interval of all survey responses of
    the window (raw staff survey, region of the staff member's unit)."""
    from scipy import stats

    pooled = _frame(sample_warehouse, """
        select region_code, before_start, before_end, before_denominator, before_value, before_ci_low, before_ci_high
        from marts.before_after where metric_id = 'E4.competence_score_mean' and before_value is not null
    """)
    assert len(pooled) == 2
    for row in pooled.itertuples():
        scores = _frame(sample_warehouse, """
            select survey.competence_development_score as score
            from raw.staff_survey as survey
            inner join raw.staff as staff on staff.staff_id = survey.staff_id
            inner join raw.units as units on units.unit_id = staff.unit_id
            where units.region_code = ? and survey.survey_date between ? and ?
              and survey.competence_development_score is not null
        """, [row.region_code, row.before_start, row.before_end])["score"].to_numpy(float)
        n, mean, sd = len(scores), scores.mean(), scores.std(ddof=1)
        halfwidth = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
        assert row.before_denominator == n
        assert row.before_value == pytest.approx(mean, rel=1e-9)
        assert row.before_ci_low == pytest.approx(mean - halfwidth, rel=1e-6)
        assert row.before_ci_high == pytest.approx(mean + halfwidth, rel=1e-6)


# --- effect-goal status ----------------------------------------------------------------------------


def test_every_goal_has_a_status_per_region(sample_warehouse: Path) -> None:
    status = _frame(sample_warehouse, "select * from marts.effect_goal_status")
    regions = set(_frame(sample_warehouse, "select region_code from seeds.regions")["region_code"])
    for goal in ("E1", "E2", "E3", "E4", "E5", "E6"):
        for region_code in regions:
            rows = status[(status["effect_goal"] == goal) & (status["region_code"] == region_code)]
            assert len(rows) >= 1, (goal, region_code)
            assert rows["status"].isin(["achieved", "on_track", "off_track", "no_data"]).all()
    # with data for every default headline except sparse turnover, most rows have a real status
    assert (status["status"] != "no_data").sum() >= len(status) - len(regions)
    methods = dict(_frame(sample_warehouse, "select metric_id, interval_method from seeds.metric_catalogue")
                   .itertuples(index=False))
    shares = status[(status["value_type"] == "proportion") & status["change_ci_low"].notna()]
    assert len(shares) >= 6
    for row in shares.itertuples():
        # current: the quarter's Wilson interval (clustered shares: the cluster-robust one, wider);
        # change: the MOVER (for Wilson limits Newcombe's) combination of both intervals
        wilson_low = _wilson(row.current_numerator, row.current_denominator)[0]
        if methods[row.metric_id] == "cluster_ratio":
            assert row.current_ci_low < wilson_low
            assert row.change_ci_method == "mover"
        else:
            assert row.current_ci_low == pytest.approx(wilson_low)
            assert row.change_ci_method == "newcombe_hybrid_score"
        expected_low = row.change - math.hypot(row.current_value - row.current_ci_low,
                                               row.baseline_ci_high - row.baseline_value)
        expected_high = row.change + math.hypot(row.current_ci_high - row.current_value,
                                                row.baseline_value - row.baseline_ci_low)
        assert row.change_ci_low == pytest.approx(expected_low, abs=1e-12)
        assert row.change_ci_high == pytest.approx(expected_high, abs=1e-12)


def _copy_project(target: Path) -> Path:
    """A copy of the dbt project (models, macros, seeds, tests, config) to edit without touching the repo."""
    for name in ("models", "macros", "seeds", "analyses"):
        if (PROJECT_ROOT / name).exists():
            shutil.copytree(PROJECT_ROOT / name, target / name)
    shutil.copytree(PROJECT_ROOT / "tests" / "dbt", target / "tests" / "dbt")
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(PROJECT_ROOT / name, target / name)
    return target


def _run_dbt(project: Path, db_path: Path, args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, **quiet_environment(), SAMREHAB_DB=str(db_path), PYTHONPATH=str(PROJECT_ROOT))
    command = [
        sys.executable, "-c", _DBT_MAIN, *args,
        "--project-dir", str(project), "--profiles-dir", str(project),
        "--target-path", str(project / "target"), "--log-path", str(project / "logs"),
    ]
    return subprocess.run(command, env=env, cwd=project, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_editing_the_plan_changes_the_status(warehouse_copy: Path, tmp_path: Path) -> None:
    """A region edits seeds/benefits_realisation_plan.csv and rebuilds: its own row replaces the
    `all` row for that region only, and a changed target changes the status."""
    before = _frame(warehouse_copy, "select * from marts.effect_goal_status").set_index(
        ["effect_goal", "metric_id", "region_code"]).sort_index()
    e1 = before.loc[("E1", "E1.seen_within_90d_share", "20")]
    assert e1["status"] != "achieved" and not pd.isna(e1["current_value"])
    e3 = before.loc[("E3", "E3.coordinated_visit_share")]
    assert (e3["status"] != "achieved").all()

    project = _copy_project(tmp_path / "project")
    plan_path = project / "seeds" / "benefits_realisation_plan.csv"
    with plan_path.open(encoding="utf-8", newline="") as handle:
        plan = list(csv.DictReader(handle))
    fieldnames = list(plan[0])
    e1_all = next(row for row in plan if row["metric_id"] == "E1.seen_within_90d_share" and row["region_code"] == "all")
    # Region 20 sets its own E1 target just below its current value; E3's common target drops below both regions
    plan.append({**e1_all, "region_code": "20", "target_value": f"{e1['current_value'] - 0.01:.4f}"})
    for row in plan:
        if row["metric_id"] == "E3.coordinated_visit_share":
            row["target_value"] = f"{e3['current_value'].min() - 0.01:.4f}"
    with plan_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(plan)

    result = _run_dbt(project, warehouse_copy, ["build", "--select", "benefits_realisation_plan+"])
    assert result.returncode == 0, result.stdout[-4000:]

    after = _frame(warehouse_copy, "select * from marts.effect_goal_status").set_index(
        ["effect_goal", "metric_id", "region_code"]).sort_index()
    assert after.loc[("E1", "E1.seen_within_90d_share", "20"), "status"] == "achieved"
    assert after.loc[("E1", "E1.seen_within_90d_share", "20"), "plan_region_code"] == "20"
    assert after.loc[("E1", "E1.seen_within_90d_share", "19"), "status"] == before.loc[
        ("E1", "E1.seen_within_90d_share", "19"), "status"]
    assert after.loc[("E1", "E1.seen_within_90d_share", "19"), "plan_region_code"] == "all"
    assert (after.loc[("E3", "E3.coordinated_visit_share"), "status"] == "achieved").all()
    unchanged = [key for key in before.index if key[0] not in ("E1", "E3")]
    assert after.loc[unchanged, "status"].equals(before.loc[unchanged, "status"])
