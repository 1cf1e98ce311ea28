"""Check one chunk of an entity: split its rows into accepted and quarantined (no I/O).

A chunk is a frame of text rows of one file (``ingest.reader``), conformed to the columns of
all the entity's files (``conform_text``), so a row's JSON and ``_extra`` are the same however
the entity is chunked. Row positions (``_row``) are positions within the chunk. Checks that
need the whole entity (duplicate keys) run after the last chunk (``ingest.entity``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from contracts import EntityContract
from ingest.keys import KeySet
from ingest.normalise import empty_issues, normalise
from ingest.rules import after_extract_issues, date_order_issues, reference_issues
from ingest.validate import contract_issues


@dataclass
class Typed:
    """An entity's rows as text (``text``) and typed (``typed``), with the cast issues."""

    entity: EntityContract
    text: pl.DataFrame
    typed: pl.DataFrame
    cast_issues: pl.DataFrame

    def latest_event_date(self) -> dt.date | None:
        """The latest event date of these rows (None without any)."""
        cols = self.entity.event_date_columns
        if not cols or self.typed.height == 0:
            return None
        value = self.typed.select(pl.max_horizontal(pl.col(cols).max())).item()
        return value


def union_columns(file_columns: list[list[str]]) -> list[str]:
    """The data columns of several files of one entity, in order of first appearance."""
    return list(dict.fromkeys(c for columns in file_columns for c in columns))


def conform_text(chunk: pl.DataFrame, columns: list[str], source_file: str) -> pl.DataFrame:
    """``_row_number``, the entity's data ``columns`` (null where the file has none), ``_source_file``."""
    absent = [c for c in columns if c not in chunk.columns]
    return chunk.select(
        "_row_number", *(pl.col(c) if c not in absent else pl.lit(None, dtype=pl.String).alias(c)
                         for c in columns),
        pl.lit(source_file).alias("_source_file"))


def type_entity(entity: EntityContract, text: pl.DataFrame) -> Typed:
    """Normalise and cast an entity's text frame."""
    typed, issues = normalise(text, entity)
    return Typed(entity, text, typed, issues)


def row_issues(t: Typed, extract_date: dt.date, known_keys: dict[str, KeySet],
               held_back: dict[str, KeySet] | None = None,
               later_keys: pl.DataFrame | None = None,
               foreign_keys: dict[str, KeySet] | None = None,
               reader_issues: pl.DataFrame | None = None,
               other_owner_keys: pl.DataFrame | None = None) -> pl.DataFrame:
    """Row issues of one chunk: what the reader found (ragged rows, ambiguous numbers), casts,
    the pandera contract (without uniqueness), date order, extract date, references (to
    another region's id: ``region_conflict``) and keys that a later delivery holds
    (``superseded``)."""
    contract = contract_issues(t.typed, t.entity, whole_entity=False)
    # A failed cast leaves a null: do not also report it as a missing required value.
    cast_cells = t.cast_issues.select("_row", "column")
    contract = contract.join(cast_cells, on=["_row", "column"], how="anti")
    from_reader = _at_rows(t, reader_issues)
    parts = [
        from_reader,
        t.cast_issues,
        contract,
        date_order_issues(t.typed, t.entity),
        after_extract_issues(t.typed, t.entity, extract_date),
        reference_issues(t.typed, t.entity, known_keys, held_back, foreign_keys),
    ]
    if later_keys is not None:
        parts.append(superseded_issues(t, later_keys))
    if other_owner_keys is not None:
        parts.append(shared_fact_issues(t, other_owner_keys))
    issues = pl.concat(parts)
    ragged = from_reader.filter(pl.col("rule") == "ragged_row").get_column("_row")
    if ragged.len():  # its values may sit in the wrong columns: only say that
        issues = issues.filter(~pl.col("_row").is_in(ragged.implode())
                               | (pl.col("rule") == "ragged_row"))
    return issues.sort("_row", maintain_order=True)


def _at_rows(t: Typed, reader_issues: pl.DataFrame | None) -> pl.DataFrame:
    """Reader issues (by ``_row_number``) as issues at chunk positions (``_row``)."""
    if reader_issues is None or reader_issues.height == 0:
        return empty_issues()
    positions = t.text.select("_row_number").with_row_index("_row").with_columns(
        pl.col("_row").cast(pl.Int64))
    return positions.join(reader_issues, on="_row_number").select(
        "_row", "column", "rule", "message")


def row_key(entity: EntityContract) -> pl.Expr:
    """The row's replacement key as one text (``\x1f`` between columns; null if one is null).

    ``ingest.load.KEY_SQL`` writes the same text in SQL.
    """
    return pl.concat_str([pl.col(k).cast(pl.String) for k in entity.replacement_key],
                         separator="\x1f").alias("_row_key")


