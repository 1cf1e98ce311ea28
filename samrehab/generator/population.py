"""Resident population by year × municipality × sex × single-year age (the SCB-like denominator).

Deterministic (no randomness): each municipality's approximate population is spread over ages
0–100 (100 = 100+) so that its share aged 65+ matches ``share_65plus``; inland municipalities with
a higher share therefore get an older age structure. Small yearly trends: growth in the largest
towns, decline where the population is oldest.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from samrehab.generator.geography import MUNICIPALITIES

AGES = np.arange(101)
REFERENCE_YEAR = 2024


def _age_shape() -> tuple[np.ndarray, np.ndarray]:
    """Relative weights of single ages under 65 and from 65 (each sums to 1)."""
    young = np.where(AGES < 65, 1.0, 0.0)
    young = young * np.where((AGES >= 20) & (AGES < 30), 0.9, 1.0)
    years_over_65 = np.arange(0, 46)  # ages 65..110; 100 stands for 100+
    tail = np.exp(-0.0025 * years_over_65**2 - 0.25 * np.clip(years_over_65 - 25, 0, None))
    old = np.zeros(len(AGES))
    old[65:100] = tail[:35]
    old[100] = tail[35:].sum()
    return young / young.sum(), old / old.sum()


def _female_share() -> np.ndarray:
    """Share of women by single age: slightly under half when young, higher among the oldest."""
    return np.where(AGES < 65, 0.49, np.where(AGES < 80, 0.51, 0.58))


def _trend(share_65plus: float, population: int) -> float:
    """Yearly relative population change of a municipality."""
    if population >= 50000:
        return 0.007
    if share_65plus >= 0.28:
        return -0.005
    return 0.0


def expected_population(years: list[int]) -> np.ndarray:
    """Return expected residents as an array ``[year, municipality, sex(F=0, M=1), age]``."""
    young, old = _age_shape()
    female = _female_share()
    out = np.zeros((len(years), len(MUNICIPALITIES), 2, len(AGES)))
    for m_index, muni in enumerate(MUNICIPALITIES):
        by_age = muni.population * ((1 - muni.share_65plus) * young + muni.share_65plus * old)
        trend = _trend(muni.share_65plus, muni.population)
        for y_index, year in enumerate(years):
            scaled = by_age * (1 + trend) ** (year - REFERENCE_YEAR)
            out[y_index, m_index, 0] = scaled * female
            out[y_index, m_index, 1] = scaled * (1 - female)
    return out


def population_frame(years: list[int]) -> pl.DataFrame:
    """Return the ``population`` entity for the given years (contract column order)."""
    counts = np.rint(expected_population(years)).astype(np.int64)
    y_idx, m_idx, s_idx, a_idx = np.indices(counts.shape)
    codes = np.array([m.code for m in MUNICIPALITIES])
    return pl.DataFrame(
        {
            "year": np.asarray(years, dtype=np.int32)[y_idx.ravel()],
            "municipality_code": codes[m_idx.ravel()],
            "sex": np.array(["F", "M"])[s_idx.ravel()],
            "age": a_idx.ravel().astype(np.int32),
            "population": counts.ravel().astype(np.int32),
        }
    )
