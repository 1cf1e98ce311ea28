"""List the deliveries in the warehouse and withdraw one, restoring the state before it.

What a delivery changed is recorded as it loads (``ingest.load.move_to_history``): the rows
it replaced or removed (scope ``full``), the quarantine rows its rows replaced, and the
quarantined rows of earlier deliveries that it released (``ingest.recheck``). ``withdraw``
undoes all of it in one transaction:

1. the delivery's rows, quarantine rows and log rows are deleted (also those that later
   deliveries replaced, which sit in ``history``);
2. rows that the delivery released from the quarantine are taken out of ``raw`` again and
   their quarantine rows come back;
3. rows the delivery replaced or removed come back – unless another delivery holds the
   key now: then they stay in ``history``, replaced by that delivery;
4. rows of later deliveries that refer to a row that is now gone (a unit only the withdrawn
   delivery held) leave ``raw`` for the quarantine (``unknown_reference``, with their text
   as read again; ``ingest.orphans``): delivering the row they refer to releases them;
5. quarantined rows whose reason has gone (e.g. ``superseded`` by the withdrawn delivery)
   are re-checked and load.

For the last delivery loaded the warehouse is then exactly as it was before that delivery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import polars as pl

from contracts import ENTITIES, EntityContract
from ingest import load, orphans, recheck


@dataclass
class DeliveryInfo:
    """One delivery in the warehouse, with what it holds now."""

    delivery_id: str
    region_code: str | None
    owner: str | None
    extract_date: dt.date | None
    scope: str | None
    loaded_at: dt.datetime | None
    files: int = 0
    rows_loaded: int = 0
    quarantined_by_rule: dict[str, int] = field(default_factory=dict)


def list_deliveries(con: duckdb.DuckDBPyConnection) -> list[DeliveryInfo]:
    """Every delivery, oldest load first, with its files, rows loaded and quarantine."""
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' "
        "AND table_name = 'deliveries'").fetchall()}
    # a warehouse loaded before owner and scope existed lists them as unknown
    picked = ", ".join(c if c in have else f"NULL AS {c}" for c in (
        "delivery_id", "region_code", "owner", "extract_date", "scope", "loaded_at"))
    infos = {
        r[0]: DeliveryInfo(*r) for r in con.execute(
            f"SELECT {picked} FROM raw.deliveries ORDER BY loaded_at, delivery_id").fetchall()
    }
    for delivery_id, n in con.execute(
            "SELECT delivery_id, count(*) FROM raw.ingest_log WHERE status = 'loaded' "
            "GROUP BY delivery_id").fetchall():
        if delivery_id in infos:
            infos[delivery_id].files = int(n)
    counts = " UNION ALL ".join(
        f"SELECT _delivery_id, count(*) FROM raw.{e.name} GROUP BY _delivery_id"
        for e in ENTITIES)
    for delivery_id, n in con.execute(
            f"SELECT _delivery_id, sum(n) FROM ({counts}) t(_delivery_id, n) "
            "GROUP BY _delivery_id").fetchall():
        if delivery_id in infos:
            infos[delivery_id].rows_loaded = int(n)
    for delivery_id, rule, n in con.execute(
            "SELECT delivery_id, rule, count(DISTINCT (entity, source_file, row_number)) "
            "FROM raw.quarantine GROUP BY delivery_id, rule ORDER BY rule").fetchall():
        if delivery_id in infos:
            infos[delivery_id].quarantined_by_rule[rule] = int(n)
    return list(infos.values())


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per raw table (entities, quarantine, ingest log, deliveries)."""
    tables = [e.name for e in ENTITIES] + ["quarantine", "ingest_log", "deliveries"]
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM raw.{t}" for t in tables)
    return {t: int(n) for t, n in con.execute(sql).fetchall()}


def _undo_releases(con: duckdb.DuckDBPyConnection, op: str) -> None:
    """Rows that ``op`` released from the quarantine leave ``raw``; their quarantine returns."""
    released = con.sql(
        "SELECT DISTINCT entity, delivery_id, source_file, row_number FROM history.quarantine "
        "WHERE _op = ? AND _how = 'released'", params=[op]).pl()
    for entity in ENTITIES:
        rows = released.filter(pl.col("entity") == entity.name)
        if rows.height == 0:
            continue
        con.register("_withdraw_rows", rows.to_arrow())
        try:
            con.execute(
                f"DELETE FROM raw.{entity.name} r USING _withdraw_rows w WHERE "
                "r._delivery_id = w.delivery_id AND r._source_file = w.source_file "
                "AND r._row_number = w.row_number")
        finally:
            con.unregister("_withdraw_rows")
    _restore(con, "quarantine", "r._op = $op AND r._how = 'released'", {"op": op})


