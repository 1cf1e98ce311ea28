"""Consistency: do the entities agree with each other?

Per unit: visits whose referral is missing or belongs to another patient, planned visits
without a referral (care episodes without a referral), visits before their referral arrived,
plans without any visit, plans whose referral is missing, stays that start while an earlier
stay of the patient is still open (a readmission without a discharged index stay), events
after the patient's death. Per unit row: the unit's region agrees with its municipality's.
"""

from __future__ import annotations

from samrehab.quality.model import Check, ReferenceSets
from samrehab.quality.suites.common import column_check, groups_check, pct, quarantine_check

#: measure → (entity, severity, max share, Swedish title, English title, Swedish fix, English fix)
UNIT_MEASURES: dict[str, tuple[str, str, float, str, str, str, str]] = {
    "visit_referral_missing": (
        "visits", "error", 0.0,
        "Besök vars remiss (referral_id) saknas bland remisserna",
        "Visits whose referral (referral_id) is not among the referrals",
        "Leverera remisserna som besöken hänvisar till, eller rätta besökens referral_id.",
        "Deliver the referrals the visits refer to, or correct the visits' referral_id."),
    "visit_referral_other_patient": (
        "visits", "error", 0.0,
        "Besök kopplade till en remiss för en annan patient",
        "Visits linked to a referral of another patient",
        "Rätta referral_id eller patient_id i uttaget; pseudonymnyckeln kan vara förväxlad mellan filerna.",
        "Correct referral_id or patient_id in the extract; the pseudonym key may differ between files."),
    "plan_referral_missing": (
        "plans", "error", 0.0,
        "Planer vars remiss (referral_id) saknas bland remisserna",
        "Plans whose referral (referral_id) is not among the referrals",
        "Leverera remisserna som planerna hänvisar till, eller lämna referral_id tomt.",
        "Deliver the referrals the plans refer to, or leave referral_id empty."),
    "events_after_death": (
        "visits", "error", 0.001,
        "Besök eller vårdtillfällen efter patientens dödsdatum",
        "Visits or stays after the patient's date of death",
        "Kontrollera dödsdatum och pseudonymnyckel; händelser efter döden tyder på förväxlade patienter.",
        "Check the dates of death and the pseudonym key; events after death point to mixed-up patients."),
    "planned_visit_without_referral": (
        "visits", "warning", 0.05,
        "Planerade besök utan remiss (vårdepisoder utan remiss)",
        "Planned visits without a referral (care episodes without a referral)",
        "Koppla planerade besök till sin remiss (referral_id); utan koppling räknas de inte i "
        "väntetider och episodmått.",
        "Link planned visits to their referral (referral_id); unlinked visits are left out of wait and "
        "episode metrics."),
    "visit_before_referral": (
        "visits", "warning", 0.05,
        "Genomförda besök före remissens ankomstdatum",
        "Attended visits before the referral's received date",
        "Kontrollera remissernas ankomstdatum; besök före ankomst räknas inte som första besök.",
        "Check the referrals' received dates; visits before arrival do not count as first visits."),
    "plan_without_visit": (
        "plans", "warning", 0.10,
        "Planer (äldre än 60 dagar) utan något genomfört besök hos samma enhet",
        "Plans (older than 60 days) without any attended visit at the same unit",
        "Kontrollera att enhetens besök levereras (alla besökstyper) och att planerna hör till rätt enhet.",
        "Check that the unit's visits are delivered (every contact type) and that plans carry the right unit."),
    "readmission_without_index_stay": (
        "admissions", "warning", 0.0,
        "Vårdtillfällen som börjar medan ett tidigare vårdtillfälle för patienten saknar utskrivning",
        "Stays that start while an earlier stay of the patient has no discharge",
        "Fyll i utskrivningsdatum för avslutade vårdtillfällen; annars kan återinskrivningar inte knytas "
        "till ett indexvårdtillfälle (E6).",
        "Fill in the discharge date of finished stays; otherwise readmissions cannot be tied to an index "
        "stay (E6)."),
}


def _unit_measures() -> list[Check]:
    checks = []
    for measure, (entity, severity, limit, title_sv, title_en, fix_sv, fix_en) in UNIT_MEASURES.items():
        checks.append(groups_check(
            f"consistency.{measure}", "consistency", severity, f"consistency.{measure}",  # type: ignore[arg-type]
            entity, None, "share", (f"≤ {pct(limit)} per enhet", f"≤ {pct(limit)} per unit"),
            (title_sv, title_en), (fix_sv, fix_en), max_value=limit,
            detail=("{n:.0f} rader bedömda", "{n:.0f} rows assessed")))
    return checks


def _unit_region() -> Check:
    return column_check(
        "consistency.unit_region", "consistency", "error", "units", "region_matches",
        "ExpectColumnValuesToBeInSet", ("0 % avvikande", "0 % differing"),
        ("Enhetens region stämmer inte med kommunens län", "The unit's region differs from its municipality's county"),
        ("Rätta region_code eller municipality_code för enheten i units-filen.",
         "Correct the unit's region_code or municipality_code in the units file."),
        value_set=[True])


def _quarantine() -> Check:
    return quarantine_check(
        "consistency",
        ("Rader i senaste leveransen som lagts i karantän för brutna referenser, dubbletter eller datumordning",
         "Rows of the latest delivery quarantined for broken references, duplicates or date order"),
        ("Se raw.quarantine (kolumn och regel nedan); leverera de rader som refereras, ta bort dubbletter "
         "eller rätta datumen, och leverera igen.",
         "See raw.quarantine (column and rule below); deliver the rows referred to, remove duplicates or "
         "correct the dates, and deliver again."))


def checks(ref: ReferenceSets) -> list[Check]:
    """The consistency suite."""
    del ref
    return [*_unit_measures(), _unit_region(), _quarantine()]
