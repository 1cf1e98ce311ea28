"""Write checked rows into ``raw.*`` (inside the caller's transaction), via Arrow.

An entity is loaded chunk by chunk (``insert_rows``); what needs all of its rows runs in
DuckDB after the last chunk: duplicate keys (``duplicate_rows``) and replacement by key
(``replace_earlier``): rows already in ``raw.<entity>`` from other deliveries with the same
key (``replacement_key``) and an extract date on or before the new delivery's are deleted.
Rows whose key is held by a *later* delivery (``later_keys``) are not applied: the caller
quarantines them (rule ``superseded``) before loading, so nothing vanishes.

"This run" is the delivery's rows from the files loaded now (``_this_run``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import duckdb
import polars as pl

from contracts import EntityContract, raw_columns
from ingest.raw_tables import INGEST_LOG_COLUMNS, QUARANTINE_COLUMNS


def later_keys(con: duckdb.DuckDBPyConnection, entity: EntityContract,
               extract_date: dt.date) -> pl.DataFrame:
    """Keys in ``raw.<entity>`` loaded from a delivery later than ``extract_date``."""
    keys_sql = ", ".join(f'"{k}"' for k in entity.replacement_key)
    return con.sql(
        f"SELECT DISTINCT {keys_sql} FROM raw.{entity.name} WHERE _extract_date > ?",
        params=[extract_date]).pl()


def _key_join(alias_a: str, alias_b: str, key: tuple[str, ...]) -> str:
    return " AND ".join(f'{alias_a}."{k}" = {alias_b}."{k}"' for k in key)


def _cols(columns: tuple[str, ...] | list[str], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{c}"' for c in columns)


def _this_run(alias: str) -> str:
    """SQL: the row is this run's (the delivery's, from a file registered as ``_ingest_files``).

    No earlier run can have left rows under the same delivery id and file name: that file
    would have the same SHA-256 and be skipped as already loaded.
    """
    return (f"({alias}._delivery_id = $delivery_id AND {alias}._source_file IN "
            "(SELECT _source_file FROM _ingest_files))")


@contextlib.contextmanager
def _run_files(con: duckdb.DuckDBPyConnection, files: list[str]) -> Iterator[None]:
    """Register ``_ingest_files`` (file name, position in load order) for the statements.

    Only small frames are registered (file lists, rows found by a check): what is registered
    inside the transaction stays in memory until the commit.
    """
    frame = pl.DataFrame({"_source_file": files, "_file_ord": list(range(len(files)))},
                         schema={"_source_file": pl.String, "_file_ord": pl.Int64})
    con.register("_ingest_files", frame.to_arrow())
    try:
        yield
    finally:
        con.unregister("_ingest_files")


def distinct_keys(con: duckdb.DuckDBPyConnection, entity: EntityContract) -> pl.Series:
    """The distinct values of the (single-column) key of ``raw.<entity>``."""
    key = entity.key[0]
    return con.sql(f'SELECT DISTINCT "{key}" FROM raw.{entity.name}').pl().to_series()


def _append(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame,
            columns: list[str]) -> None:
    """Append ``frame``'s ``columns`` (the table's columns, in order) to ``raw.<table>``.

    Through a relation, not ``register``: a view registered and dropped inside the open
    transaction keeps its Arrow data alive until the commit (every chunk of the delivery).
    """
    con.from_arrow(frame.select(columns).to_arrow()).insert_into(f"raw.{table}")


def insert_rows(con: duckdb.DuckDBPyConnection, entity: EntityContract,
                rows: pl.DataFrame) -> None:
    """Insert checked rows (raw columns plus anything else) into ``raw.<entity>``."""
    if rows.height == 0:
        return
    _append(con, entity.name, rows, [name for name, _ in raw_columns(entity)])


def delete_run(con: duckdb.DuckDBPyConnection, entity: EntityContract, delivery_id: str,
               files: list[str]) -> None:
    """Remove what this run wrote for ``entity`` from ``files`` (rows and quarantine rows)."""
    with _run_files(con, files):
        con.execute(f"DELETE FROM raw.{entity.name} r WHERE {_this_run('r')}",
                    {"delivery_id": delivery_id})
        con.execute("DELETE FROM raw.quarantine WHERE delivery_id = $delivery_id "
                    "AND entity = $entity AND source_file IN (SELECT _source_file FROM "
                    "_ingest_files)", {"delivery_id": delivery_id, "entity": entity.name})


def duplicate_rows(con: duckdb.DuckDBPyConnection, entity: EntityContract,
                   columns: tuple[str, ...], delivery_id: str, files: list[str],
                   quarantined: pl.DataFrame) -> pl.DataFrame:
    """Every row of this run whose ``columns`` occur more than once (nulls equal).

    The run's rows are its rows in ``raw.<entity>`` (``_in_raw``) and ``quarantined``
    (``_source_file``, ``_row_number`` and the typed ``columns`` of the rows held back by a
    row rule). Returns ``_source_file``, ``_row_number``, ``_in_raw`` and ``columns``.
    """
    cols = _cols(columns)
    run = (f"SELECT {cols}, _source_file, _row_number, true AS _in_raw "
           f"FROM raw.{entity.name} r WHERE {_this_run('r')} "
           f"UNION ALL SELECT {cols}, _source_file, _row_number, false FROM _ingest_held")
    params = {"delivery_id": delivery_id}
    with _run_files(con, files):
        con.register("_ingest_held", quarantined.select(
            *columns, "_source_file", "_row_number").to_arrow())
        try:
            # one aggregation over the run; the rows of repeated keys only when there are some
            repeated = con.sql(f"SELECT {cols} FROM ({run}) GROUP BY ALL HAVING count(*) > 1",
                               params=params).pl()
            if repeated.height == 0:
                return pl.DataFrame(schema={"_source_file": pl.String, "_row_number": pl.Int64,
                                            "_in_raw": pl.Boolean,
                                            **{c: entity.column(c).dtype for c in columns}})
            same = " AND ".join(f'run."{c}" IS NOT DISTINCT FROM dup."{c}"' for c in columns)
            con.register("_ingest_repeated", repeated.to_arrow())
            try:
                return con.sql(
                    f"SELECT run._source_file, run._row_number, run._in_raw, "
                    f"{_cols(columns, 'run')} FROM ({run}) run JOIN _ingest_repeated dup "
                    f"ON {same}", params=params).pl()
            finally:
                con.unregister("_ingest_repeated")
        finally:
            con.unregister("_ingest_held")


def delete_rows(con: duckdb.DuckDBPyConnection, entity: EntityContract, delivery_id: str,
                rows: pl.DataFrame) -> None:
    """Delete this delivery's rows (``_source_file``, ``_row_number``) from ``raw.<entity>``."""
    con.register("_ingest_rows", rows.select("_source_file", "_row_number").to_arrow())
    try:
        con.execute(f"DELETE FROM raw.{entity.name} r USING _ingest_rows d "
                    "WHERE r._delivery_id = ? AND r._source_file = d._source_file "
                    "AND r._row_number = d._row_number", [delivery_id])
    finally:
        con.unregister("_ingest_rows")


