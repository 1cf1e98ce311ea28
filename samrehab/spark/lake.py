"""The Parquet side of the Spark build: raw layer out of DuckDB, marts back into DuckDB.

A lake folder holds one Parquet folder per entity, the usual shape of a data lake::

    <lake>/raw/<entity>/part-0.parquet     written by export_raw (from the DuckDB raw layer)
    <lake>/marts/<model>/part-*.parquet    written by Spark (location_root of the marts)

``import_marts`` replaces the ``marts`` tables of the DuckDB warehouse with the Parquet marts, so
the quality checks and the publish step (dashboard, report, notebooks) work unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def lake_path(db_path: Path) -> Path:
    """Default lake folder of a warehouse: ``<warehouse folder>/<stem>.lake``."""
    db_path = Path(db_path).resolve()
    return db_path.parent / f"{db_path.stem}.lake"


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def export_raw(db_path: Path, lake: Path) -> dict[str, int]:
    """Write every table of the warehouse's ``raw`` schema to ``<lake>/raw/<table>/part-0.parquet``.

    Returns the rows written per table. The previous export is replaced.
    """
    import duckdb

    target = Path(lake) / "raw"
    shutil.rmtree(target, ignore_errors=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = [name for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'raw' and table_type = 'BASE TABLE' order by table_name"
        ).fetchall()]
        for table in tables:
            folder = target / table
            folder.mkdir(parents=True, exist_ok=True)
            con.execute(
                f"copy (select * from raw.\"{table}\") to '{_quote(folder / 'part-0.parquet')}' (format parquet)"
            )
            counts[table] = con.execute(f'select count(*) from raw."{table}"').fetchone()[0]
    finally:
        con.close()
    return counts


def mart_folders(lake: Path) -> dict[str, Path]:
    """The Parquet marts in ``<lake>/marts``: model name -> folder (folders with Parquet files only)."""
    root = Path(lake) / "marts"
    if not root.is_dir():
        return {}
    return {
        folder.name: folder
        for folder in sorted(root.iterdir())
        if folder.is_dir() and any(folder.glob("*.parquet"))
    }


def import_marts(db_path: Path, lake: Path) -> dict[str, int]:
    """Replace the ``marts`` tables of the DuckDB warehouse by the Parquet marts of ``lake``.

    One transaction: either every mart is replaced or none. Returns the rows per mart.
    """
    import duckdb

    folders = mart_folders(lake)
    if not folders:
        raise FileNotFoundError(f"no Parquet marts under {Path(lake) / 'marts'}: did the Spark build run?")
    counts: dict[str, int] = {}
    con = duckdb.connect(str(db_path))
    try:
        con.execute("begin transaction")
        con.execute("create schema if not exists marts")
        for name, folder in folders.items():
            con.execute(
                f'create or replace table marts."{name}" as '
                f"select * from read_parquet('{_quote(folder)}/*.parquet')"
            )
            counts[name] = con.execute(f'select count(*) from marts."{name}"').fetchone()[0]
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.close()
    return counts
