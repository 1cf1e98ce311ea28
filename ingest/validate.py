"""The contract gate: validate a typed frame with its pandera model (``lazy=True``).

Every failure case becomes an issue row, so a row that breaks the contract is quarantined
with the column, rule and a message that says how to fix it – nothing vanishes.
"""

from __future__ import annotations

import re

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


def contract_issues(typed: pl.DataFrame, entity: EntityContract) -> pl.DataFrame:
    """Validate ``typed`` with the entity's pandera model; return the failures as issues."""
    try:
        entity.model.validate(typed, lazy=True)
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
