"""Write checked rows into ``raw.*`` (inside the caller's transaction), via Arrow.

Replacement by key: rows already in ``raw.<entity>`` with the same key (``replacement_key``)
and an extract date on or before the new delivery's are deleted, then the new rows inserted.
Rows whose key is held by a *later* delivery (``later_keys``) are not applied: the caller
quarantines them (rule ``superseded``) before loading, so nothing vanishes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import polars as pl

from contracts import EntityContract, raw_columns
from ingest.raw_tables import INGEST_LOG_COLUMNS, QUARANTINE_COLUMNS


@dataclass
class LoadResult:
    """What loading one entity changed."""

    inserted_by_file: dict[str, int] = field(default_factory=dict)
    replaced_by_file: dict[str, int] = field(default_factory=dict)


def later_keys(con: duckdb.DuckDBPyConnection, entity: EntityContract,
               extract_date: dt.date) -> pl.DataFrame:
    """Keys in ``raw.<entity>`` loaded from a delivery later than ``extract_date``."""
    keys_sql = ", ".join(f'"{k}"' for k in entity.replacement_key)
    return con.sql(
        f"SELECT DISTINCT {keys_sql} FROM raw.{entity.name} WHERE _extract_date > ?",
        params=[extract_date]).pl()


def _key_join(alias_a: str, alias_b: str, key: tuple[str, ...]) -> str:
    return " AND ".join(f'{alias_a}."{k}" = {alias_b}."{k}"' for k in key)


def load_entity(con: duckdb.DuckDBPyConnection, entity: EntityContract, rows: pl.DataFrame,
                extract_date: dt.date) -> LoadResult:
    """Replace and insert ``rows`` (raw columns plus ``_row``) into ``raw.<entity>``."""
    table = f"raw.{entity.name}"
    key = entity.replacement_key
    result = LoadResult()
    if rows.height == 0:
        return result
    incoming_keys = rows.group_by(list(key)).agg(pl.col("_source_file").first())
    con.register("_incoming_keys", incoming_keys.to_arrow())
    try:
        replaced = con.execute(
            f"SELECT k._source_file, count(*) FROM {table} r JOIN _incoming_keys k "
            f"ON {_key_join('r', 'k', key)} WHERE r._extract_date <= ? GROUP BY 1",
            [extract_date],
        ).fetchall()
        result.replaced_by_file = {f: int(n) for f, n in replaced}
        if replaced:
            con.execute(
                f"DELETE FROM {table} USING _incoming_keys k "
                f"WHERE {_key_join(table, 'k', key)} AND {table}._extract_date <= ?",
                [extract_date],
            )
    finally:
        con.unregister("_incoming_keys")
    columns = [name for name, _ in raw_columns(entity)]
    insert = rows.select(columns)
    con.register("_incoming", insert.to_arrow())
    try:
        cols_sql = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({cols_sql}) SELECT {cols_sql} FROM _incoming")
    finally:
        con.unregister("_incoming")
    counts = rows.group_by("_source_file").len()
    result.inserted_by_file = dict(counts.iter_rows())
    return result


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame,
                 columns: tuple[tuple[str, str], ...]) -> None:
    """Insert ``frame`` (which has at least ``columns``) into ``raw.<table>``."""
    if frame.height == 0:
        return
    names = [n for n, _ in columns]
    con.register("_frame", frame.select(names).to_arrow())
    try:
        cols_sql = ", ".join(f'"{c}"' for c in names)
        con.execute(f"INSERT INTO raw.{table} ({cols_sql}) SELECT {cols_sql} FROM _frame")
    finally:
        con.unregister("_frame")


def insert_quarantine(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Append quarantine rows (columns of ``raw.quarantine``)."""
    insert_frame(con, "quarantine", frame, QUARANTINE_COLUMNS)


def insert_ingest_log(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Append ingest-log rows (columns of ``raw.ingest_log``)."""
    insert_frame(con, "ingest_log", frame, INGEST_LOG_COLUMNS)
