"""Run-wide settings and precomputed tables shared by every patient block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from samrehab.generator import effects
from samrehab.generator.geography import MUNICIPALITIES
from samrehab.generator.population import REFERENCE_YEAR, expected_population
from samrehab.generator.sampling import day_number, month_of, month_start
from samrehab.generator.units import UnitCatalogue, build_units

NO_DEATH = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class Context:
    """Everything a block needs besides its random generator."""

    seed: int
    start_day: int
    end_day: int  # last day with events: min(end, extract_date)
    intervention_day: int
    units: UnitCatalogue
    cell_weights: np.ndarray  # flattened [municipality, sex, age] patient sampling weights
    cell_shape: tuple[int, int, int]
    day_weights: np.ndarray  # weight of each day start_day..end_day for new referrals
    low_access: np.ndarray  # bool per municipality
    gap_unit: int  # unit index of the data-gap unit (-1 if absent)
    gap_months: np.ndarray  # month-start day numbers without deliveries from gap_unit
    id_width_patient: int
    unknown_sex_share: float = 0.003  # share of patients with sex U
    missing_need_share: float = 0.04  # share of referrals without a need level


def build_context(seed: int, start: date, end: date, extract_date: date,
                  patients: int, unknown_sex_share: float = 0.003,
                  missing_need_share: float = 0.04) -> Context:
    """Precompute the sampling tables for one generator run."""
    units = build_units()
    pop = expected_population([REFERENCE_YEAR])[0]
    ages = np.arange(pop.shape[2])
    band = np.searchsorted(np.array(effects.AGE_BAND_LOWER), ages, side="right") - 1
    age_weight = np.array(effects.AGE_BAND_ACCESS_WEIGHT)[band]
    low = np.array([m.code in effects.LOW_ACCESS_MUNICIPALITIES for m in MUNICIPALITIES])
    muni_weight = np.where(low, effects.LOW_ACCESS_FACTOR, 1.0)
    weights = pop * age_weight[None, None, :] * muni_weight[:, None, None]
    start_day = day_number(start)
    end_day = min(day_number(end), day_number(extract_date))
    days = np.arange(start_day, end_day + 1)
    day_weights = np.array(effects.MONTH_REFERRAL_WEIGHT)[month_of(days) - 1]
    ids = list(units.ids)
    gap_unit = ids.index(effects.DATA_GAP_UNIT_ID) if effects.DATA_GAP_UNIT_ID in ids else -1
    gap_months = month_start(np.array(
        [day_number(date.fromisoformat(m + "-01")) for m in effects.DATA_GAP_MONTHS]
    ))
    return Context(
        seed=seed, start_day=start_day, end_day=end_day,
        intervention_day=day_number(effects.INTERVENTION_DATE), units=units,
        cell_weights=weights.ravel(), cell_shape=weights.shape, day_weights=day_weights,
        low_access=low, gap_unit=gap_unit, gap_months=gap_months,
        id_width_patient=max(7, len(str(max(patients, 1)))),
        unknown_sex_share=unknown_sex_share, missing_need_share=missing_need_share,
    )
