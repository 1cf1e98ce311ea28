"""Re-check quarantined rows whose reason may have gone, and load those that now pass.

A row quarantined because of its context – a reference to a row that was not there
(``unknown_reference``, ``region_conflict``) or a key that a later delivery held
(``superseded``) – may load later: when the referenced file is corrected, or when the later
delivery is withdrawn. The row as read (``raw.quarantine.row_json``) is checked again with
the rules of its own delivery (extract date, region or source system) against the warehouse
as it is now. A row that passes every rule is inserted into ``raw.<entity>`` with its own
delivery's lineage, replaces earlier rows with its key like any load, and its quarantine
rows move to ``history.quarantine`` (``_how = 'released'``, ``_op`` = the delivery or
operation that released it), so withdrawing that delivery puts it back.

Rows with any other rule (a bad date, a duplicate id, ...) are not re-checked: only a new
delivery of the row can change them.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from contracts import ENTITIES, EntityContract, get_entity
from ingest import check, load
from ingest.keys import KeySet

#: Rules whose reason may go away without a new delivery of the row.
RECHECKABLE = ("unknown_reference", "superseded", "region_conflict")


def _depends(entity: EntityContract, changed: set[str]) -> bool:
    targets = {c.fk for c in entity.columns if c.fk}
    return entity.name in changed or bool(targets & changed)


def recheck(con: duckdb.DuckDBPyConnection, op: str, now: dt.datetime,
            changed: set[str] | None = None) -> dict[str, int]:
    """Re-check quarantined rows (of entities that depend on ``changed``; all when None).

    Entities in load order, so a released referral lets its visits load in the same pass.
    Returns entity → rows released (loaded now).
    """
    released: dict[str, int] = {}
    changed = None if changed is None else set(changed)
    for entity in ENTITIES:
        if changed is not None and not _depends(entity, changed):
            continue
        n = _recheck_entity(con, entity, op, now)
        if n:
            released[entity.name] = n
            if changed is not None:
                changed.add(entity.name)
    return released


def _candidates(con: duckdb.DuckDBPyConnection, entity: EntityContract) -> pl.DataFrame:
    rules = ", ".join(f"'{r}'" for r in RECHECKABLE)
    return con.sql(
        "SELECT delivery_id, extract_date, owner, source_file, row_number, "
        "min(row_json) AS row_json FROM raw.quarantine WHERE entity = ? "
        "GROUP BY delivery_id, extract_date, owner, source_file, row_number "
        f"HAVING bool_and(rule IN ({rules}))", params=[entity.name]).pl()


def text_frame(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows as read (text columns), ``_row_number`` and ``_source_file``, from JSON."""
    decoded = rows.get_column("row_json").str.json_decode(infer_schema_length=None)
    data = decoded.struct.unnest()
    data = data.with_columns(pl.all().cast(pl.String))
    return pl.concat([rows.select("_row_number"), data, rows.select("_source_file")],
                     how="horizontal")


def rows_as_read(raw: pl.DataFrame, entity: EntityContract) -> pl.DataFrame:
    """Loaded rows of ``raw.<entity>`` as text again: ``_source_file``, ``_row_number``,
    ``row_json`` (the contract columns as text, plus the columns of ``_extra``).

    ``check.type_entity`` types this text back to the loaded row, so a loaded row that has
    to go to the quarantine can be re-checked and released like any quarantined row.
    """
    names = list(entity.column_names)
    contract_json = pl.struct(pl.col(names).cast(pl.String)).struct.json_encode()
    extra = pl.col("_extra")
    # both are JSON objects: '{"a": ..}' and '{"b": ..}' give '{"a": .., "b": ..}'
    merged = (pl.when(extra.is_not_null() & (extra != "{}"))
              .then(pl.concat_str([contract_json.str.strip_suffix("}"), pl.lit(","),
                                   extra.str.strip_prefix("{")]))
              .otherwise(contract_json))
    return raw.select("_source_file", "_row_number", merged.alias("row_json"))


def _recheck_entity(con: duckdb.DuckDBPyConnection, entity: EntityContract, op: str,
                    now: dt.datetime) -> int:
    candidates = _candidates(con, entity)
    if candidates.height == 0:
        return 0
    total = 0
    groups = candidates.partition_by(["delivery_id", "extract_date", "owner"], as_dict=True)
    targets = list(dict.fromkeys(c.fk for c in entity.columns if c.fk))
    for (delivery_id, extract_date, owner), rows in groups.items():
        owner = owner or ""
        rows = rows.rename({"source_file": "_source_file", "row_number": "_row_number"})
        t = check.type_entity(entity, text_frame(rows))
        known = {x: KeySet(load.distinct_keys(con, get_entity(x), owner), distinct=True)
                 for x in targets}
        foreign = {x: KeySet(load.distinct_keys(con, get_entity(x), owner, others=True),
                             distinct=True) for x in targets}
        later = load.later_keys(con, entity, extract_date, owner)
        taken = (load.other_owner_keys(con, entity, owner) if entity.shared_fact else None)
        issues = check.row_issues(t, extract_date, known, {}, later if later.height else None,
                                  foreign, None,
                                  taken if taken is not None and taken.height else None)
        accepted = check.accepted_rows(t, issues, delivery_id, extract_date, owner)
        if accepted.height == 0:
            continue
        _release(con, entity, accepted, op)
        total += accepted.height
    return total


def _release(con: duckdb.DuckDBPyConnection, entity: EntityContract, accepted: pl.DataFrame,
             op: str) -> None:
    """Insert released rows, replace earlier rows with their keys, move their quarantine."""
    delivery_id = accepted.get_column("_delivery_id")[0]
    extract_date = accepted.get_column("_extract_date")[0]
    owner = accepted.get_column("_owner")[0]
    key = entity.replacement_key
    con.register("_recheck_rows", accepted.select(
        *key, "_source_file", "_row_number").to_arrow())
    try:
        join = " AND ".join(f'r."{k}" = k."{k}"' for k in key)
        params = {"delivery_id": delivery_id, "extract_date": extract_date, "owner": owner}
        load.move_to_history(
            con, entity.name,
            "r._extract_date <= $extract_date AND r._delivery_id <> $delivery_id "
            "AND r._owner IS NOT DISTINCT FROM $owner AND EXISTS (SELECT 1 FROM _recheck_rows k "
            f"WHERE {join})", params, delivery_id, op, "replaced")
        load.insert_rows(con, entity, accepted)
        load.move_to_history(
            con, "quarantine",
            "r.entity = $entity AND r.delivery_id = $delivery_id AND EXISTS (SELECT 1 FROM "
            "_recheck_rows k WHERE k._source_file = r.source_file "
            "AND k._row_number = r.row_number)",
            {"entity": entity.name, "delivery_id": delivery_id}, None, op, "released")
    finally:
        con.unregister("_recheck_rows")
