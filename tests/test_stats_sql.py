"""The statistical dbt macros (macros/stats/) against published reference values.

Builds only the validation seeds and models (they depend on seeds alone) into a temporary DuckDB
file, then compares every computed value with the reference CSVs in tests/fixtures/reference/ to
four significant digits: |computed − expected| ≤ 0.5e-4 · |expected| (plus 0.5e-6 where the
reference is rounded to 6 decimals), and nulls exactly where the reference has none.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from samrehab.dbt_runner import run_dbt

REFERENCE = Path(__file__).parent / "fixtures" / "reference"
REL_TOL = 0.5e-4

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def validation_db(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    tmp = tmp_path_factory.mktemp("stats_sql")
    db = tmp / "samrehab.duckdb"
    outcome = run_dbt(
        ["build", "--select", "path:seeds/validation path:models/validation esp2013_age_band_weights"], db
    )
    assert outcome.success, "\n".join(outcome.failures)
    # dbt-duckdb keeps its own connection to the file open in this process: open it with the
    # same (default) configuration
    con = duckdb.connect(str(db))
    yield con
    con.close()


def read_reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, encoding="utf-8-sig")


def table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    frame = con.sql(f"select * from validation.{name}").df()
    frame.columns = frame.columns.str.lower()  # seed columns keep the reference's casing
    return frame


def max_relative_error(
    computed: pd.Series, expected: pd.Series, label: str, abs_tol: float = 0.0
) -> float:
    """Assert agreement row by row; return the largest relative error (for the report)."""
    computed = pd.to_numeric(computed, errors="coerce").astype(float).to_numpy()
    expected = pd.to_numeric(expected, errors="coerce").astype(float).to_numpy()
    null_mismatch = np.isnan(computed) != np.isnan(expected)
    assert not null_mismatch.any(), f"{label}: null where the reference has a value or vice versa"
    both = ~np.isnan(expected)
    diff = np.abs(computed[both] - expected[both])
    bound = REL_TOL * np.abs(expected[both]) + abs_tol
    assert (diff <= bound).all(), f"{label}: max |diff| {diff.max()} exceeds the tolerance"
    nonzero = both & (expected != 0)
    rel = np.abs(computed[nonzero] - expected[nonzero]) / np.abs(expected[nonzero])
    worst = float(rel.max()) if rel.size else 0.0
    print(f"{label:45s} rows={int(both.sum()):4d} max relative error={worst:.2e}")
    return worst


def test_wilson_proportions(validation_db: duckdb.DuckDBPyConnection) -> None:
    ref = read_reference("testdata_Prop.csv")
    got = table(validation_db, "val_proportions")
    merged = ref.merge(got, left_on=["Area", "multiplier"], right_on=["area", "multiplier"])
    assert len(merged) == len(ref) == 19
    for ours, theirs in [("value", "value_x"), ("lower95", "lower95_0cl"), ("upper95", "upper95_0cl"),
                         ("lower998", "lower99_8cl"), ("upper998", "upper99_8cl")]:
        max_relative_error(merged[ours if ours != "value" else "value_y"], merged[theirs],
                           f"wilson testdata_Prop {ours}")


def test_poisson_rates(validation_db: duckdb.DuckDBPyConnection) -> None:
    ref = read_reference("testdata_Rate.csv")
    got = table(validation_db, "val_rates")
    merged = ref.merge(got, left_on=["Area", "multiplier"], right_on=["area", "multiplier"])
    assert len(merged) == len(ref) == 20
    for ours, theirs in [("value_y", "value_x"), ("lower95", "lower95_0cl"), ("upper95", "upper95_0cl"),
                         ("lower998", "lower99_8cl"), ("upper998", "upper99_8cl")]:
        max_relative_error(merged[ours], merged[theirs], f"poisson testdata_Rate {ours}")
    # both branches are exercised: exact below 10 events, Byar's from 10
    assert set(ref["method"].dropna()) >= {"Exact", "Byars"}


def test_byar_and_wilson_single(validation_db: duckdb.DuckDBPyConnection) -> None:
    ref = read_reference("testdata_B_W.csv")
    got = table(validation_db, "val_byar_wilson_single")
    keys = ["x", "n", "confidence", "method"]
    ref["n"] = ref["n"].astype(float)
    got["n"] = got["n"].astype(float)
    merged = ref.merge(got, on=keys, suffixes=("_ref", "_ours"))
    assert len(merged) == len(ref) == 13
    max_relative_error(merged["lowercl_ours"], merged["lowercl_ref"], "byar/wilson testdata_B_W lower")
    max_relative_error(merged["uppercl_ours"], merged["uppercl_ref"], "byar/wilson testdata_B_W upper")


def test_dsr_dobson(validation_db: duckdb.DuckDBPyConnection) -> None:
    ref = read_reference("testresults_DSR.csv")
    ref = ref[(ref["method"] == "Dobson") & ref["statistic"].str.startswith("dsr per ")].copy()
    ref["multiplier"] = ref["statistic"].str.removeprefix("dsr per ").astype(int)
    got = table(validation_db, "val_dsr")
    assert (got["band_rows"] == 19).all()
    merged = got.merge(ref, on=["area", "multiplier"], how="left", suffixes=("", "_ref"))
    in_inputs = set(read_reference("testdata_multiarea.csv")["area"])
    assert len(merged) == 2 * len(in_inputs) == 6
    # the area with 9 events: nothing reported, in the reference and here
    tiny = merged[merged["area"] == "testdata_tiny"]
    assert tiny[["value", "lower95", "upper95", "lower998", "upper998"]].isna().all().all()
    reported = merged[merged["area"] != "testdata_tiny"]
    assert len(reported) == 4
    max_relative_error(reported["total_count"], reported["total_count_ref"], "dsr total count")
    for ours, theirs in [("value", "value_ref"), ("lower95", "lower95_0cl"), ("upper95", "upper95_0cl"),
                         ("lower998", "lower99_8cl"), ("upper998", "upper99_8cl")]:
        max_relative_error(reported[ours], reported[theirs], f"dsr testresults_DSR {ours}")


def test_funnel_proportion_limits(validation_db: duckdb.DuckDBPyConnection) -> None:
    ref = read_reference("testdata_funnel_prop_outputs.csv")
    got = table(validation_db, "val_funnel_prop_limits")
    merged = ref.merge(got, left_on="Population", right_on="population")
    assert len(merged) == len(ref) == 100
    for ours, theirs in [("baseline", "Baseline"), ("lower_2s", "Lower2s0025limit"),
                         ("upper_2s", "Upper2s0025limit"), ("lower_3s", "Lower3s0001limit"),
                         ("upper_3s", "Upper3s0001limit")]:
        max_relative_error(merged[ours], merged[theirs], f"funnel {ours}", abs_tol=0.5e-6)


def test_funnel_proportion_significance(validation_db: duckdb.DuckDBPyConnection) -> None:
    ref = read_reference("testdata_funnel_prop_inputs.csv")
    got = table(validation_db, "val_funnel_prop_significance")
    codes = {"Low (0.001)": "low_3s", "Low (0.025)": "low_2s", "High (0.001)": "high_3s",
             "High (0.025)": "high_2s", "Not significant": "not_significant"}
    assert len(got) == len(ref) == 303
    expected = ref["significance"].map(codes).sort_values(ignore_index=True)
    computed = got.sort_values(["area", "numerator"])
    ref_sorted = ref.assign(code=ref["significance"].map(codes)).sort_values(["Area", "numerator"])
    assert expected.notna().all()
    assert list(computed["significance"]) == list(ref_sorted["code"])
    print(f"{'funnel significance':45s} rows={len(got):4d} all classes equal")


def test_t_quantiles(validation_db: duckdb.DuckDBPyConnection) -> None:
    got = table(validation_db, "val_t_quantiles")
    expected = stats.t.ppf(1 - (1 - got["confidence"]) / 2, got["df"])
    worst = max_relative_error(got["t"], pd.Series(expected), "t_quantile vs scipy")
    assert worst < 1e-6
    halfwidth = expected * 2.0 / np.sqrt(got["df"] + 1)
    max_relative_error(got["halfwidth"], pd.Series(halfwidth), "t_interval_halfwidth vs scipy")


def test_comparison_flag(validation_db: duckdb.DuckDBPyConnection) -> None:
    got = table(validation_db, "val_comparison_flag")
    assert len(got) == 15
    assert (got["comparison"] == got["comparison_expected"]).all(), got
