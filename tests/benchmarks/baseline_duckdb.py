"""Runner of baseline (a): ``baseline_duckdb.sql`` over a delivery folder, in an in-memory DuckDB."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SQL_PATH = Path(__file__).with_name("baseline_duckdb.sql")
PLACEHOLDER = "@DELIVERY@"


def baseline_sql(delivery_dir: Path) -> str:
    """The baseline script with the delivery folder filled in."""
    folder = str(Path(delivery_dir).resolve()).replace("'", "''")
    return SQL_PATH.read_text(encoding="utf-8").replace(PLACEHOLDER, folder)


def compute_metrics(delivery_dir: Path, threads: int | None = None) -> pd.DataFrame:
    """The five headline metrics by municipality and quarter, one row per cell.

    Columns: metric_id, period, region_code, group_code, numerator, denominator, value.
    """
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        if threads:
            con.execute(f"set threads = {int(threads)}")
        # several statements: DuckDB runs them all and returns the last one's result
        return con.execute(baseline_sql(delivery_dir)).df()
    finally:
        con.close()
