"""The mart comparison of the two engines (samrehab/spark/compare.py) and the Spark helpers, without Java."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from samrehab.spark.compare import compare_frames
from samrehab.spark.python_models import python_model_names
from samrehab.spark.session import spark_settings


def _mart() -> pd.DataFrame:
    return pd.DataFrame({
        "metric_id": ["E1.a", "E1.a", "E1.b"],
        "period_start": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-01-01"]).date,
        "denominator_persons": np.array([10, 3, 7], dtype="int64"),
        "suppressed": [False, True, False],
        "value": [0.25, np.nan, 1 / 3],
    })


def test_the_same_rows_in_another_order_and_integer_width_are_equal() -> None:
    spark = _mart().iloc[[2, 0, 1]].reset_index(drop=True)
    spark["denominator_persons"] = spark["denominator_persons"].astype("int32")
    spark["value"] = spark["value"] * (1 + 1e-12)
    comparison = compare_frames("m", _mart(), spark)
    assert comparison.equal, comparison.problems
    assert comparison.key_columns == ["metric_id", "period_start", "denominator_persons", "suppressed"]
    assert comparison.number_columns == ["value"]


def test_a_changed_suppression_flag_is_found() -> None:
    spark = _mart()
    spark.loc[0, "suppressed"] = True
    comparison = compare_frames("m", _mart(), spark)
    assert not comparison.equal
    assert any(problem.startswith("suppressed:") for problem in comparison.problems)


def test_a_number_beyond_the_tolerance_and_a_null_are_found() -> None:
    spark = _mart()
    spark.loc[0, "value"] = 0.25 * (1 + 1e-8)
    assert any(p.startswith("value:") for p in compare_frames("m", _mart(), spark).problems)
    spark = _mart()
    spark.loc[2, "value"] = np.nan
    assert any(p.startswith("value:") for p in compare_frames("m", _mart(), spark).problems)


def test_missing_rows_and_columns_are_found() -> None:
    assert compare_frames("m", _mart(), _mart().iloc[:2]).problems == ["rows differ: DuckDB 3, Spark 2"]
    assert "columns differ" in compare_frames("m", _mart(), _mart().drop(columns="value")).problems[0]


def test_the_runner_finds_the_projects_python_models() -> None:
    """The Spark job runs every dbt Python model the runner finds (models/**/*.py): both of them."""
    assert python_model_names() == ["equity_gaps", "metric_spc"]


def test_each_build_has_its_own_warehouse_and_metastore(tmp_path: Path) -> None:
    first, second = spark_settings(tmp_path / "a"), spark_settings(tmp_path / "b")
    for key in ("spark.sql.warehouse.dir", "spark.hadoop.javax.jdo.option.ConnectionURL",
                "spark.driver.extraJavaOptions"):
        assert first[key] != second[key]
        assert str(tmp_path / "a") in first[key]
    assert first["spark.ui.enabled"] == "false"
    assert first["spark.sql.legacy.createHiveTableByDefault"] == "false"