def quarantined_json(con: duckdb.DuckDBPyConnection, entity: EntityContract,
                     delivery_id: str, rows: pl.DataFrame) -> pl.DataFrame:
    """``row_json`` of rows (``_source_file``, ``_row_number``) this delivery quarantined."""
    con.register("_ingest_rows", rows.select("_source_file", "_row_number").to_arrow())
    try:
        return con.sql(
            "SELECT d._source_file, d._row_number, any_value(q.row_json) AS row_json "
            "FROM raw.quarantine q JOIN _ingest_rows d ON q.source_file = d._source_file "
            "AND q.row_number = d._row_number WHERE q.delivery_id = ? AND q.entity = ? "
            "GROUP BY ALL", params=[delivery_id, entity.name]).pl()
    finally:
        con.unregister("_ingest_rows")


def replace_earlier(con: duckdb.DuckDBPyConnection, entity: EntityContract, delivery_id: str,
                    files: list[str], extract_date: dt.date) -> dict[str, int]:
    """Delete earlier rows whose key this run's rows carry; count them per file.

    Rows of other deliveries in ``raw.<entity>`` with the same key (``replacement_key``) and
    an extract date on or before ``extract_date`` are replaced. A key's replaced rows count
    for the file of its first row in this run (files in load order, then row order).
    """
    table = f"raw.{entity.name}"
    key = entity.replacement_key
    params = {"delivery_id": delivery_id, "extract_date": extract_date}
    with _run_files(con, files):
        earlier = con.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} r WHERE r._extract_date <= $extract_date "
            f"AND NOT {_this_run('r')})", params).fetchall()[0][0]
        if not earlier:
            return {}
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _ingest_incoming AS SELECT {_cols(key, 'r')}, "
            "arg_min(r._source_file, f._file_ord * 1099511627776 + r._row_number) "
            f"AS _source_file FROM {table} r JOIN _ingest_files f "
            f"ON r._source_file = f._source_file WHERE r._delivery_id = $delivery_id "
            f"GROUP BY ALL", {"delivery_id": delivery_id})
        try:
            replaced = con.execute(
                f"SELECT k._source_file, count(*) FROM {table} r JOIN _ingest_incoming k "
                f"ON {_key_join('r', 'k', key)} WHERE r._extract_date <= $extract_date "
                f"AND NOT {_this_run('r')} GROUP BY 1", params).fetchall()
            if replaced:
                con.execute(
                    f"DELETE FROM {table} USING _ingest_incoming k "
                    f"WHERE {_key_join(table, 'k', key)} AND {table}._extract_date <= "
                    f"$extract_date AND NOT {_this_run(table)}", params)
        finally:
            con.execute("DROP TABLE _ingest_incoming")
    return {f: int(n) for f, n in replaced}


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame,
                 columns: tuple[tuple[str, str], ...]) -> None:
    """Insert ``frame`` (which has at least ``columns``) into ``raw.<table>``."""
    if frame.height == 0:
        return
    _append(con, table, frame, [n for n, _ in columns])


def insert_quarantine(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Append quarantine rows (columns of ``raw.quarantine``)."""
    insert_frame(con, "quarantine", frame, QUARANTINE_COLUMNS)


def insert_ingest_log(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Append ingest-log rows (columns of ``raw.ingest_log``)."""
    insert_frame(con, "ingest_log", frame, INGEST_LOG_COLUMNS)
