"""The two implementations of the suppression passes give the same marts.metric_values.

macros/metrics/suppression.sql has the rules twice: `joins` (DuckDB's default: each pass reads the
previous one several times) and `windows` (Spark's: one read per pass, window functions), because
Spark inlines a common table expression at every reference. Both are portable SQL, so the windows
passes are built here on DuckDB (var ``suppression_passes``) over a copy of the sample warehouse and
compared with the default build, column for column; the Spark build (tests/test_spark_build.py)
then has the same SQL on Spark.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from samrehab.dbt_runner import dbt_target_dir, run_dbt

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def windows_build(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("windows") / "samrehab.duckdb"
    shutil.copy2(sample_warehouse, db_path)
    outcome = run_dbt(["run", "--select", "metric_values", "--vars", '{"suppression_passes": "windows"}'], db_path)
    assert outcome.success, "\n".join(outcome.failures)
    return db_path


def _pass_reads(compiled_sql: str) -> dict[str, int]:
    """How often each suppression pass (a CTE named <kind>_pass_<round>) is read."""
    names = set(re.findall(r"\b(\w+_pass_\d+) as \(", compiled_sql))
    return {name: len(re.findall(rf"\bfrom {name}\b", compiled_sql)) for name in names}


def test_windows_passes_read_each_pass_once_and_joins_read_it_several_times(
    sample_warehouse: Path, windows_build: Path
) -> None:
    def compiled(db_path: Path) -> str:
        (path,) = (dbt_target_dir(db_path) / "compiled").rglob("metric_values.sql")
        return path.read_text(encoding="utf-8")

    windows = _pass_reads(compiled(windows_build))
    joins = _pass_reads(compiled(sample_warehouse))
    assert len(windows) == len(joins) >= 20
    assert set(windows.values()) == {1}
    assert sum(joins.values()) > 2 * len(joins) and max(joins.values()) >= 4


def test_windows_passes_give_the_same_metric_values_as_the_joins(
    sample_warehouse: Path, windows_build: Path
) -> None:
    con = duckdb.connect()
    try:
        con.execute(f"attach '{sample_warehouse}' as joins (read_only)")
        con.execute(f"attach '{windows_build}' as windows (read_only)")
        rows, suppressed = con.execute(
            "select count(*), count(*) filter (where suppressed) from windows.marts.metric_values"
        ).fetchall()[0]
        only_joins = con.execute(
            "select count(*) from (select * from joins.marts.metric_values except all "
            "select * from windows.marts.metric_values)"
        ).fetchall()[0][0]
        only_windows = con.execute(
            "select count(*) from (select * from windows.marts.metric_values except all "
            "select * from joins.marts.metric_values)"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert rows > 100_000 and 0 < suppressed < rows
    assert (only_joins, only_windows) == (0, 0)
