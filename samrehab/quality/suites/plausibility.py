"""Plausibility: are values, distributions and volumes believable?

* value ranges (age, visit length and cost, stay cost, population cells, time and training hours),
* distributions: length of stay and wait to first visit (median, 90th percentile),
* visits per unit and month against that unit's own history (a unit that stops reporting or
  reports a fraction of its usual volume),
* rows the ingest quarantined as out of range or dated after the extract date.
"""

from __future__ import annotations

from samrehab.quality.model import Check, ReferenceSets
from samrehab.quality.suites.common import aggregate_check, column_check, groups_check, pct, quarantine_check

#: A unit-month is flagged when its visits are below this share of what the unit's history
#: predicts ...
VOLUME_RATIO_MIN = 0.6
#: ... and the shortfall is this many Poisson standard deviations (one-sided p ≈ 0.001), so a
#: small unit's chance dip is not flagged, while a month with no visits is flagged from an
#: expected volume of about ten.
VOLUME_SHORTFALL_Z = 3.09

#: (entity, column, min, max, least share inside, severity, Swedish title, English title)
RANGES: tuple[tuple[str, str, float, float, float, str, str, str], ...] = (
    ("patients", "age_at_cutoff", 0, 110, 1.0, "error",
     "Ålder (vid brytdatum eller dödsdatum) utanför 0–110 år", "Age (at cut-off or death) outside 0–110 years"),
    ("visits", "duration_minutes", 1, 480, 0.99, "warning",
     "Besökets längd utanför 1–480 minuter", "Visit length outside 1–480 minutes"),
    ("visits", "cost_sek", 0, 20_000, 0.99, "warning",
     "Besökskostnad utanför 0–20 000 kr", "Visit cost outside SEK 0–20,000"),
    ("admissions", "cost_sek", 0, 2_000_000, 0.99, "warning",
     "Vårdtillfällets kostnad utanför 0–2 000 000 kr", "Stay cost outside SEK 0–2,000,000"),
    ("admissions", "length_of_stay_days", 0, 365, 0.99, "warning",
     "Vårdtid utanför 0–365 dagar", "Length of stay outside 0–365 days"),
    ("population", "population", 0, 100_000, 1.0, "error",
     "Befolkningscell (kommun, kön, ettårsålder) utanför 0–100 000",
     "Population cell (municipality, sex, single year of age) outside 0–100,000"),
    ("time_use", "minutes", 0, 3_000, 0.99, "warning",
     "Tidsanvändning per vecka och uppgift utanför 0–3 000 minuter",
     "Time use per week and task outside 0–3,000 minutes"),
    ("training", "hours", 0, 80, 0.99, "warning",
     "Utbildningstimmar per tillfälle utanför 0–80", "Training hours per event outside 0–80"),
)


def _ranges() -> list[Check]:
    checks = []
    for entity, column, low, high, mostly, severity, title_sv, title_en in RANGES:
        checks.append(column_check(
            "plausibility.value_range", "plausibility", severity, entity, column,  # type: ignore[arg-type]
            "ExpectColumnValuesToBeBetween",
            (f"≤ {pct(1 - mostly)} utanför {low:g}–{high:g}", f"≤ {pct(1 - mostly)} outside {low:g}–{high:g}"),
            (title_sv, title_en),
            (f"Kontrollera {column} i {entity} i källsystemet (enhet, decimaltecken, felregistrering) "
             "och leverera rättade rader.",
             f"Check {column} of {entity} in the source system (unit, decimal sign, mistyped value) and "
             "deliver corrected rows."),
            mostly=mostly, min_value=low, max_value=high))
    return checks


