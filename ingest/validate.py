"""The contract gate: validate a typed frame with its pandera model (``lazy=True``).

Every failure case becomes an issue row, so a row that breaks the contract is quarantined
with the column, rule and a message that says how to fix it – nothing vanishes.

An entity is validated chunk by chunk, so the model's uniqueness checks (a column with
``unique=True``, or ``Config.unique``) cannot run on a chunk: ``chunk_schema`` is the model
without them, ``unique_groups`` lists them, and the ingest finds duplicate keys over the
whole entity (``ingest.load.duplicate_rows``) and reports them with ``duplicate_issue``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache

import pandera.polars as pa
import polars as pl

from contracts import ColumnSpec, EntityContract
from ingest.normalise import ISSUE_SCHEMA, empty_issues

_CODE_MESSAGES = {
    "municipality": "not a 4-digit municipality code (kommunkod) of a Swedish county, e.g. 0180",
    "region": "not a 2-digit Swedish county code (länskod), e.g. 19",
    "icd10": "not an ICD-10 code such as I63.9 or I639",
}


def _rule_and_message(entity: EntityContract, column: str, check: str) -> tuple[str, str]:
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        key = ", ".join(entity.key or (column,))
        return ("duplicate_id",
                f"{key}: the key occurs more than once in this delivery. Fix: deliver one row "
                "per key (all rows with the key are held back)")
    spec: ColumnSpec | None = None
    if column in entity.column_names:
        spec = entity.column(column)
    if check == "not_nullable":
        return ("missing_value",
                f"{column}: required value is empty. Fix: fill in the value")
    if check.startswith("isin"):
        values = ", ".join(spec.checks[0][1]["allowed_values"]) if spec else ""
        return ("unknown_code", f"{column}: unknown code. Fix: use one of {values}")
    if check.startswith("str_matches"):
        text = _CODE_MESSAGES.get(spec.normalise if spec else "", "unknown code format")
        return ("unknown_code", f"{column}: {text}. Fix: correct the code")
    bound = re.search(r"\((.*)\)", check)
    limit = bound.group(1) if bound else "?"
    if check.startswith("greater_than_or_equal_to"):
        return ("out_of_range",
                f"{column}: below the minimum {limit} (negative or impossible). Fix: correct "
                "the value or leave it empty if unknown")
    if check.startswith("less_than_or_equal_to"):
        return ("out_of_range",
                f"{column}: above the maximum {limit} (absurd value). Fix: check the unit and "
                "correct the value")
    return ("contract", f"{column}: fails the contract check {check}")


@dataclass(frozen=True)
class UniqueGroup:
    """Columns whose values together must be unique, as the pandera model declares them."""

    columns: tuple[str, ...]
    #: pandera's name of the check: ``field_uniqueness`` or ``multiple_fields_uniqueness``
    check: str


@cache
def unique_groups(entity: EntityContract) -> tuple[UniqueGroup, ...]:
    """The uniqueness checks of the entity's model (one column each, then ``Config.unique``)."""
    schema = entity.schema
    groups = [UniqueGroup((name,), "field_uniqueness")
              for name, col in schema.columns.items() if col.unique]
    if schema.unique:
        lists = [schema.unique] if all(isinstance(x, str) for x in schema.unique) else schema.unique
        groups += [UniqueGroup(tuple(cols), "multiple_fields_uniqueness") for cols in lists]
    return tuple(groups)


@cache
def chunk_schema(entity: EntityContract) -> pa.DataFrameSchema:
    """The entity's pandera schema without its uniqueness checks (they need every chunk)."""
    schema = copy.deepcopy(entity.schema).update_columns(
        {name: {"unique": False} for name, col in entity.schema.columns.items() if col.unique})
    schema.unique = None
    return schema


def duplicate_issue(entity: EntityContract, group: UniqueGroup) -> tuple[str, str, str]:
    """(column, rule, message) of a row whose key ``group`` occurs more than once."""
    column = group.columns[0]
    rule, message = _rule_and_message(entity, column, group.check)
    if group.check == "multiple_fields_uniqueness":
        column = ", ".join(entity.key) if entity.key else None  # type: ignore[assignment]
    return column, rule, message


def contract_issues(typed: pl.DataFrame, entity: EntityContract,
                    whole_entity: bool = True) -> pl.DataFrame:
    """Validate ``typed`` with the entity's pandera model; return the failures as issues.

    ``whole_entity=False``: ``typed`` is one chunk of the entity; the uniqueness checks are
    left out (see ``unique_groups``).
    """
    schema = entity.schema if whole_entity else chunk_schema(entity)
    try:
        schema.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return empty_issues()
    if cases.get_column("index").null_count():
        whole = cases.filter(pl.col("index").is_null())
        raise RuntimeError(  # a typed frame that does not fit its own model is a bug
            f"{entity.name}: schema-level contract failure {whole.get_column('check').to_list()}"
        )
    pairs = cases.select("column", "check").unique()
    mapping = pl.DataFrame(
        [(c, k, *_rule_and_message(entity, c, k)) for c, k in pairs.iter_rows()],
        schema={"column": pl.String, "check": pl.String, "rule": pl.String,
                "message": pl.String},
        orient="row",
    )
    key_col = ", ".join(entity.key) if entity.key else None
    issues = (
        cases.join(mapping, on=["column", "check"], how="left")
        .select(
            pl.col("index").cast(pl.Int64).alias("_row"),
            pl.when(pl.col("check") == "multiple_fields_uniqueness")
            .then(pl.lit(key_col)).otherwise(pl.col("column")).alias("column"),
            "rule", "message",
        )
    )
    return issues.cast(ISSUE_SCHEMA).unique(maintain_order=True)
