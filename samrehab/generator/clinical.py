"""Clinical code tables: diagnosis groups with ICD-10-SE codes (with the dot, as many source
systems deliver them), their mix by age band, and the professions each group needs."""

from __future__ import annotations

import numpy as np

from contracts.codes import PROFESSIONS as PROFESSIONS  # the contract's code list, in its order

# Diagnosis groups in generator order, with the codes drawn uniformly within a group.
DIAGNOSIS_GROUPS: tuple[str, ...] = (
    "stroke", "hip_fracture", "other_injury", "cancer", "musculoskeletal", "neurological",
    "cardiovascular", "respiratory", "post_covid", "mental", "other",
)
DIAGNOSIS_CODES: dict[str, tuple[str, ...]] = {
    "stroke": ("I63.9", "I63.4", "I63.5", "I61.9", "I64"),
    "hip_fracture": ("S72.0", "S72.1", "S72.2"),
    "other_injury": ("S82.1", "S42.2", "S52.5", "S32.0", "T93.1"),
    "cancer": ("C50.9", "C18.9", "C61", "C34.9"),
    "musculoskeletal": ("M54.5", "M17.1", "M16.1", "M75.1", "M79.1", "M51.1", "M54.2"),
    "neurological": ("G35.9", "G20.9", "G62.9", "G81.9"),
    "cardiovascular": ("I50.9", "I25.1", "I48.9", "I70.2"),
    "respiratory": ("J44.9", "J18.9", "J45.9"),
    "post_covid": ("U09.9", "U07.1"),
    "mental": ("F32.1", "F43.8", "F41.1"),
    "other": ("R26.8", "R53.9", "E11.9", "Z96.6"),
}
# Probability of each diagnosis group (columns) per age band (rows 0-19 … 80+).
GROUP_BY_AGE_BAND = np.array([
    # str  hip  inj  can  msk  neu  cv   resp covid ment other
    [0.00, 0.00, 0.25, 0.01, 0.35, 0.10, 0.00, 0.05, 0.02, 0.12, 0.10],
    [0.01, 0.00, 0.15, 0.03, 0.52, 0.07, 0.01, 0.03, 0.05, 0.08, 0.05],
    [0.05, 0.01, 0.10, 0.06, 0.52, 0.06, 0.05, 0.03, 0.04, 0.03, 0.05],
    [0.12, 0.06, 0.07, 0.07, 0.38, 0.07, 0.09, 0.06, 0.02, 0.01, 0.05],
    [0.14, 0.16, 0.08, 0.04, 0.22, 0.07, 0.12, 0.07, 0.01, 0.01, 0.08],
])
# Probability of each profession (physio, ot, slp, dietitian) per diagnosis group.
PROFESSION_BY_GROUP = np.array([
    [0.45, 0.33, 0.17, 0.05],  # stroke
    [0.70, 0.28, 0.00, 0.02],  # hip fracture
    [0.75, 0.25, 0.00, 0.00],
    [0.50, 0.25, 0.05, 0.20],
    [0.90, 0.10, 0.00, 0.00],
    [0.45, 0.35, 0.15, 0.05],
    [0.70, 0.20, 0.00, 0.10],
    [0.70, 0.15, 0.05, 0.10],
    [0.60, 0.30, 0.05, 0.05],
    [0.40, 0.60, 0.00, 0.00],
    [0.55, 0.30, 0.00, 0.15],
])
# Extra (beyond the first) planned visits per referral: Poisson mean per diagnosis group.
EXTRA_VISITS_BY_GROUP = np.array([5.6, 4.5, 2.8, 2.8, 2.3, 3.9, 2.8, 2.5, 3.4, 2.8, 2.3])

# Admissions not linked to a rehabilitation referral: main diagnosis, planned share.
ADMISSION_CODES: tuple[str, ...] = (
    "I50.9", "J44.9", "J18.9", "N39.0", "R55.9", "I48.9", "K80.2", "E11.9", "M16.1", "M17.1",
    "C18.9", "S82.1",
)
ADMISSION_CODE_WEIGHTS = np.array([14, 10, 12, 10, 6, 8, 6, 4, 6, 6, 4, 6], dtype=float)
PLANNED_ADMISSION_CODES: frozenset[str] = frozenset({"M16.1", "M17.1", "K80.2", "C18.9"})

KVA_CODES: tuple[str, ...] = ("DV051", "DV052", "DV200", "AU118", "QV001", "GD009")


def group_index(name: str) -> int:
    """Index of a diagnosis group in :data:`DIAGNOSIS_GROUPS`."""
    return DIAGNOSIS_GROUPS.index(name)


def code_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat code array, start offset per group and number of codes per group."""
    codes = [c for g in DIAGNOSIS_GROUPS for c in DIAGNOSIS_CODES[g]]
    counts = np.array([len(DIAGNOSIS_CODES[g]) for g in DIAGNOSIS_GROUPS])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return np.array(codes), offsets, counts
