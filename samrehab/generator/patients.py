"""Patients of one block: home municipality, sex, age, first referral date, death."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samrehab.generator import effects
from samrehab.generator.context import NO_DEATH, Context
from samrehab.generator.sampling import choose, year_of

# Probability of dying within about three years of the first referral, by age band.
DEATH_PROBABILITY: tuple[float, ...] = (0.002, 0.005, 0.02, 0.09, 0.30)


@dataclass
class Patients:
    """Column arrays of a block's patients (``death`` is ``NO_DEATH`` when alive at cut-off)."""

    municipality: np.ndarray
    sex: np.ndarray
    age: np.ndarray
    band: np.ndarray
    birth_year: np.ndarray
    first_received: np.ndarray
    death: np.ndarray

    def __len__(self) -> int:
        return len(self.municipality)


def age_band(age: np.ndarray) -> np.ndarray:
    """Index into :data:`effects.AGE_BANDS` for ages."""
    return np.searchsorted(np.array(effects.AGE_BAND_LOWER), age, side="right") - 1


def sample_patients(rng: np.random.Generator, ctx: Context, n: int) -> Patients:
    """Draw ``n`` patients; residents are weighted by age-dependent and local access."""
    cell = choose(rng, ctx.cell_weights, n)
    muni, sex_idx, age = np.unravel_index(cell, ctx.cell_shape)
    sex = np.array(["F", "M"])[sex_idx]
    sex[rng.random(n) < ctx.unknown_sex_share] = "U"
    first = ctx.start_day + choose(rng, ctx.day_weights, n)
    birth_year = year_of(first) - age
    band = age_band(age)
    dies = rng.random(n) < np.array(DEATH_PROBABILITY)[band]
    death = first + 5 + (rng.random(n) * 1000).astype(np.int64)
    death = np.where(dies & (death <= ctx.end_day), death, NO_DEATH)
    return Patients(muni.astype(np.int64), sex, age.astype(np.int64), band, birth_year,
                    first, death)
