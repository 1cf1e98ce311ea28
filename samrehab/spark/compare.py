"""One result, two engines: compare the marts of a DuckDB build with the Parquet marts of a Spark build.

Row for row: both sides are sorted by every column, numbers rounded to 9 significant digits
for the sort only; then the key columns (text, dates, integers and booleans, which include the
suppression flags and the person counts) must be equal and every floating-point number must agree
within ``rtol`` relative (``atol`` near zero), nulls on the same rows. Column names are compared in
lower case, as Spark's catalogue keeps them. Columns that say when the
build ran (``BUILD_TIME_COLUMNS``) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from samrehab.spark.lake import mart_folders

#: mart -> columns that record the time of the build, not a result
BUILD_TIME_COLUMNS = {"snapshot_info": {"built_at"}}
#: marts the DuckDB warehouse holds that dbt does not build (written by the quality step)
NOT_DBT_MARTS = {"data_quality_results"}


@dataclass
class MartComparison:
    """The comparison of one mart."""

    name: str
    duckdb_rows: int
    spark_rows: int
    key_columns: list[str] = field(default_factory=list)
    number_columns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        """True when the mart is the same on both engines."""
        return not self.problems


def _is_number(series: pd.Series) -> bool:
    """Floating-point or decimal values (a text column whose nulls read as NaN is not one)."""
    if pd.api.types.is_float_dtype(series):
        return True
    if series.dtype == object:
        values = series.dropna()
        return len(values) > 0 and all(isinstance(v, (float, Decimal)) for v in values)
    return False


def _key_text(series: pd.Series) -> pd.Series:
    """A key column as text, the same whatever the engine's type (int widths, date types), nulls as None."""
    if pd.api.types.is_datetime64_any_dtype(series):
        text = series.dt.strftime("%Y-%m-%d %H:%M:%S").str.removesuffix(" 00:00:00")
    elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        text = series.astype("string")
    elif pd.api.types.is_string_dtype(series) and series.dtype != object:
        text = series
    else:
        text = series.map(lambda v: None if v is None or v is pd.NA or v is pd.NaT or (
            isinstance(v, float) and np.isnan(v)) else str(v), na_action=None)
    return text.astype(object).where(series.notna(), None)


def _significant(values: np.ndarray, digits: int = 9) -> np.ndarray:
    """``values`` rounded to ``digits`` significant digits (for sorting only)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(np.isfinite(values) & (values != 0), 10.0 ** np.floor(np.log10(np.abs(values))), 1.0)
        return np.round(values / scale, digits - 1) * scale


def _normalised(frame: pd.DataFrame, keys: list[str], numbers: list[str]) -> pd.DataFrame:
    """Keys as text, numbers as float64, sorted by keys then numbers (rounded), index reset."""
    out = pd.DataFrame(index=frame.index)
    for column in keys:
        out[column] = _key_text(frame[column])
    for column in numbers:
        out[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    order = pd.DataFrame({c: out[c].fillna("\x00") for c in keys}, index=frame.index)
    for column in numbers:
        order[column] = _significant(out[column].to_numpy(float))
    index = order.sort_values(list(order.columns), kind="stable", na_position="first").index
    return out.loc[index].reset_index(drop=True)


def compare_frames(name: str, duck: pd.DataFrame, spark: pd.DataFrame,
                   rtol: float = 1e-9, atol: float = 1e-12) -> MartComparison:
    """Compare one mart's rows from both engines (see the module docstring)."""
    result = MartComparison(name, len(duck), len(spark))
    skip = BUILD_TIME_COLUMNS.get(name, set())
    # Spark's catalogue is case-insensitive and writes a seed's header `Area` as `area`
    duck, spark = duck.rename(columns=str.lower), spark.rename(columns=str.lower)
    if set(duck.columns) != set(spark.columns):
        result.problems.append(
            f"columns differ: only DuckDB {sorted(set(duck.columns) - set(spark.columns))}, "
            f"only Spark {sorted(set(spark.columns) - set(duck.columns))}"
        )
        return result
    columns = [column for column in duck.columns if column not in skip]
    numbers = [column for column in columns if _is_number(duck[column]) or _is_number(spark[column])]
    keys = [column for column in columns if column not in numbers]
    result.key_columns, result.number_columns = keys, numbers
    if len(duck) != len(spark):
        result.problems.append(f"rows differ: DuckDB {len(duck)}, Spark {len(spark)}")
        return result
    left = _normalised(duck[columns], keys, numbers)
    right = _normalised(spark[columns], keys, numbers)
    for column in keys:
        differs = ~((left[column] == right[column]) | (left[column].isna() & right[column].isna()))
        if differs.any():
            row = int(np.flatnonzero(differs.to_numpy())[0])
            result.problems.append(
                f"{column}: {int(differs.sum())} rows differ, first at sorted row {row}: "
                f"DuckDB {left.at[row, column]!r}, Spark {right.at[row, column]!r}"
            )
    for column in numbers:
        a, b = left[column].to_numpy(float), right[column].to_numpy(float)
        close = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
        if not close.all():
            row = int(np.flatnonzero(~close)[0])
            result.problems.append(
                f"{column}: {int((~close).sum())} numbers differ beyond {rtol:g} relative, first at sorted "
                f"row {row}: DuckDB {a[row]!r}, Spark {b[row]!r}"
            )
    return result


def compare_marts(duckdb_path: Path, lake: Path) -> list[MartComparison]:
    """Compare every dbt mart of the DuckDB warehouse with the Spark build's Parquet marts in ``lake``."""
    import duckdb

    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        names = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()} - NOT_DBT_MARTS
        folders = mart_folders(lake)
        comparisons = []
        for name in sorted(names | set(folders)):
            if name not in folders or name not in names:
                side = "Spark" if name not in folders else "DuckDB"
                comparisons.append(MartComparison(name, 0, 0, problems=[f"missing on {side}"]))
                continue
            duck = con.execute(f'select * from marts."{name}"').df()
            spark = con.execute(f"select * from read_parquet('{folders[name]}/*.parquet')").df()
            comparisons.append(compare_frames(name, duck, spark))
    finally:
        con.close()
    return comparisons


def compare_tables(duckdb_path: Path, folder: Path) -> list[MartComparison]:
    """Compare every ``<schema>.<table>`` Parquet folder in ``folder`` with that table of the DuckDB warehouse."""
    import duckdb

    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        comparisons = []
        for path in sorted(p for p in Path(folder).iterdir() if p.is_dir()):
            schema, table = path.name.split(".", 1)
            duck = con.execute(f'select * from "{schema}"."{table}"').df()
            spark = con.execute(f"select * from read_parquet('{path}/*.parquet')").df()
            comparisons.append(compare_frames(path.name, duck, spark))
    finally:
        con.close()
    return comparisons
