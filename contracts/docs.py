"""Generate the contract documentation page (``docs/contract.md``) from the pandera models.

Run ``python -m contracts.docs`` to rewrite the page; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from contracts.registry import ENTITIES, LINEAGE_COLUMNS, ColumnSpec, EntityContract

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "contract.md"

_KIND_LABEL = {"text": "text", "date": "date (YYYY-MM-DD)", "bool": "boolean",
               "int": "integer", "decimal": "decimal"}

_RULES = (
    ("bad_date", "row", "a date that is not YYYY-MM-DD, impossible (2025-02-30) or before 1900"),
    ("bad_number", "row", "a number that cannot be read (decimal comma is fine in `;` files)"),
    ("bad_boolean", "row", "a boolean other than true/false, 1/0, ja/nej, yes/no"),
    ("missing_value", "row", "a required value is empty"),
    ("unknown_code", "row", "a code outside its list, or a malformed municipality, "
                            "county or ICD-10 code"),
    ("out_of_range", "row", "a negative or absurd number (duration, cost, age, score, ...)"),
    ("date_order", "row", "dates in an impossible order (closed before received, ...)"),
    ("discharge_before_admit", "row", "an admission discharged before it was admitted"),
    ("after_extract_date", "row", "an event after the delivery's extract date"),
    ("duplicate_id", "row", "a key that occurs more than once in one delivery "
                            "(every row with that key is held back)"),
    ("unknown_reference", "row", "a reference to a patient, unit, referral, plan or staff "
                                 "member that is neither delivered nor in the warehouse"),
    ("superseded", "row", "a row whose key a later delivery (newer extract date) of the same "
                          "region or source system already holds"),
    ("region_conflict", "row", "a reference to an id that only *another* region or source "
                               "system holds (ids are unique per region or source system), or "
                               "a population row (year, municipality, sex, age) that another "
                               "region or source system already delivered"),
    ("ragged_row", "row", "a CSV row with fewer or more fields than the header (its values "
                          "may sit in the wrong columns)"),
    ("ambiguous_number", "row", "`12.500` in a `;` file with decimal comma: 12,5 or 12 500?"),
    ("unreadable", "file", "not CSV/Parquet (gzip, Parquet, Excel or binary content named "
                           ".csv), broken quoting, CR-only line endings, empty file, a column "
                           "name repeated"),
    ("encoding", "file", "not UTF-8 (e.g. Windows-1252 from Excel, UTF-16 with or without "
                         "byte-order mark)"),
    ("missing_column", "file", "a required column is missing"),
    ("identity_number", "file", "a value in any column looks like a personnummer or "
                                "samordningsnummer (valid date and Luhn check digit)"),
    ("not_a_file", "file", "a pipe, device or socket, or a symbolic link that leaves the "
                           "delivery folder: rejected before it is opened"),
)

_DELIVERY_RULES = (
    "The delivery as a whole is rejected (nothing is loaded, exit code 2) when: "
    "`manifest.json` is not a small flat JSON object (at most 64 KiB, 8 levels of nesting); "
    "its `extract_date` is after today, or more than 180 days after the latest event of the "
    "delivery (`samrehab ingest --max-extract-lag-days N` changes the threshold); its "
    "`region_code` is not in `seeds/regions.csv`; its `scope` is not `full` or "
    "`incremental`; or a file name, a column name or a manifest field looks like a "
    "personal identity number (the same rule as for values; the name is never shown or "
    "stored). The delivery folder must be readable."
)

_KEYS = (
    "**Whose key.** Ids are unique per region or source system, not across regions. Every "
    "raw row carries `_owner`: the manifest's `region_code`, else its `source_system`, else "
    "the one region of the delivery's units. Keys are (`_owner`, key columns): a delivery "
    "never replaces or references another region's row; a reference to an id that only "
    "another region holds is quarantined as `region_conflict`. The staging models qualify "
    "every id as `<_owner>/<id>`."
)

_LIFECYCLE = (
    "**Corrections and lifecycle.** A later delivery of the same region or source system "
    "replaces rows (and quarantined rows) with the same key whose extract date is on or "
    "before its own; what it replaced is kept in the `history` schema. A file is skipped as "
    "already loaded when the same bytes were loaded by the same delivery, or for the same "
    "region with the same extract date and none of its rows is quarantined; otherwise it is "
    "read again, so \"already loaded\" never hides rows that would now load. After every "
    "load, quarantined rows that depend on what changed (`unknown_reference`, "
    "`region_conflict`, `superseded`) are re-checked and load if their reason has gone; "
    "`samrehab ingest DIR --recheck` re-checks all of them. `samrehab deliveries` lists the "
    "deliveries; `samrehab withdraw ID` removes one and restores what it replaced, in one "
    "transaction; rows of later deliveries that refer to a row only the withdrawn delivery "
    "held move to the quarantine (`unknown_reference`) and load again when that row is "
    "delivered. One delivery loads in one transaction; `--dry-run` rolls it back."
)

_SCOPE = (
    "**Scope.** `manifest.json` may say `\"scope\": \"incremental\"` (the default: never "
    "deletes; rows of earlier deliveries in the period that this one lacks are kept and "
    "counted in a note) or `\"scope\": \"full\"`: for each entity it delivers, rows of "
    "earlier deliveries of the same region in the period it covers that it does not hold are "
    "removed (kept in `history`, restored by `withdraw`) and reported as rows that "
    "disappeared; rows of earlier deliveries that refer to a removed row move to the "
    "quarantine (`unknown_reference`) and load again when it is delivered or the full "
    "delivery is withdrawn. The period runs from the delivery's first date in the entity's period "
    "column to the extract date; entities without one (patients, units, staff, population) "
    "are covered whole. A full delivery always reads its files (none is skipped as already "
    "loaded)."
)


def _checks_text(col: ColumnSpec) -> str:
    parts = []
    for name, stats in col.checks:
        if name == "isin":
            parts.append(", ".join(f"`{v}`" for v in stats["allowed_values"]))
        elif name == "str_matches":
            parts.append({"municipality": "4-digit kommunkod", "region": "2-digit länskod",
                          "icd10": "ICD-10 (stored without dot)"}.get(col.normalise or "",
                                                                         "pattern"))
        elif name == "greater_than_or_equal_to":
            parts.append(f"≥ {stats['min_value']}")
        elif name == "less_than_or_equal_to":
            parts.append(f"≤ {stats['max_value']}")
    if col.unique:
        parts.append("unique")
    if col.fk:
        parts.append(f"→ {col.fk}")
    if col.future_allowed:
        parts.append("may be after the extract date")
    return "; ".join(parts)


def _entity_section(entity: EntityContract) -> list[str]:
    key = ", ".join(entity.key) if entity.key else f"none (replaced per {', '.join(entity.replace_by)})"
    lines = [
        f"### {entity.name} ({entity.sv})",
        "",
        (entity.model.__doc__ or "").strip(),
        "",
        f"*{'Required' if entity.required else 'Optional'}* · key: {key} · "
        f"feeds: {', '.join(entity.metrics)}",
        "",
        "| column | svenska | type | required | values / checks | description |",
        "|---|---|---|---|---|---|",
    ]
    for col in entity.columns:
        lines.append(
            f"| `{col.name}` | {col.sv} | {_KIND_LABEL[col.kind]} | "
            f"{'yes' if col.required else 'no'} | {_checks_text(col)} | {col.description} |")
    for order in entity.date_orders:
        lines.append("")
        lines.append(f"Rule `{order.rule}`: `{order.later}` may not be before `{order.earlier}`.")
    lines.append("")
    return lines


def render_contract() -> str:
    """The Markdown of the contract page, derived from ``contracts``."""
    lines = [
        "# Extract contract / leveransformat",
        "",
        "<!-- Generated by `python -m contracts.docs` from contracts/models.py and "
        "contracts/registry.py. Do not edit by hand. -->",
        "",
        "What a region delivers: one folder, one or more files per entity (the file name "
        "starts with the entity name), CSV (UTF-8 with or without BOM, `,` or `;`, decimal "
        "comma allowed in `;` files) or Parquet, and an optional `manifest.json` "
        '(`{"region_code": "19", "extract_date": "2025-12-31", "source_system": "...", '
        '"scope": "incremental"}`). '
        "Column names ignore case; extra columns are kept (`_extra`) and reported. Booleans: "
        "`true/false`, `1/0`, `ja/nej`, `yes/no`. Dates: `YYYY-MM-DD`.",
        "",
        "## Rules",
        "",
        "A row that breaks a *row* rule is quarantined (`raw.quarantine`: file, row number, "
        "column, rule, message, the row as JSON); the rest of the file loads. A *file* rule "
        "rejects the file (exit code 2, message naming file, column and the fix). For every "
        "loaded file: rows read = rows loaded + rows quarantined (`raw.ingest_log`).",
        "",
        "| rule | level | when |",
        "|---|---|---|",
        *[f"| `{rule}` | {level} | {text} |" for rule, level, text in _RULES],
        "",
        _DELIVERY_RULES,
        "",
        _KEYS,
        "",
        _LIFECYCLE,
        "",
        _SCOPE,
        "",
        "Period columns: " + ", ".join(
            f"{e.name} `{e.period_column}`" for e in ENTITIES if e.period_column) + ".",
        "",
        "How a data steward corrects, resends and withdraws deliveries: "
        "[leveranser.md](leveranser.md).",
        "",
        "## Entities",
        "",
    ]
    for entity in ENTITIES:
        lines.extend(_entity_section(entity))
    lines += [
        "## Lineage columns of every raw table",
        "",
        "| column | type |",
        "|---|---|",
        *[f"| `{name}` | {typ} |" for name, typ in LINEAGE_COLUMNS],
        "",
    ]
    return "\n".join(lines)


def write_contract(path: Path = DOC_PATH) -> Path:
    """Write the contract page to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_contract(), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(f"wrote {write_contract()}\n")
