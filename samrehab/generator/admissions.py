"""Inpatient stays of one block (the readmissions extract).

Three kinds of stay: the acute stay during which a stroke / hip-fracture referral was sent, other
acute or planned stays (far more frequent from 65, most from 80), and acute readmissions 1–30
days after a stay (probability by age, lower from the intervention date). Some stays continue as
a same-day transfer to another ward or, with ``discharge_to = other_hospital``, as a next-day
admission at another hospital of the region: the metric merges these into one stay.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samrehab.generator import clinical, effects
from samrehab.generator.context import Context
from samrehab.generator.patients import Patients
from samrehab.generator.referrals import HIP, STROKE, Referrals
from samrehab.generator.sampling import choose, choose_rows

ACUTE, PLANNED = 0, 1
ADMISSION_TYPES: tuple[str, ...] = ("acute", "planned")
DISCHARGE_TO: tuple[str, ...] = ("home", "municipal_care", "other_hospital", "deceased", "other")
HOME, MUNICIPAL_CARE, OTHER_HOSPITAL, DECEASED, OTHER = 0, 1, 2, 3, 4
OTHER_STAYS_PER_PATIENT: tuple[float, ...] = (0.03, 0.06, 0.15, 0.35, 0.60)
DISCHARGE_BY_BAND = np.array([
    [0.90, 0.05, 0.05], [0.90, 0.05, 0.05], [0.88, 0.07, 0.05], [0.70, 0.25, 0.05],
    [0.45, 0.48, 0.07],
])
MEDICINE, ORTHOPAEDICS, GERIATRICS = 0, 1, 2


@dataclass
class Admissions:
    """Column arrays of a block's admission rows (one row per ward stay)."""

    patient: np.ndarray
    unit: np.ndarray
    admit: np.ndarray
    discharge: np.ndarray
    admission_type: np.ndarray
    code: np.ndarray
    discharge_to: np.ndarray

    def __len__(self) -> int:
        return len(self.patient)

    def take(self, rows: np.ndarray) -> Admissions:
        """Rows selected by a mask or index array."""
        return Admissions(*(getattr(self, f)[rows] for f in self.__dataclass_fields__))


def _concat(parts: list[Admissions]) -> Admissions:
    return Admissions(*(np.concatenate([getattr(p, f) for p in parts]) for f in (
        "patient", "unit", "admit", "discharge", "admission_type", "code", "discharge_to")))


def _discharge_destination(rng: np.random.Generator, band: np.ndarray) -> np.ndarray:
    choice = choose_rows(rng, DISCHARGE_BY_BAND[band])
    return np.array([HOME, MUNICIPAL_CARE, OTHER])[choice]


def _los(rng: np.random.Generator, base: int, scale: float, n: int) -> np.ndarray:
    return base + rng.gamma(2.0, scale, n).astype(np.int64)


def linked_stays(rng: np.random.Generator, ctx: Context, pats: Patients,
                 refs: Referrals) -> tuple[Admissions, np.ndarray]:
    """Stays during which admitted referrals were sent; also each referral's discharge day
    (``-1`` for referrals without a stay)."""
    idx = np.flatnonzero(refs.admitted)
    n = len(idx)
    stroke = refs.group[idx] == STROKE
    los = np.where(stroke, _los(rng, 5, 3.0, n), _los(rng, 4, 2.5, n))
    admit = refs.received[idx] - (los * (0.5 + 0.5 * rng.random(n))).astype(np.int64)
    discharge = admit + los
    muni = pats.municipality[refs.patient[idx]]
    ward_kind = np.where(refs.group[idx] == HIP, ORTHOPAEDICS,
                         np.where(refs.band[idx] >= 4, GERIATRICS, MEDICINE))
    stays = Admissions(
        patient=refs.patient[idx], unit=ctx.units.ward[muni, ward_kind], admit=admit,
        discharge=discharge, admission_type=np.full(n, ACUTE), code=refs.code[idx],
        discharge_to=_discharge_destination(rng, refs.band[idx]),
    )
    per_referral = np.full(len(refs), -1, dtype=np.int64)
    per_referral[idx] = discharge
    return stays, per_referral


