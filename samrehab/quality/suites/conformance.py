"""Conformance: do codes belong to their reference sets, and do they have the right format?

Reference sets are the seed tables in the warehouse (``seeds.sexes``, ``seeds.municipalities``,
``seeds.regions``, ``seeds.care_levels``, ``seeds.professions``, ``seeds.need_levels``,
``seeds.story_themes``); code lists without a seed come from the extract contract
(``contracts.codes``); ICD-10 chapters from :mod:`samrehab.quality.reference`.
"""

from __future__ import annotations

from contracts import codes
from samrehab.quality.model import Check, ReferenceSets
from samrehab.quality.reference import ICD10_FORMAT, KVA_FORMAT, icd10_chapter_regex
from samrehab.quality.suites.common import column_check, pct, quarantine_check

#: Share of codes that may lie outside a reference set before the check fails. Home
#: municipalities may include a few residents of other counties (treated here, not in the
#: population denominators); ICD-10 codes may include a few new or local codes.
MOSTLY: dict[tuple[str, str], float] = {
    ("patients", "municipality_code"): 0.99,
    ("referrals", "diagnosis_code"): 0.99,
    ("admissions", "main_diagnosis_code"): 0.99,
}


def _reference_columns(ref: ReferenceSets) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(entity, column, allowed values, name of the reference set)."""
    return [
        ("patients", "sex", ref.sexes, "seeds.sexes"),
        ("patients", "municipality_code", ref.municipalities, "seeds.municipalities"),
        ("units", "care_level", ref.care_levels, "seeds.care_levels"),
        ("units", "provider_type", codes.PROVIDER_TYPES, "contracts.codes.PROVIDER_TYPES"),
        ("units", "municipality_code", ref.municipalities, "seeds.municipalities"),
        ("units", "region_code", ref.regions, "seeds.regions"),
        ("referrals", "sender_care_level", ref.care_levels, "seeds.care_levels"),
        ("referrals", "profession", ref.professions, "seeds.professions"),
        ("referrals", "need_level", ref.need_levels, "seeds.need_levels"),
        ("referrals", "close_reason", codes.CLOSE_REASONS, "contracts.codes.CLOSE_REASONS"),
        ("plans", "status", codes.PLAN_STATUSES, "contracts.codes.PLAN_STATUSES"),
        ("plans", "goals_met", codes.GOALS_MET, "contracts.codes.GOALS_MET"),
        ("visits", "profession", ref.professions, "seeds.professions"),
        ("visits", "contact_type", codes.CONTACT_TYPES, "contracts.codes.CONTACT_TYPES"),
        ("visits", "status", codes.VISIT_STATUSES, "contracts.codes.VISIT_STATUSES"),
        ("admissions", "admission_type", codes.ADMISSION_TYPES, "contracts.codes.ADMISSION_TYPES"),
        ("admissions", "discharge_to", codes.DISCHARGE_TO, "contracts.codes.DISCHARGE_TO"),
        ("population", "municipality_code", ref.municipalities, "seeds.municipalities"),
        ("population", "sex", codes.POPULATION_SEX, "contracts.codes.POPULATION_SEX"),
        ("decision_support_usage", "profession", ref.professions, "seeds.professions"),
        ("staff", "profession", ref.professions, "seeds.professions"),
        ("training", "event_type", codes.TRAINING_EVENT_TYPES, "contracts.codes.TRAINING_EVENT_TYPES"),
        ("patient_stories", "theme", ref.story_themes, "seeds.story_themes"),
    ]


def _reference_codes(ref: ReferenceSets) -> list[Check]:
    checks = []
    for entity, column, allowed, source in _reference_columns(ref):
        mostly = MOSTLY.get((entity, column), 1.0)
        checks.append(column_check(
            "conformance.reference_codes", "conformance", "error", entity, column,
            "ExpectColumnValuesToBeInSet",
            (f"≤ {pct(1 - mostly)} utanför {source}", f"≤ {pct(1 - mostly)} outside {source}"),
            (f"Kod utanför referenslistan {source}", f"Code outside the reference set {source}"),
            (f"Rätta {column} i {entity} till en kod i {source} "
             "(eller lägg till koden i referenslistan om den är giltig) och leverera igen.",
             f"Correct {column} of {entity} to a code of {source} (or add the code to the reference "
             "set if it is valid) and deliver again."),
            mostly=mostly, value_set=sorted(allowed)))
    return checks


def _formats() -> list[Check]:
    return [
        column_check(
            "conformance.code_format", "conformance", "error", "referrals", "diagnosis_code",
            "ExpectColumnValuesToMatchRegex", ("0 % fel format", "0 % wrong format"),
            ("Diagnoskod har inte ICD-10-format (t.ex. I639)", "Diagnosis code is not ICD-10 shaped (e.g. I639)"),
            ("Rätta diagnoskoden till ICD-10-SE utan punkt, versaler (I63.9 → I639).",
             "Correct the diagnosis code to ICD-10-SE, upper case without the dot (I63.9 → I639)."),
            regex=ICD10_FORMAT),
        column_check(
            "conformance.code_format", "conformance", "error", "admissions", "main_diagnosis_code",
            "ExpectColumnValuesToMatchRegex", ("0 % fel format", "0 % wrong format"),
            ("Huvuddiagnos har inte ICD-10-format", "Main diagnosis is not ICD-10 shaped"),
            ("Rätta huvuddiagnosen till ICD-10-SE utan punkt, versaler.",
             "Correct the main diagnosis to ICD-10-SE, upper case without the dot."),
            regex=ICD10_FORMAT),
        column_check(
            "conformance.code_format", "conformance", "warning", "visits", "kva_code",
            "ExpectColumnValuesToMatchRegex", ("≤ 1 % fel format", "≤ 1 % wrong format"),
            ("KVÅ-kod har fel format (två bokstäver och tre siffror, t.ex. QV001)",
             "KVÅ code has the wrong format (two letters and three digits, e.g. QV001)"),
            ("Kontrollera att KVÅ-koden förs över oförändrad från journalsystemet.",
             "Check that the KVÅ code is exported unchanged from the record system."),
            mostly=0.99, regex=KVA_FORMAT),
    ]


def _icd10_chapters() -> list[Check]:
    regex = icd10_chapter_regex()
    checks = []
    for entity, column in (("referrals", "diagnosis_code"), ("admissions", "main_diagnosis_code")):
        mostly = MOSTLY[(entity, column)]
        checks.append(column_check(
            "conformance.icd10_chapter", "conformance", "error", entity, column,
            "ExpectColumnValuesToMatchRegex",
            (f"≤ {pct(1 - mostly)} utanför ICD-10-SE-kapitlen", f"≤ {pct(1 - mostly)} outside the ICD-10-SE chapters"),
            ("Diagnoskod hör inte till något ICD-10-SE-kapitel", "Diagnosis code belongs to no ICD-10-SE chapter"),
            ("Rätta koden till en giltig ICD-10-SE-kod (kategorin, de tre första tecknen, ska finnas i "
             "ett kapitel; t.ex. finns inte D95 eller K99); koden hamnar annars i diagnosgruppen 'övriga'.",
             "Correct the code to a valid ICD-10-SE code (its category, the first three characters, must "
             "lie in a chapter; D95 or K99 do not); otherwise it falls into the diagnosis group 'other'."),
            mostly=mostly, regex=regex))
    return checks


def _quarantine() -> Check:
    return quarantine_check(
        "conformance",
        ("Rader i senaste leveransen som lagts i karantän för okända koder eller felaktiga format",
         "Rows of the latest delivery quarantined for unknown codes or bad formats"),
        ("Se raw.quarantine (kolumn och regel nedan), rätta koderna i källsystemet och leverera igen.",
         "See raw.quarantine (column and rule below), correct the codes in the source system and "
         "deliver again."))


def checks(ref: ReferenceSets) -> list[Check]:
    """The conformance suite."""
    return [*_reference_codes(ref), *_formats(), *_icd10_chapters(), _quarantine()]