def _restore(con: duckdb.DuckDBPyConnection, table: str, where: str, params: dict) -> int:
    """Move rows of ``history.<table>`` matching ``where`` (alias ``r``) back to ``raw``."""
    columns = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' "
        "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
    cols = ", ".join(f'r."{c}"' for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    n = load.run_sql(con, f"INSERT INTO raw.{table} ({names}) SELECT {cols} "
                          f"FROM history.{table} r WHERE {where}", params)[0][0]
    if n:
        load.run_sql(con, f"DELETE FROM history.{table} r WHERE {where}", params)
    return int(n)


def _holder_sql(entity: EntityContract) -> str:
    """SQL: the delivery that now holds the key of history row ``r`` (same owner)."""
    join = " AND ".join(f'h."{k}" = r."{k}"' for k in entity.replacement_key)
    return (f"(SELECT min(h._delivery_id) FROM raw.{entity.name} h WHERE {join} "
            "AND h._owner IS NOT DISTINCT FROM r._owner)")


def _restore_replaced(con: duckdb.DuckDBPyConnection, entity: EntityContract, op: str) -> None:
    """Rows ``op`` replaced or removed come back, unless another delivery holds the key now."""
    holder = _holder_sql(entity)
    con.execute(f"UPDATE history.{entity.name} r SET _replaced_by = {holder}, "
                f"_op = {holder} WHERE r._op = ? AND {holder} IS NOT NULL", [op])
    _restore(con, entity.name, "r._op = $op", {"op": op})
    # quarantine rows that op's rows replaced: back, unless their key is held by another
    key = load.key_sql(entity, "h")
    held = (f"(SELECT min(h._delivery_id) FROM raw.{entity.name} h WHERE {key} = r.row_key "
            "AND h._owner IS NOT DISTINCT FROM r.owner AND h._delivery_id <> r.delivery_id)")
    con.execute(f"UPDATE history.quarantine r SET _replaced_by = {held}, _op = {held} "
                f"WHERE r._op = ? AND r._how = 'replaced' AND r.entity = ? "
                f"AND {held} IS NOT NULL", [op, entity.name])
    _restore(con, "quarantine", "r._op = $op AND r._how = 'replaced' AND r.entity = $entity",
             {"op": op, "entity": entity.name})


@dataclass
class Withdrawal:
    """What ``withdraw`` did: rows per table before and after, rows quarantined because they
    referred to the delivery's rows, rows re-checked."""

    delivery: DeliveryInfo
    before: dict[str, int]
    after: dict[str, int]
    released: dict[str, int]
    orphaned: dict[str, int] = field(default_factory=dict)


class UnknownDelivery(LookupError):
    """No delivery with that id (or id prefix) in the warehouse."""


def find_delivery(con: duckdb.DuckDBPyConnection, delivery_id: str) -> DeliveryInfo:
    """The delivery whose id is ``delivery_id`` or starts with it (unambiguously)."""
    matches = [d for d in list_deliveries(con) if d.delivery_id.startswith(delivery_id)]
    exact = [d for d in matches if d.delivery_id == delivery_id]
    if exact:
        return exact[0]
    if len(matches) != 1:
        raise UnknownDelivery(delivery_id)
    return matches[0]


def withdraw(con: duckdb.DuckDBPyConnection, delivery_id: str,
             now: dt.datetime | None = None) -> Withdrawal:
    """Withdraw a delivery inside the caller's transaction (see the module docstring)."""
    now = now or dt.datetime.now().replace(microsecond=0)
    info = find_delivery(con, delivery_id)
    op = info.delivery_id
    before = table_counts(con)
    _undo_releases(con, op)
    for entity in ENTITIES:
        con.execute(f"DELETE FROM raw.{entity.name} WHERE _delivery_id = ?", [op])
        con.execute(f"DELETE FROM history.{entity.name} WHERE _delivery_id = ?", [op])
    con.execute("DELETE FROM raw.quarantine WHERE delivery_id = ?", [op])
    con.execute("DELETE FROM history.quarantine WHERE delivery_id = ?", [op])
    for entity in ENTITIES:
        _restore_replaced(con, entity, op)
    con.execute("DELETE FROM raw.ingest_log WHERE delivery_id = ?", [op])
    con.execute("DELETE FROM raw.deliveries WHERE delivery_id = ?", [op])
    orphaned = orphans.quarantine_orphans(con, now, lambda column, target: (
        f"{column}: refers to a row of {target} that only the withdrawn delivery {op} held. "
        f"Fix: deliver that {target} row again (this row then loads by itself), or correct "
        "the id"))
    released = recheck.recheck(con, op=f"withdraw:{op}", now=now)
    after = table_counts(con)
    changes = ", ".join(f"{t} {before[t]}→{after[t]}" for t in before if before[t] != after[t])
    con.execute("INSERT INTO history.withdrawals VALUES (?, ?, ?, ?, ?)",
                [op, info.region_code, info.extract_date, now, changes or "no rows changed"])
    return Withdrawal(info, before, after, released, orphaned)
