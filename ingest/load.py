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
import re
from collections.abc import Iterator

import duckdb
import polars as pl

from contracts import EntityContract, raw_columns
from ingest.raw_tables import INGEST_LOG_COLUMNS, QUARANTINE_COLUMNS


def later_keys(con: duckdb.DuckDBPyConnection, entity: EntityContract,
               extract_date: dt.date, owner: str = "") -> pl.DataFrame:
    """Keys of ``owner`` in ``raw.<entity>`` loaded from a delivery later than ``extract_date``."""
    keys_sql = ", ".join(f'"{k}"' for k in entity.replacement_key)
    return con.sql(
        f"SELECT DISTINCT {keys_sql} FROM raw.{entity.name} WHERE _extract_date > ? "
        "AND _owner IS NOT DISTINCT FROM ?", params=[extract_date, owner]).pl()


def other_owner_keys(con: duckdb.DuckDBPyConnection, entity: EntityContract,
                     owner: str) -> pl.DataFrame:
    """Keys of ``raw.<entity>`` that other regions or source systems hold."""
    keys_sql = ", ".join(f'"{k}"' for k in entity.replacement_key)
    return con.sql(f"SELECT DISTINCT {keys_sql} FROM raw.{entity.name} "
                   "WHERE _owner IS DISTINCT FROM ?", params=[owner]).pl()


def key_sql(entity: EntityContract, alias: str) -> str:
    """SQL text of a row's replacement key, as ``check.row_key`` writes it in polars."""
    parts = ", ".join(f'CAST({alias}."{k}" AS VARCHAR)' for k in entity.replacement_key)
    return f"concat_ws(chr(31), {parts})"


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


def distinct_keys(con: duckdb.DuckDBPyConnection, entity: EntityContract, owner: str = "",
                  others: bool = False) -> pl.Series:
    """The distinct values of the (single-column) key of ``owner``'s rows in ``raw.<entity>``.

    ``others``: the keys of every other region or source system instead.
    """
    key = entity.key[0]
    test = "IS DISTINCT FROM" if others else "IS NOT DISTINCT FROM"
    return con.sql(f'SELECT DISTINCT "{key}" FROM raw.{entity.name} WHERE _owner {test} ?',
                   params=[owner]).pl().to_series()


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


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> list[tuple]:
    """Execute ``sql`` with the named ``params`` it uses (DuckDB refuses unused ones)."""
    used = {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}
    return con.execute(sql, used).fetchall()


def move_to_history(con: duckdb.DuckDBPyConnection, table: str, where: str, params: dict,
                    replaced_by: str | None, op: str, how: str) -> int:
    """Move the rows of ``raw.<table>`` matching ``where`` (alias ``r``) to ``history.<table>``.

    ``replaced_by``: the delivery whose row took the place (None: removed); ``op``: the
    delivery or operation that moved it (withdrawing it moves the row back); ``how``:
    ``replaced``, ``disappeared`` or ``released``.
    """
    columns = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' "
        "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
    cols = _cols(columns, "r")
    moved = run_sql(
        con, f"INSERT INTO history.{table} ({_cols(columns)}, _replaced_by, _op, _how) "
        f"SELECT {cols}, $replaced_by, $op, $how FROM raw.{table} r WHERE {where}",
        {**params, "replaced_by": replaced_by, "op": op, "how": how})[0][0]
    if moved:
        run_sql(con, f"DELETE FROM raw.{table} r WHERE {where}", params)
    return int(moved)