def extra_json(text: pl.DataFrame, entity: EntityContract) -> pl.Expr:
    """``_extra``: JSON of the columns the contract does not name, or null."""
    extras = [c for c in text.columns if not c.startswith("_") and c not in entity.column_names]
    if not extras:
        return pl.lit(None, dtype=pl.String).alias("_extra")
    return (pl.when(pl.any_horizontal(pl.col(extras).is_not_null()))
            .then(pl.struct(extras).struct.json_encode())
            .otherwise(None).alias("_extra"))


def accepted_rows(t: Typed, issues: pl.DataFrame, delivery_id: str,
                  extract_date: dt.date, owner: str = "") -> pl.DataFrame:
    """Rows without issues, as raw-table rows (contract columns, lineage) plus ``_row``."""
    frame = t.typed.with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("_row"),
        pl.lit(delivery_id).alias("_delivery_id"),
        pl.lit(extract_date, dtype=pl.Date).alias("_extract_date"),
        t.text.get_column("_source_file"),
        t.text.get_column("_row_number"),
        t.text.with_columns(extra_json(t.text, t.entity)).get_column("_extra"),
        pl.lit(owner).alias("_owner"),
    )
    if issues.height == 0:
        return frame
    bad = issues.get_column("_row").unique()
    return frame.filter(~pl.col("_row").is_in(bad.implode()))


def row_json(text: pl.DataFrame) -> pl.Expr:
    """The row as read (its data columns, text) as JSON."""
    data_cols = [c for c in text.columns if not c.startswith("_")]
    return pl.struct(data_cols).struct.json_encode().alias("row_json")


def quarantine_rows(t: Typed, issues: pl.DataFrame) -> pl.DataFrame:
    """Issues joined with the row as read: source file, row number and the row as JSON."""
    positions = issues.get_column("_row").unique().sort().alias("_row")
    rows = t.text[positions].with_columns(
        positions, t.typed[positions].select(row_key(t.entity)).to_series()).select(
        "_row", "_source_file", "_row_number", row_json(t.text), "_row_key")
    return issues.join(rows, on="_row", how="left")


def issue_keys(t: Typed, issues: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """``_source_file``, ``_row_number`` and the typed ``columns`` of the rows with issues."""
    rows = issues.get_column("_row").unique().sort()
    return t.typed.select(columns).with_columns(
        t.text.get_column("_source_file"), t.text.get_column("_row_number"))[rows]


def held_back_keys(t: Typed, issues: pl.DataFrame) -> pl.Series | None:
    """Ids of this entity's quarantined rows (single-column keys only).

    Rows quarantined only because a later delivery holds their key (``superseded``) are not
    held back: that key is in the warehouse.
    """
    if len(t.entity.key) != 1:
        return None
    rows = issues.filter(pl.col("rule") != "superseded").get_column("_row").unique()
    return t.typed.get_column(t.entity.key[0]).gather(rows).drop_nulls().unique()


def _key_issues(t: Typed, keys: pl.DataFrame, rule: str, message: str) -> pl.DataFrame:
    """Rows whose key is one of ``keys``: issue ``rule`` with ``message`` (key-first)."""
    if keys.height == 0:
        return empty_issues()
    key = list(keys.columns)
    keys = keys.cast({k: t.typed.schema[k] for k in key})
    rows = (t.typed.select(key).with_row_index("_row")
            .join(keys, on=key, how="semi").get_column("_row").cast(pl.Int64))
    return pl.DataFrame({"_row": rows}).with_columns(
        pl.lit(", ".join(key)).alias("column"),
        pl.lit(rule).alias("rule"),
        pl.lit(f"{key[0]}: {message}").alias("message"),
    )


def superseded_issues(t: Typed, later_keys: pl.DataFrame) -> pl.DataFrame:
    """Rows whose key a later delivery already holds (``later_keys``): rule ``superseded``."""
    return _key_issues(t, later_keys, "superseded",
                       "a later delivery (newer extract date) already holds this key; the "
                       "row is not applied. Fix: none needed unless this older delivery is the "
                       "correct one")


def shared_fact_issues(t: Typed, other_keys: pl.DataFrame) -> pl.DataFrame:
    """Rows of a shared fact (population) that another region or source system delivered."""
    return _key_issues(t, other_keys, "region_conflict",
                       "another region or source system already delivered this row (the "
                       "same year, municipality, sex and age); the row is not used. Fix: "
                       "deliver the population of your own region's municipalities only")
