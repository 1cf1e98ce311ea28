"""Timeliness: are the data as recent as the extract date says?

The lag is the number of days between an entity's latest event date and the data cut-off (the
latest extract date). Metrics for the last months before the cut-off count what has been
delivered; a lag means those months are silently too low.
"""

from __future__ import annotations

from samrehab.quality.model import Check, ReferenceSets
from samrehab.quality.suites.common import groups_check

#: Required event entities (visits, referrals, plans, stays) happen every day: a month's lag
#: means the delivery is late or truncated.
REQUIRED_LAG_MAX_DAYS = 31
#: Optional entities include periodic ones (surveys, time studies): half a year.
OPTIONAL_LAG_MAX_DAYS = 183
#: A unit with visits during the last year whose last visit is older than this ...
UNIT_LAG_MAX_DAYS = 45
#: ... while its recent rate predicts at least this many visits in the silent stretch.
UNIT_LAG_MIN_EXPECTED = 5


def checks(ref: ReferenceSets) -> list[Check]:
    """The timeliness suite."""
    del ref
    detail = ("senaste händelse {latest_event_date:%Y-%m-%d}", "latest event {latest_event_date:%Y-%m-%d}")
    return [
        groups_check(
            "timeliness.entity_lag", "timeliness", "error", "entity_lag.required", "", None, "lag_days",
            (f"≤ {REQUIRED_LAG_MAX_DAYS} dagar", f"≤ {REQUIRED_LAG_MAX_DAYS} days"),
            ("Dagar mellan senaste händelsedatum och uttagsdatum (obligatoriska entiteter)",
             "Days between the latest event date and the extract date (required entities)"),
            ("Leveransen är sen eller avkortad: kontrollera att uttaget täcker perioden fram till "
             "extract_date i manifest.json (eller rätta extract_date) och leverera igen.",
             "The delivery is late or truncated: check that the extract covers the period up to the "
             "extract_date in manifest.json (or correct extract_date) and deliver again."),
            max_value=REQUIRED_LAG_MAX_DAYS, value_format="days", detail=detail),
        groups_check(
            "timeliness.entity_lag", "timeliness", "warning", "entity_lag.optional", "", None, "lag_days",
            (f"≤ {OPTIONAL_LAG_MAX_DAYS} dagar", f"≤ {OPTIONAL_LAG_MAX_DAYS} days"),
            ("Dagar mellan senaste händelsedatum och uttagsdatum (valfria entiteter)",
             "Days between the latest event date and the extract date (optional entities)"),
            ("Kontrollera att den senaste enkäten, tidsstudien eller granskningen kommit med i uttaget.",
             "Check that the latest survey, time study or audit made it into the extract."),
            max_value=OPTIONAL_LAG_MAX_DAYS, value_format="days", detail=detail),
        groups_check(
            "timeliness.unit_last_visit", "timeliness", "warning", "unit_lag", "visits", None, "lag_days",
            (f"≤ {UNIT_LAG_MAX_DAYS} dagar när ≥ {UNIT_LAG_MIN_EXPECTED} besök väntas under tiden",
             f"≤ {UNIT_LAG_MAX_DAYS} days when ≥ {UNIT_LAG_MIN_EXPECTED} visits are expected meanwhile"),
            ("Dagar sedan enhetens senaste besök", "Days since the unit's latest visit"),
            ("Enheten har slutat rapportera besök: fråga om verksamheten upphört eller om uttaget "
             "saknar enheten, och leverera de saknade besöken.",
             "The unit stopped reporting visits: ask whether it closed or is missing from the extract, "
             "and deliver the missing visits."),
            max_value=UNIT_LAG_MAX_DAYS, conditions=(("expected_visits_in_gap", ">=", UNIT_LAG_MIN_EXPECTED),),
            value_format="days",
            detail=("cirka {expected_visits_in_gap:.0f} besök väntade under tiden",
                    "about {expected_visits_in_gap:.0f} visits expected meanwhile")),
    ]
