"""Completeness: is everything there that should be?

* every required entity has rows (optional entities: a warning, their metrics show "no data"),
* required columns have no missing values; optional columns that metrics use are mostly filled,
* the diagnosis code, need level and visit duration are filled in every unit and month,
* the latest delivery lost few rows to the ingest's quarantine for missing values, and no file
  of it was rejected.
"""

from __future__ import annotations

from contracts import ENTITIES
from samrehab.quality.datasets import MISSING_BY_UNIT_MONTH, frame_columns
from samrehab.quality.model import Check, ReferenceSets
from samrehab.quality.suites.common import column_check, groups_check, pct, quarantine_check

#: Optional columns that metrics rely on: (entity, column) → least share filled.
OPTIONAL_FILLED: dict[tuple[str, str], float] = {
    ("referrals", "sender_care_level"): 0.75,
    ("referrals", "need_level"): 0.90,
    ("visits", "duration_minutes"): 0.80,
    ("visits", "cost_sek"): 0.75,
    ("visits", "kva_code"): 0.50,
    ("admissions", "discharge_to"): 0.95,
    ("admissions", "cost_sek"): 0.75,
}
#: Highest missing share per unit and month (see datasets.MISSING_BY_UNIT_MONTH).
MISSING_BY_UNIT_MONTH_MAX: dict[tuple[str, str], float] = {
    ("referrals", "diagnosis_code"): 0.10,
    ("referrals", "need_level"): 0.30,
    ("visits", "duration_minutes"): 0.40,
}


def _entity_present(required: bool) -> Check:
    label = "required" if required else "optional"
    return groups_check(
        "completeness.entity_present", "completeness", "error" if required else "warning",
        f"entity_rows.{label}", "", None, "n", ("≥ 1 rad", "≥ 1 row"),
        ("Entiteten saknar rader", "The entity has no rows") if required else
        ("Valfri entitet saknar rader (måtten visar 'inga data')",
         "Optional entity has no rows (its metrics show 'no data')"),
        ("Leverera filen för entiteten (obligatorisk enligt leveransspecifikationen) och kör ingest igen."
         if required else "Leverera entiteten om den finns i källsystemet; annars visas 'inga data'.",
         "Deliver the entity's file (required by the extract contract) and ingest again." if required
         else "Deliver the entity if the source system has it; otherwise its metrics show 'no data'."),
        min_value=1, value_format="count")


def _required_values() -> list[Check]:
    checks = []
    for entity in ENTITIES:
        for column in frame_columns(entity):
            if entity.column(column).nullable:
                continue
            checks.append(column_check(
                "completeness.required_values", "completeness", "error", entity.name, column,
                "ExpectColumnValuesToNotBeNull", ("0 % saknas", "0 % missing"),
                ("Obligatoriskt värde saknas", "Required value is missing"),
                (f"Fyll i {column} i {entity.name} i källsystemets uttag och leverera igen; kolumnen är "
                 "obligatorisk i leveransspecifikationen.",
                 f"Fill in {column} of {entity.name} in the source extract and deliver again; the column "
                 "is required by the extract contract.")))
    return checks


def _optional_values() -> list[Check]:
    checks = []
    for (entity, column), mostly in OPTIONAL_FILLED.items():
        conditions = (("discharged", "==", True),) if column == "discharge_to" else ()
        checks.append(column_check(
            "completeness.optional_values", "completeness", "warning", entity, column,
            "ExpectColumnValuesToNotBeNull", (f"≤ {pct(1 - mostly)} saknas", f"≤ {pct(1 - mostly)} missing"),
            ("Andel saknade värden i en valfri kolumn som måtten använder",
             "Share of missing values in an optional column the metrics use"),
            (f"Kontrollera att {column} förs över från källsystemet; måtten som bygger på kolumnen "
             "blir osäkra eller saknas för de rader där värdet fattas.",
             f"Check that {column} is exported from the source system; metrics built on it are "
             "uncertain or missing for the rows without a value."),
            mostly=mostly, conditions=conditions))
    return checks


def _missing_by_unit_month() -> list[Check]:
    checks = []
    for entity, column in MISSING_BY_UNIT_MONTH:
        limit = MISSING_BY_UNIT_MONTH_MAX[(entity, column)]
        checks.append(groups_check(
            "completeness.missing_by_unit_month", "completeness", "warning",
            f"missing_by_unit_month.{entity}.{column}", entity, column, "missing_share",
            (f"≤ {pct(limit)} saknas per enhet och månad", f"≤ {pct(limit)} missing per unit and month"),
            ("Andel saknade värden per enhet och månad", "Share of missing values per unit and month"),
            (f"Be enheten registrera {column} och leverera om månaden; måtten per diagnosgrupp, "
             "behovsnivå eller tid per patient blir skeva för enheten.",
             f"Ask the unit to record {column} and re-deliver the month; metrics by diagnosis group, "
             "need level or time per patient are biased for the unit."),
            max_value=limit, detail=("{n:.0f} rader", "{n:.0f} rows")))
    return checks


def _quarantine() -> Check:
    return quarantine_check(
        "completeness",
        ("Rader i senaste leveransen som lagts i karantän för saknade obligatoriska värden",
         "Rows of the latest delivery quarantined for missing required values"),
        ("Se raw.quarantine (kolumn och regel nedan), fyll i värdena i källsystemet och leverera igen.",
         "See raw.quarantine (column and rule below), fill in the values in the source system and "
         "deliver again."))


def _rejected_files() -> Check:
    return groups_check(
        "completeness.rejected_files", "completeness", "error", "ingest_files", "", None, "status",
        "status = loaded",
        ("Fil i senaste leveransen avvisades vid inläsningen", "File of the latest delivery was rejected at ingest"),
        ("Rätta filen enligt meddelandet (fil, kolumn, åtgärd) och leverera den igen.",
         "Correct the file as its message says (file, column, fix) and deliver it again."),
        value_set=["loaded"], value_format="number", detail=("{source_file}: {detail}", "{source_file}: {detail}"))


def checks(ref: ReferenceSets) -> list[Check]:
    """The completeness suite."""
    del ref  # completeness needs no code lists
    return [_entity_present(True), _entity_present(False), *_required_values(), *_optional_values(),
            *_missing_by_unit_month(), _quarantine(), _rejected_files()]