def other_stays(rng: np.random.Generator, ctx: Context, pats: Patients) -> Admissions:
    """Acute and planned stays not linked to a rehabilitation referral."""
    per_patient = rng.poisson(np.array(OTHER_STAYS_PER_PATIENT)[pats.band])
    patient = np.repeat(np.arange(len(pats)), per_patient)
    n = len(patient)
    code = np.array(clinical.ADMISSION_CODES)[choose(rng, clinical.ADMISSION_CODE_WEIGHTS, n)]
    planned_code = np.isin(code, list(clinical.PLANNED_ADMISSION_CODES))
    planned = np.where(planned_code, rng.random(n) < 0.8, rng.random(n) < 0.05)
    band = pats.band[patient]
    admit = ctx.start_day + (rng.random(n) * (ctx.end_day - ctx.start_day + 1)).astype(np.int64)
    los = _los(rng, 1, 2.0, n) + 2 * (band >= 4)
    ortho = np.isin(code, ["M16.1", "M17.1", "S82.1"])
    ward_kind = np.where(ortho, ORTHOPAEDICS,
                         np.where((band >= 4) & (rng.random(n) < 0.5), GERIATRICS, MEDICINE))
    return Admissions(
        patient=patient, unit=ctx.units.ward[pats.municipality[patient], ward_kind],
        admit=admit, discharge=admit + los, admission_type=np.where(planned, PLANNED, ACUTE),
        code=code, discharge_to=_discharge_destination(rng, band),
    )


def transfers(rng: np.random.Generator, ctx: Context, pats: Patients,
              stays: Admissions) -> tuple[Admissions, Admissions, np.ndarray]:
    """Split off continuations: same-day ward transfers and next-day other-hospital admissions.

    Returns the stays (with ``discharge_to`` updated), the continuation rows and the mask of
    stays that continue.
    """
    n = len(stays)
    u = rng.random(n)
    same_day, next_day = u < 0.05, (u >= 0.05) & (u < 0.08)
    moved = same_day | next_day
    discharge_to = stays.discharge_to.copy()
    discharge_to[same_day] = OTHER
    discharge_to[next_day] = OTHER_HOSPITAL
    idx = np.flatnonzero(moved)
    muni = pats.municipality[stays.patient[idx]]
    unit = np.where(same_day[idx], ctx.units.ward[muni, GERIATRICS],
                    ctx.units.other_hospital_ward[muni])
    admit = stays.discharge[idx] + next_day[idx]
    continuation = Admissions(
        patient=stays.patient[idx], unit=unit, admit=admit,
        discharge=admit + _los(rng, 1, 2.0, len(idx)),
        admission_type=np.full(len(idx), ACUTE), code=stays.code[idx],
        discharge_to=stays.discharge_to[idx],
    )
    updated = Admissions(stays.patient, stays.unit, stays.admit, stays.discharge,
                         stays.admission_type, stays.code, discharge_to)
    return updated, continuation, moved


def readmissions(rng: np.random.Generator, ctx: Context, pats: Patients,
                 stay_end: Admissions) -> Admissions:
    """Acute readmissions 1–30 days after the end of (merged) stays."""
    band = pats.band[stay_end.patient]
    p = np.where(band >= 4, effects.READMISSION_PROBABILITY["80+"],
                 effects.READMISSION_PROBABILITY["under_80"])
    p = p * np.where(stay_end.discharge >= ctx.intervention_day,
                     effects.INTERVENTION_READMISSION_FACTOR, 1.0)
    idx = np.flatnonzero(rng.random(len(stay_end)) < p)
    n = len(idx)
    admit = stay_end.discharge[idx] + 1 + np.minimum(29, rng.exponential(8.0, n).astype(np.int64))
    code = np.array(clinical.ADMISSION_CODES)[choose(rng, clinical.ADMISSION_CODE_WEIGHTS, n)]
    patient = stay_end.patient[idx]
    kind = np.where(band[idx] >= 4, GERIATRICS, MEDICINE)
    return Admissions(
        patient=patient, unit=ctx.units.ward[pats.municipality[patient], kind], admit=admit,
        discharge=admit + _los(rng, 1, 2.0, n), admission_type=np.full(n, ACUTE), code=code,
        discharge_to=_discharge_destination(rng, band[idx]),
    )


def sample_admissions(rng: np.random.Generator, ctx: Context, pats: Patients,
                      refs: Referrals) -> tuple[Admissions, np.ndarray]:
    """All stays of a block (before truncation at death and cut-off), and per referral the
    discharge day of the stay it was sent from (``-1`` if none)."""
    linked, discharge_of_referral = linked_stays(rng, ctx, pats, refs)
    base = _concat([linked, other_stays(rng, ctx, pats)])
    base, continuation, moved = transfers(rng, ctx, pats, base)
    # The end of a merged stay is the continuation's discharge where there is one.
    ends = _concat([
        Admissions(*(getattr(base, f)[~moved] for f in (
            "patient", "unit", "admit", "discharge", "admission_type", "code", "discharge_to"))),
        continuation,
    ])
    readmitted = readmissions(rng, ctx, pats, ends)
    return _concat([base, continuation, readmitted]), discharge_of_referral
