"""Referrals of one block: diagnosis, receiving unit, profession, assessment and outcome class.

Waits and closing are derived later from the visits (see ``visits`` and ``block``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from contracts.codes import CARE_LEVELS  # the contract's code list, in its order
from samrehab.generator import clinical, effects
from samrehab.generator.context import Context
from samrehab.generator.patients import Patients, age_band
from samrehab.generator.sampling import (
    choose,
    choose_rows,
    grouped_cumsum,
    pick_padded,
    year_of,
)

SPECIALIST = CARE_LEVELS.index("specialist")
PRIMARY = CARE_LEVELS.index("primary")
MUNICIPAL = CARE_LEVELS.index("municipal")
# Outcome classes of a referral.
NORMAL, DECLINED, NO_NEED, UNMET, NOT_ASSESSED = 0, 1, 2, 3, 4
OUTCOME_PROBABILITY = np.array([0.82, 0.03, 0.07, 0.05, 0.03])
NEED_BY_CARE_LEVEL = np.array([[0.05, 0.45, 0.50], [0.60, 0.40, 0.00], [0.50, 0.45, 0.05]])
SENDERS: tuple[str, ...] = CARE_LEVELS  # a referral's sender is a care level

STROKE = clinical.group_index("stroke")
HIP = clinical.group_index("hip_fracture")
MSK = clinical.group_index("musculoskeletal")


@dataclass
class Referrals:
    """Column arrays of a block's referrals (``patient`` indexes the block's patients)."""

    patient: np.ndarray
    received: np.ndarray
    band: np.ndarray
    group: np.ndarray
    code: np.ndarray
    care_level: np.ndarray
    unit: np.ndarray
    profession: np.ndarray
    sender: np.ndarray  # index into SENDERS, -1 = null
    need_level: np.ndarray  # index into NEED_LEVELS (contracts.codes), -1 = null
    outcome: np.ndarray
    fast_track: np.ndarray
    admitted: np.ndarray  # referral sent during an inpatient stay (stroke / hip fracture)

    def __len__(self) -> int:
        return len(self.patient)

    def take(self, rows: np.ndarray) -> Referrals:
        """Rows selected by a mask or index array."""
        return Referrals(*(getattr(self, f)[rows] for f in self.__dataclass_fields__))


def _care_level_probabilities(group: np.ndarray, band: np.ndarray) -> np.ndarray:
    fast = (group == STROKE) | (group == HIP)
    old, oldest = band >= 3, band >= 4
    spec = np.where(fast, 0.55, np.where(group == MSK, 0.04, 0.15))
    muni = np.where(
        fast, np.where(old, 0.30, 0.05),
        np.where(group == MSK, 0.05 + 0.2 * oldest, 0.10 + 0.25 * old + 0.15 * oldest),
    )
    return np.column_stack([spec, 1.0 - spec - muni, muni])


def sample_referrals(rng: np.random.Generator, ctx: Context, pats: Patients) -> Referrals:
    """Draw one to three referrals per patient, the first on the patient's first date."""
    n_pat = len(pats)
    u = rng.random(n_pat)
    per_patient = 1 + (u < 0.22) + (u < 0.05)
    patient = np.repeat(np.arange(n_pat), per_patient)
    later = np.concatenate([[False], patient[1:] == patient[:-1]])
    offset = np.where(later, 20 + rng.exponential(220, len(patient)).astype(np.int64), 0)
    received = pats.first_received[patient] + grouped_cumsum(offset, per_patient)
    keep = received <= ctx.end_day
    patient, received = patient[keep], received[keep]
    n = len(patient)

    band = age_band(year_of(received) - pats.birth_year[patient])
    group = choose_rows(rng, clinical.GROUP_BY_AGE_BAND[band])
    codes, code_offset, code_count = clinical.code_table()
    code = codes[code_offset[group] + (rng.random(n) * code_count[group]).astype(np.int64)]
    care_level = choose_rows(rng, _care_level_probabilities(group, band))
    muni = pats.municipality[patient]
    units = ctx.units
    unit = np.select(
        [care_level == SPECIALIST, care_level == PRIMARY],
        [pick_padded(rng, units.specialist, units.specialist_count, muni),
         pick_padded(rng, units.primary, units.primary_count, muni)],
        units.municipal[muni],
    )
    profession = choose_rows(rng, clinical.PROFESSION_BY_GROUP[group])
    fast = (group == STROKE) | (group == HIP)
    sender = np.where(fast, np.where(rng.random(n) < 0.9, 0, -1),
                      choose(rng, [0.2, 0.5, 0.15, 0.15], n))
    sender = np.where(sender == 3, -1, sender)
    need_level = choose_rows(rng, NEED_BY_CARE_LEVEL[care_level])
    need_level[rng.random(n) < ctx.missing_need_share] = -1
    outcome = choose(rng, OUTCOME_PROBABILITY, n)
    outcome[fast & (outcome != NORMAL)] = NORMAL  # fast-track patients are always taken on
    admitted = fast & (rng.random(n) < 0.85)
    return Referrals(patient, received, band, group, code, care_level, unit, profession,
                     sender, need_level, outcome, fast, admitted)


def median_wait(ctx: Context, refs: Referrals, muni_of_patient: np.ndarray) -> np.ndarray:
    """Median days from received (or discharge, when admitted) to the first visit."""
    table = effects.MEDIAN_WAIT_DAYS
    median = np.select(
        [refs.fast_track, refs.group == MSK], [table["stroke"], table["musculoskeletal"]],
        table["other"],
    ).astype(float)
    median = median * np.where(ctx.low_access[muni_of_patient], effects.LOW_ACCESS_WAIT_FACTOR, 1)
    after = refs.received >= ctx.intervention_day
    return median * np.where(after, effects.INTERVENTION_WAIT_FACTOR, 1.0)
