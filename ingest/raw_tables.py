"""The ``raw`` schema: one table per contract entity plus deliveries, quarantine and ingest log.

The ``history`` schema keeps what deliveries replaced, removed or released (same columns
plus ``_replaced_by``, ``_op`` – the delivery or operation that moved the row – and
``_how``), and the withdrawals; ``samrehab withdraw`` restores from it.

Columns are derived from ``contracts`` (one source of truth); see DEVELOPMENT.md.
"""

from __future__ import annotations

import duckdb

from contracts import ENTITIES, raw_columns

DELIVERIES_COLUMNS: tuple[tuple[str, str], ...] = (
    ("delivery_id", "VARCHAR"),
    ("region_code", "VARCHAR"),
    ("extract_date", "DATE"),
    ("source_system", "VARCHAR"),
    ("loaded_at", "TIMESTAMP"),
    ("scope", "VARCHAR"),
    ("owner", "VARCHAR"),
)

#: One row per (quarantined row, broken rule). ``row_json`` is the row as read (text).
QUARANTINE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("delivery_id", "VARCHAR"),
    ("extract_date", "DATE"),
    ("source_file", "VARCHAR"),
    ("row_number", "BIGINT"),
    ("entity", "VARCHAR"),
    ("column_name", "VARCHAR"),
    ("rule", "VARCHAR"),
    ("message", "VARCHAR"),
    ("row_json", "VARCHAR"),
    ("quarantined_at", "TIMESTAMP"),
    ("owner", "VARCHAR"),
    ("row_key", "VARCHAR"),
)

#: One row per file of a delivery that was loaded or rejected.
INGEST_LOG_COLUMNS: tuple[tuple[str, str], ...] = (
    ("delivery_id", "VARCHAR"),
    ("extract_date", "DATE"),
    ("source_file", "VARCHAR"),
    ("file_sha256", "VARCHAR"),
    ("entity", "VARCHAR"),
    ("status", "VARCHAR"),
    ("rows_read", "BIGINT"),
    ("rows_loaded", "BIGINT"),
    ("rows_quarantined", "BIGINT"),
    ("rows_replaced", "BIGINT"),
    ("message", "VARCHAR"),
    ("loaded_at", "TIMESTAMP"),
)


#: Columns a history table adds to the rows it keeps (see ``ingest.history``).
HISTORY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_replaced_by", "VARCHAR"),
    ("_op", "VARCHAR"),
    ("_how", "VARCHAR"),
)

#: One row per withdrawn delivery.
WITHDRAWALS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("delivery_id", "VARCHAR"),
    ("region_code", "VARCHAR"),
    ("extract_date", "DATE"),
    ("withdrawn_at", "TIMESTAMP"),
    ("summary", "VARCHAR"),
)


def _create(con: duckdb.DuckDBPyConnection, table: str,
            columns: list[tuple[str, str]] | tuple[tuple[str, str], ...],
            schema: str = "raw") -> set[str]:
    """Create the table, or add the columns it lacks; return the columns added."""
    cols = ", ".join(f'"{name}" {typ}' for name, typ in columns)
    con.execute(f"CREATE TABLE IF NOT EXISTS {schema}.{table} ({cols})")
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
        "AND table_name = ?", [schema, table]).fetchall()}
    added = set()
    for name, typ in columns:  # a warehouse made before a column was added
        if name not in have:
            con.execute(f'ALTER TABLE {schema}.{table} ADD COLUMN "{name}" {typ}')
            added.add(name)
    return added


#: SQL: the owner of an earlier delivery ``d`` (region, else source system), for old rows.
_OWNER_OF_DELIVERY = "coalesce(d.region_code, d.source_system, '')"


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema ``raw`` and every raw table (empty) that does not exist yet."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    added = {e.name: _create(con, e.name, raw_columns(e)) for e in ENTITIES}
    added["deliveries"] = _create(con, "deliveries", DELIVERIES_COLUMNS)
    added["quarantine"] = _create(con, "quarantine", QUARANTINE_COLUMNS)
    _create(con, "ingest_log", INGEST_LOG_COLUMNS)
    # rows loaded before keys had an owner: the owner of their delivery
    if "owner" in added["deliveries"]:
        con.execute(f"UPDATE raw.deliveries d SET owner = {_OWNER_OF_DELIVERY}")
    for table, column, lineage in [(e.name, "_owner", "_delivery_id") for e in ENTITIES] + [
            ("quarantine", "owner", "delivery_id")]:
        if column in added[table]:
            con.execute(f"UPDATE raw.{table} r SET {column} = {_OWNER_OF_DELIVERY} "
                        f"FROM raw.deliveries d WHERE r.{lineage} = d.delivery_id")
    # what deliveries replaced or released, so a withdrawal can restore it
    con.execute("CREATE SCHEMA IF NOT EXISTS history")
    for entity in ENTITIES:
        _create(con, entity.name, raw_columns(entity) + list(HISTORY_COLUMNS), "history")
    _create(con, "quarantine", QUARANTINE_COLUMNS + HISTORY_COLUMNS, "history")
    _create(con, "withdrawals", WITHDRAWALS_COLUMNS, "history")
