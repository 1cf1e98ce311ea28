"""Visits of one block: planned series per referral, cancellations, unplanned contacts.

The first visit comes a log-normal wait after the referral was received (after discharge for
referrals sent during a stay); follow-ups come every one to three weeks. Summer months lose part
of their follow-up visits and first visits due in July are mostly postponed to August. A few
referrals get a visit before their received date (to exercise the "ignored first visit" rule) and
some episodes an unplanned contact without referral after their last visit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samrehab.generator import clinical, effects
from samrehab.generator.context import Context
from samrehab.generator.patients import Patients
from samrehab.generator.referrals import (
    MUNICIPAL,
    NORMAL,
    NOT_ASSESSED,
    STROKE,
    Referrals,
    median_wait,
)
from samrehab.generator.sampling import (
    choose,
    choose_rows,
    grouped_cumsum,
    lognormal_days,
    month_of,
    position_in_group,
    to_datetime64,
)

CONTACT_TYPES: tuple[str, ...] = ("in_person", "home", "digital", "phone", "group")
CONTACT_BY_CARE_LEVEL = np.array([
    [0.80, 0.00, 0.05, 0.10, 0.05],
    [0.70, 0.00, 0.10, 0.10, 0.10],
    [0.20, 0.65, 0.05, 0.10, 0.00],
])
STATUSES: tuple[str, ...] = ("attended", "cancelled_patient", "cancelled_unit", "no_show")
ATTENDED = 0
STATUS_PROBABILITY = np.array([0.90, 0.04, 0.03, 0.03])
SEK_PER_MINUTE = np.array([22.0, 16.0, 12.0])


@dataclass
class Visits:
    """Column arrays of a block's visits (``referral`` is -1 for visits without referral)."""

    patient: np.ndarray
    referral: np.ndarray
    unit: np.ndarray
    day: np.ndarray
    profession: np.ndarray
    contact_type: np.ndarray
    status: np.ndarray
    planned: np.ndarray
    coordinated: np.ndarray
    kva: np.ndarray  # index into clinical.KVA_CODES, -1 = null
    duration: np.ndarray  # -1 = null
    cost: np.ndarray  # NaN = null
    care_level: np.ndarray

    def __len__(self) -> int:
        return len(self.patient)

    def take(self, mask: np.ndarray) -> Visits:
        """Rows where ``mask`` holds."""
        return Visits(*(getattr(self, f)[mask] for f in self.__dataclass_fields__))


def first_visit_days(rng: np.random.Generator, ctx: Context, pats: Patients, refs: Referrals,
                     discharge_of_referral: np.ndarray) -> np.ndarray:
    """Day of each referral's first planned visit (July visits mostly moved to August)."""
    wait = lognormal_days(rng, median_wait(ctx, refs, pats.municipality[refs.patient]), 0.55)
    base = np.where(discharge_of_referral >= 0, discharge_of_referral, refs.received)
    first = base + wait
    july = (month_of(first) == 7) & (rng.random(len(first)) < 0.6)
    august_first = to_datetime64(first).astype("datetime64[M]") + 1
    moved = august_first.astype("datetime64[D]").astype(np.int64) + (
        rng.random(len(first)) * 10).astype(np.int64)
    return np.where(july, moved, first)


def _planned_series(rng: np.random.Generator, refs: Referrals,
                    first: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    takes_visits = (refs.outcome == NORMAL) | (refs.outcome == NOT_ASSESSED)
    extra = clinical.EXTRA_VISITS_BY_GROUP[refs.group] * np.where(
        refs.care_level == MUNICIPAL, 1.3, 1.0)
    count = np.where(takes_visits, 1 + rng.poisson(extra), 0)
    referral = np.repeat(np.arange(len(refs)), count)
    pos = position_in_group(count)
    scale = np.where(refs.group[referral] == STROKE, 3.5, 5.0)
    gaps = np.where(pos == 0, 0, 3 + rng.gamma(2.0, scale).astype(np.int64))
    day = first[referral] + grouped_cumsum(gaps, count)
    drop = np.zeros(13)
    for month, share in effects.MONTH_VISIT_DROP.items():
        drop[month] = share
    keep = (pos == 0) | (rng.random(len(day)) >= drop[month_of(day)])
    return referral[keep], day[keep], pos[keep]


def sample_visits(rng: np.random.Generator, ctx: Context, pats: Patients, refs: Referrals,
                  first: np.ndarray) -> Visits:
    """All visits of a block before truncation at death, cut-off and the data gap."""
    referral, day, pos = _planned_series(rng, refs, first)
    planned = ~((pos > 0) & (rng.random(len(day)) < 0.03))
    has_visits = np.bincount(referral, minlength=len(refs)) > 0
    last = np.full(len(refs), -1, dtype=np.int64)
    np.maximum.at(last, referral, day)

    early_idx = np.flatnonzero(has_visits & (rng.random(len(refs)) < 0.015))
    early_day = refs.received[early_idx] - 1 - (rng.random(len(early_idx)) * 14).astype(np.int64)
    after_idx = np.flatnonzero(has_visits & (rng.random(len(refs)) < 0.08))
    after_day = last[after_idx] + 3 + (rng.random(len(after_idx)) * 45).astype(np.int64)

    ref_of_row = np.concatenate([referral, early_idx, after_idx])
    referral_id = np.concatenate([referral, early_idx, np.full(len(after_idx), -1)])
    day = np.concatenate([day, early_day, after_day])
    planned = np.concatenate([planned, np.ones(len(early_idx), bool),
                              np.zeros(len(after_idx), bool)])
    n = len(day)
    care = refs.care_level[ref_of_row]
    contact = choose_rows(rng, CONTACT_BY_CARE_LEVEL[care])
    status = choose(rng, STATUS_PROBABILITY, n)
    attended = status == ATTENDED
    p_coord = np.where(day >= ctx.intervention_day, effects.COORDINATED_PROBABILITY_AFTER,
                       effects.COORDINATED_PROBABILITY_BEFORE)
    p_coord = p_coord * np.where(refs.group[ref_of_row] == STROKE, 1.5, 1.0)
    coordinated = attended & (rng.random(n) < p_coord)
    kva = np.where(attended & (rng.random(n) < 0.7),
                   (rng.random(n) * len(clinical.KVA_CODES)).astype(np.int64), -1)
    remote = np.isin(contact, [2, 3])
    duration = np.where(
        remote, np.array([15, 20, 30])[choose(rng, [0.4, 0.4, 0.2], n)],
        np.array([30, 45, 60, 90])[choose(rng, [0.25, 0.4, 0.3, 0.05], n)],
    )
    duration = np.where(contact == 4, 60, duration)
    cost = duration * SEK_PER_MINUTE[care] + np.where(contact == 1, 250.0, 0.0)
    cost = np.where(attended & (rng.random(n) >= 0.05), np.round(cost, 2), np.nan)
    return Visits(
        patient=refs.patient[ref_of_row], referral=referral_id, unit=refs.unit[ref_of_row],
        day=day, profession=refs.profession[ref_of_row], contact_type=contact, status=status,
        planned=planned, coordinated=coordinated, kva=kva,
        duration=np.where(attended, duration, -1), cost=cost, care_level=care,
    )