def _distributions() -> list[Check]:
    return [
        aggregate_check(
            "plausibility.length_of_stay_median", "plausibility", "warning", "entity.admissions", "admissions",
            "length_of_stay_days", "ExpectColumnMedianToBeBetween", ("median 1–30 dagar", "median 1–30 days"),
            ("Median vårdtid", "Median length of stay"),
            ("En median utanför 1–30 dagar tyder på fel datum (in-/utskrivning förväxlade, saknade "
             "utskrivningar) eller fel uttag (fel vårdtillfällestyp); kontrollera uttaget.",
             "A median outside 1–30 days points to wrong dates (admit/discharge swapped, missing "
             "discharges) or a wrong extract (wrong kind of stays); check the extract."),
            value_format="days", min_value=1, max_value=30),
        aggregate_check(
            "plausibility.wait_days_median", "plausibility", "warning", "referral_waits", "referrals",
            "wait_days", "ExpectColumnMedianToBeBetween", ("median 0–120 dagar", "median 0–120 days"),
            ("Median väntetid från remiss till första besök", "Median wait from referral to first visit"),
            ("Kontrollera remissernas ankomstdatum och besökens remisskoppling (referral_id); en orimlig "
             "median ger felaktiga väntetidsmått (E1).",
             "Check the referrals' received dates and the visits' referral link (referral_id); an "
             "implausible median makes the wait metrics (E1) wrong."),
            value_format="days", min_value=0, max_value=120),
        Check(
            name="plausibility.wait_days_p90", dimension="plausibility", severity="warning",
            dataset="referral_waits", expectation="ExpectColumnValuesToBeBetween",
            kwargs={"column": "wait_days", "min_value": 0, "max_value": 365, "mostly": 0.9}, kind="column",
            entity="referrals", column="wait_days",
            threshold="≤ 10 % over 365 days (90th percentile ≤ 365 days)",
            threshold_sv="≤ 10 % över 365 dagar (90:e percentilen ≤ 365 dagar)",
            title_sv="Andel väntetider till första besök över 365 dagar (90:e percentilen)",
            title_en="Share of waits to first visit over 365 days (90th percentile)",
            fix_sv="Långa väntetider över ett år tyder oftast på gamla remisser som aldrig avslutats eller på "
                   "besök kopplade till fel remiss; kontrollera och avsluta remisserna i källsystemet.",
            fix_en="Waits over a year usually mean old referrals never closed, or visits linked to the wrong "
                   "referral; check and close the referrals in the source system."),
    ]


def _volume() -> Check:
    return groups_check(
        "plausibility.visit_volume_drop", "plausibility", "warning", "unit_month_visits", "visits", None,
        "volume_ratio",
        (f"≥ {VOLUME_RATIO_MIN:g} × förväntat när bortfallet är ≥ {VOLUME_SHORTFALL_Z} SD".replace(".", ","),
         f"≥ {VOLUME_RATIO_MIN:g} × expected when the shortfall is ≥ {VOLUME_SHORTFALL_Z} SD"),
        ("Besök per enhet och månad jämfört med enhetens egen historik",
         "Visits per unit and month against the unit's own history"),
        ("Fråga enheten om månaden saknas eller är ofullständig i uttaget (rapporteringsavbrott, "
         "systembyte); leverera om månaden. Till dess är enhetens mått för månaden missvisande.",
         "Ask the unit whether the month is missing or incomplete in the extract (reporting gap, "
         "system change); re-deliver the month. Until then the unit's metrics for it are misleading."),
        min_value=VOLUME_RATIO_MIN, conditions=(("shortfall_z", ">=", VOLUME_SHORTFALL_Z),),
        value_format="ratio",
        detail=("{visits:.0f} besök, förväntat cirka {expected_visits:.0f} (median {median_visits:.0f})",
                "{visits:.0f} visits, about {expected_visits:.0f} expected (median {median_visits:.0f})"))


def _quarantine() -> Check:
    return quarantine_check(
        "plausibility",
        ("Rader i senaste leveransen som lagts i karantän för orimliga värden eller datum efter uttagsdatum",
         "Rows of the latest delivery quarantined for impossible values or dates after the extract date"),
        ("Se raw.quarantine (kolumn och regel nedan); rätta värdena, eller uttagsdatumet i manifest.json, "
         "och leverera igen.",
         "See raw.quarantine (column and rule below); correct the values, or the extract_date in "
         "manifest.json, and deliver again."))


def checks(ref: ReferenceSets) -> list[Check]:
    """The plausibility suite."""
    del ref
    return [*_ranges(), *_distributions(), _volume(), _quarantine()]
