"""Rows in ``raw`` whose id refers to a row that is no longer there: move them to the quarantine.

A row loads only when every id it holds refers to a row of its own region or source system
(``ingest.rules.reference_issues``). Two operations can take the referred row away after
that: a full delivery that no longer holds it (``scope: full``), and the withdrawal of the
delivery that brought it. Both then call ``quarantine_orphans``: every row that refers to
nothing leaves ``raw`` for ``raw.quarantine`` with rule ``unknown_reference``, its own lineage
(delivery, extract date, file, row number) and its text as read again
(``recheck.rows_as_read``). It is re-checked like any quarantined row, so it loads again by
itself when the row it refers to is delivered (or restored by a withdrawal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb
import polars as pl

from contracts import ENTITIES, EntityContract, get_entity
from ingest import check, load, recheck

#: (column, the entity it refers to) → the quarantine message (name the column first, end
#: with a "Fix:").
Message = Callable[[str, str], str]


def _conditions(entity: EntityContract) -> dict[str, str]:
    """Column → SQL true when row ``r``'s id in it refers to no row of its owner."""
    conditions = {}
    for col in entity.columns:
        if col.fk:
            target = get_entity(col.fk)
            conditions[col.name] = (
                f'(r."{col.name}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM raw.{target.name} h '
                f'WHERE h."{target.key[0]}" = r."{col.name}" '
                "AND h._owner IS NOT DISTINCT FROM r._owner))")
    return conditions


def _quarantine_frame(rows: pl.DataFrame, entity: EntityContract, column: str, message: str,
                      now: dt.datetime) -> pl.DataFrame:
    return rows.filter(pl.col(f"_orphan_{column}")).select(
        pl.col("_delivery_id").alias("delivery_id"),
        pl.col("_extract_date").alias("extract_date"),
        pl.col("_source_file").alias("source_file"),
        pl.col("_row_number").alias("row_number"),
        pl.lit(entity.name).alias("entity"),
        pl.lit(column).alias("column_name"),
        pl.lit("unknown_reference").alias("rule"),
        pl.lit(message).alias("message"),
        "row_json",
        pl.lit(now, dtype=pl.Datetime("us")).alias("quarantined_at"),
        pl.col("_owner").alias("owner"),
        pl.col("_row_key").alias("row_key"))


def quarantine_orphans(con: duckdb.DuckDBPyConnection, now: dt.datetime,
                       message: Message) -> dict[str, int]:
    """Move every row of ``raw`` that refers to nothing to the quarantine; entity → rows moved.

    Entities in load order, so a referral quarantined here takes its visits with it.
    """
    moved: dict[str, int] = {}
    for entity in ENTITIES:
        conditions = _conditions(entity)
        if not conditions:
            continue
        flags = ", ".join(f'{sql} AS "_orphan_{name}"' for name, sql in conditions.items())
        where = " OR ".join(conditions.values())
        rows = con.sql(f"SELECT r.*, {flags} FROM raw.{entity.name} r WHERE {where}").pl()
        if rows.height == 0:
            continue
        rows = rows.with_columns(check.row_key(entity),
                                 recheck.rows_as_read(rows, entity).get_column("row_json"))
        load.insert_quarantine(con, pl.concat([
            _quarantine_frame(rows, entity, name, message(name, entity.column(name).fk), now)
            for name in conditions]))
        con.execute(f"DELETE FROM raw.{entity.name} r WHERE {where}")
        moved[entity.name] = rows.height
    return moved
