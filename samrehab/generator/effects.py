"""The structure deliberately built into the synthetic delivery, for dashboards and tests to find.

Every effect below is described in words in :data:`DOCUMENTED_EFFECTS` and parameterised by the
constants of this module, which the generator modules read. Tests of the pipeline can import them
to check that the marts recover what was put in.

* ``access_by_age``: the chance that a resident becomes a rehabilitation patient rises steeply
  with age (relative weights :data:`AGE_BAND_ACCESS_WEIGHT`): persons with an attended visit per
  1 000 residents are about five times higher for 80+ than for 45-64.
* ``rural_low_access``: the municipalities in :data:`LOW_ACCESS_MUNICIPALITIES` (Älvdalen,
  Vansbro, Skinnskatteberg, Norberg) have access × :data:`LOW_ACCESS_FACTOR` and waits
  (received → first attended visit) × :data:`LOW_ACCESS_WAIT_FACTOR`.
* ``fast_track``: stroke (I60–I64) and hip fracture (S72.0–S72.2) referrals have a median wait of
  a few days after discharge; musculoskeletal (M) referrals wait about five weeks.
* ``readmission_80plus``: acute readmission within 30 days of discharge is about twice as
  frequent for patients aged 80+ (:data:`READMISSION_PROBABILITY`).
* ``intervention``: from :data:`INTERVENTION_DATE` (2025-09-01) waits are × 0.6, plans meet all
  five guideline criteria far more often, coordinated visits are twice as common, readmissions
  are × 0.55, in-competence time, training and survey scores rise.
* ``summer_dip``: fewer referrals and visits in June–August, July strongest
  (:data:`MONTH_VISIT_DROP`).
* ``data_gap``: the primary-care unit :data:`DATA_GAP_UNIT_ID` delivers no visits at all for the
  months :data:`DATA_GAP_MONTHS` (a reporting failure, not a real drop in care).
"""

from __future__ import annotations

from datetime import date

INTERVENTION_DATE = date(2025, 9, 1)

AGE_BANDS: tuple[str, ...] = ("0-19", "20-44", "45-64", "65-79", "80+")
AGE_BAND_LOWER: tuple[int, ...] = (0, 20, 45, 65, 80)
AGE_BAND_ACCESS_WEIGHT: tuple[float, ...] = (0.15, 0.4, 1.0, 2.3, 5.0)

LOW_ACCESS_MUNICIPALITIES: tuple[str, ...] = ("2039", "2021", "1904", "1962")
LOW_ACCESS_FACTOR = 0.55
LOW_ACCESS_WAIT_FACTOR = 1.8

FAST_TRACK_GROUPS: tuple[str, ...] = ("stroke", "hip_fracture")
MEDIAN_WAIT_DAYS: dict[str, float] = {
    "stroke": 3.0, "hip_fracture": 3.0, "musculoskeletal": 36.0, "other": 24.0,
}
INTERVENTION_WAIT_FACTOR = 0.6

READMISSION_PROBABILITY: dict[str, float] = {"under_80": 0.08, "80+": 0.19}
INTERVENTION_READMISSION_FACTOR = 0.55

# Probability that a plan criterion is met, before and from the intervention date.
PLAN_CRITERIA: tuple[str, ...] = (
    "goals_documented", "icf_coded", "patient_participated", "responsibilities_assigned",
    "follow_up_planned",
)
PLAN_CRITERION_PROBABILITY_BEFORE: tuple[float, ...] = (0.80, 0.55, 0.75, 0.70, 0.70)
PLAN_CRITERION_PROBABILITY_AFTER: tuple[float, ...] = (0.95, 0.85, 0.92, 0.90, 0.92)
COORDINATED_PROBABILITY_BEFORE = 0.12
COORDINATED_PROBABILITY_AFTER = 0.26

# Share of (follow-up) visits that do not take place, by calendar month.
MONTH_VISIT_DROP: dict[int, float] = {6: 0.15, 7: 0.55, 8: 0.2, 12: 0.1}
MONTH_REFERRAL_WEIGHT: tuple[float, ...] = (
    1.05, 1.05, 1.1, 1.0, 1.0, 0.85, 0.5, 0.8, 1.1, 1.1, 1.05, 0.85,
)

DATA_GAP_UNIT_ID = "U2081P01"
DATA_GAP_MONTHS: tuple[str, ...] = ("2025-10", "2025-11")

DOCUMENTED_EFFECTS: dict[str, str] = {
    "access_by_age": (
        "E1.access_rate rises steeply with age band: 80+ about five times 45-64 "
        "(persons with an attended visit per 1 000 residents)."
    ),
    "rural_low_access": (
        "Municipalities 2039 Älvdalen, 2021 Vansbro, 1904 Skinnskatteberg and 1962 Norberg have "
        "lower E1.access_rate (about x0.55, age-standardised) and longer E1.wait_days_median "
        "(about x1.8) than the rest of their region."
    ),
    "fast_track": (
        "Diagnosis groups stroke (I60-I64) and hip_fracture (S72.0-S72.2) have a much shorter "
        "E1.wait_days_median (about one week, mostly the rest of the hospital stay) than "
        "musculoskeletal (about five weeks)."
    ),
    "readmission_80plus": (
        "E6.readmission_30d_share is about twice as high for age band 80+ as for younger "
        "patients; patients 65+ make up most admissions."
    ),
    "intervention": (
        "From 2025-09-01: E1.wait_days_median lower (waits x0.6), E2.plan_guideline_share "
        "higher, E3.coordinated_visit_share about doubled, E6.readmission_30d_share lower "
        "(x0.55), E3.in_competence_time_share, E4 training and E5 survey scores higher."
    ),
    "summer_dip": (
        "Visits and referrals dip in June-August, July strongest (about half the visits of a "
        "spring month)."
    ),
    "data_gap": (
        "Primary-care unit U2081P01 (Borlänge) reports no visits for 2025-10 and 2025-11: a "
        "delivery gap that data-quality checks should flag."
    ),
}