def replace_earlier(con: duckdb.DuckDBPyConnection, entity: EntityContract, delivery_id: str,
                    files: list[str], extract_date: dt.date, owner: str = "",
                    op: str | None = None) -> dict[str, int]:
    """Move earlier rows whose key this run's rows carry to ``history``; count them per file.

    Rows of other deliveries of the same ``owner`` in ``raw.<entity>`` with the same key
    (``replacement_key``) and an extract date on or before ``extract_date`` are replaced, and
    so are their quarantined rows with that key (a corrected row replaces a quarantined one).
    A key's replaced rows count for the file of its first row in this run (files in load
    order, then row order).
    """
    table = f"raw.{entity.name}"
    key = entity.replacement_key
    params = {"delivery_id": delivery_id, "extract_date": extract_date, "owner": owner}
    op = op or delivery_id
    with _run_files(con, files):
        earlier_rows = run_sql(
            con, f"SELECT EXISTS (SELECT 1 FROM {table} r WHERE r._extract_date <= "
            f"$extract_date AND NOT {_this_run('r')} AND r._owner IS NOT DISTINCT FROM $owner) "
            "OR EXISTS (SELECT 1 FROM raw.quarantine q WHERE q.entity = $entity AND "
            "q.delivery_id <> $delivery_id)", {**params, "entity": entity.name})[0][0]
        if not earlier_rows:  # a first delivery: nothing to replace
            return {}
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _ingest_incoming AS SELECT {_cols(key, 'r')}, "
            "arg_min(r._source_file, f._file_ord * 1099511627776 + r._row_number) "
            f"AS _source_file FROM {table} r JOIN _ingest_files f "
            f"ON r._source_file = f._source_file WHERE r._delivery_id = $delivery_id "
            f"GROUP BY {_cols(key, 'r')}", {"delivery_id": delivery_id})
        try:
            earlier = (f"r._extract_date <= $extract_date AND NOT {_this_run('r')} "
                       "AND r._owner IS NOT DISTINCT FROM $owner")
            replaced = run_sql(
                con, f"SELECT k._source_file, count(*) FROM {table} r JOIN _ingest_incoming k "
                f"ON {_key_join('r', 'k', key)} WHERE {earlier} GROUP BY 1", params)
            if replaced:
                move_to_history(con, entity.name,
                            f"{earlier} AND EXISTS (SELECT 1 FROM _ingest_incoming k "
                            f"WHERE {_key_join('r', 'k', key)})",
                            params, delivery_id, op, "replaced")
            move_to_history(
                con, "quarantine",
                "r.entity = $entity AND r.delivery_id <> $delivery_id AND r.extract_date <= "
                "$extract_date AND r.owner IS NOT DISTINCT FROM $owner AND r.row_key IN ("
                f"SELECT {key_sql(entity, 'k')} FROM _ingest_incoming k UNION ALL "
                "SELECT q.row_key FROM raw.quarantine q WHERE q.delivery_id = $delivery_id "
                "AND q.entity = $entity AND q.source_file IN "
                "(SELECT _source_file FROM _ingest_files))",
                {**params, "entity": entity.name}, delivery_id, op, "replaced")
        finally:
            con.execute("DROP TABLE _ingest_incoming")
    return {f: int(n) for f, n in replaced}


def not_redelivered(con: duckdb.DuckDBPyConnection, entity: EntityContract, delivery_id: str,
                    files: list[str], extract_date: dt.date, owner: str,
                    remove: bool) -> int:
    """Rows of earlier deliveries of ``owner`` in the period this run covers that it lacks.

    The period: from the run's first ``period_column`` date to the extract date (all rows
    for entities without one). ``remove`` (scope ``full``): move them to ``history`` (how
    ``disappeared``); otherwise only count them.
    """
    table = f"raw.{entity.name}"
    params = {"delivery_id": delivery_id, "extract_date": extract_date, "owner": owner}
    with _run_files(con, files):
        where = (f"r._extract_date <= $extract_date AND NOT {_this_run('r')} "
                 "AND r._owner IS NOT DISTINCT FROM $owner")
        period = entity.period_column
        if period is not None:
            lo = run_sql(con, f'SELECT min(r."{period}") FROM {table} r '
                              f"WHERE {_this_run('r')}", params)[0][0]
            if lo is None:
                return 0
            where += f' AND r."{period}" BETWEEN $lo AND $extract_date'
            params = {**params, "lo": lo}
        elif run_sql(con, f"SELECT count(*) FROM {table} r WHERE {_this_run('r')}",
                     params)[0][0] == 0:
            return 0
        if remove:
            return move_to_history(con, entity.name, where, params, delivery_id, delivery_id,
                               "disappeared")
        return int(run_sql(con, f"SELECT count(*) FROM {table} r WHERE {where}", params)[0][0])


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
