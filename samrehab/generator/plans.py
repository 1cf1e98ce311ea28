"""Rehabilitation plans of one block, and the record audits (journalgranskning) of some of them.

Most episodes get a plan shortly after the first attended visit (stroke / hip-fracture plans are
often made during the hospital stay); most plans carry the referral id, the rest only share
patient and unit. The five guideline criteria are met far more often from the intervention date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samrehab.generator import effects
from samrehab.generator.context import Context
from samrehab.generator.referrals import PRIMARY, SPECIALIST

PLAN_STATUSES: tuple[str, ...] = ("active", "completed", "cancelled")
ACTIVE, COMPLETED, CANCELLED = 0, 1, 2
GOALS_MET: tuple[str, ...] = ("yes", "partly", "no")
AUDIT_CRITERIA: tuple[str, ...] = effects.PLAN_CRITERIA


@dataclass
class Plans:
    """Column arrays of a block's plans (``referral`` -1 when linked by patient and unit only)."""

    patient: np.ndarray
    referral: np.ndarray
    unit: np.ndarray
    created: np.ndarray
    criteria: np.ndarray  # bool [n, 5] in effects.PLAN_CRITERIA order
    follow_up_planned: np.ndarray  # -1 = null
    followed_up: np.ndarray  # -1 = null
    shared_with_patient: np.ndarray
    shared_with_next_provider: np.ndarray
    status: np.ndarray
    closed: np.ndarray  # -1 = null
    goals_met: np.ndarray  # -1 = null

    def __len__(self) -> int:
        return len(self.patient)


def sample_plans(rng: np.random.Generator, ctx: Context, *, ref_patient: np.ndarray,
                 ref_unit: np.ndarray, ref_care_level: np.ndarray, ref_received: np.ndarray,
                 ref_first_attended: np.ndarray, ref_stay_discharge: np.ndarray,
                 ref_closed: np.ndarray, ref_completed: np.ndarray,
                 patient_last_day: np.ndarray) -> Plans:
    """Plans for referrals with an attended first visit (``ref_first_attended`` -1 = none).

    ``patient_last_day`` is the last day a patient may have events (death or cut-off).
    """
    n_ref = len(ref_patient)
    after = ref_first_attended >= ctx.intervention_day
    p_plan = np.select([ref_care_level == SPECIALIST, ref_care_level == PRIMARY],
                       [0.85, 0.50], 0.75) + 0.10 * after
    has = (ref_first_attended >= 0) & (rng.random(n_ref) < p_plan)
    idx = np.flatnonzero(has)
    n = len(idx)
    in_stay = (ref_stay_discharge[idx] >= 0) & (rng.random(n) < 0.5)
    stay_days = np.maximum(ref_stay_discharge[idx] - ref_received[idx], 0)
    created = np.where(
        in_stay, ref_received[idx] + (rng.random(n) * (stay_days + 1)).astype(np.int64),
        ref_first_attended[idx] + (rng.random(n) * 11).astype(np.int64),
    )
    last_day = patient_last_day[ref_patient[idx]]
    ok = created <= last_day
    idx, created, last_day = idx[ok], created[ok], last_day[ok]
    n = len(idx)
    after = created >= ctx.intervention_day
    p = np.where(after[:, None], np.array(effects.PLAN_CRITERION_PROBABILITY_AFTER)[None, :],
                 np.array(effects.PLAN_CRITERION_PROBABILITY_BEFORE)[None, :])
    shared_u = rng.random(n)[:, None]
    own_u = rng.random((n, len(effects.PLAN_CRITERIA)))
    criteria = np.where(rng.random(n)[:, None] < 0.5, shared_u, own_u) < p
    planned_fu = np.where(criteria[:, 4], created + 30 + (rng.random(n) * 61).astype(np.int64),
                          -1)
    u = rng.random(n)
    on_time = u < np.where(after, 0.85, 0.70)
    late = ~on_time & (u < 0.9)
    followed = np.where(on_time, planned_fu - 5 + (rng.random(n) * 16).astype(np.int64),
                        np.where(late, planned_fu + 15 + (rng.random(n) * 45).astype(np.int64),
                                 -1))
    followed = np.where((planned_fu >= 0) & (followed <= last_day), followed, -1)
    followed = np.where(followed >= 0, np.maximum(followed, created), -1)

    closed = ref_closed[idx]
    completed = ref_completed[idx]
    status = np.where(closed < 0, ACTIVE, np.where(
        completed | (rng.random(n) < 0.5), COMPLETED, CANCELLED))
    closed = np.where(status == ACTIVE, -1, np.maximum(closed, created))
    goals = np.where(status == COMPLETED,
                     np.searchsorted([0.55, 0.85], rng.random(n), side="right"), -1)
    linked = rng.random(n) < 0.85
    return Plans(
        patient=ref_patient[idx], referral=np.where(linked, idx, -1), unit=ref_unit[idx],
        created=created, criteria=criteria, follow_up_planned=planned_fu, followed_up=followed,
        shared_with_patient=rng.random(n) < np.where(after, 0.7, 0.4),
        shared_with_next_provider=rng.random(n) < np.where(after, 0.6, 0.3),
        status=status, closed=closed, goals_met=goals,
    )


@dataclass
class Audits:
    """Column arrays of record-audit rows (one row per audited criterion)."""

    plan: np.ndarray
    unit: np.ndarray
    day: np.ndarray
    criterion: np.ndarray
    met: np.ndarray

    def __len__(self) -> int:
        return len(self.plan)


def sample_audits(rng: np.random.Generator, ctx: Context, plans: Plans) -> Audits:
    """Audit about one plan in ten, 3–17 weeks after creation, on every guideline criterion."""
    idx = np.flatnonzero(rng.random(len(plans)) < 0.10)
    day = plans.created[idx] + 20 + (rng.random(len(idx)) * 100).astype(np.int64)
    idx, day = idx[day <= ctx.end_day], day[day <= ctx.end_day]
    k = len(AUDIT_CRITERIA)
    plan = np.repeat(idx, k)
    criterion = np.tile(np.arange(k), len(idx))
    met = plans.criteria[plan, criterion]
    flip = rng.random(len(plan)) < 0.05  # the auditor judges differently from the record
    return Audits(plan=plan, unit=plans.unit[plan], day=np.repeat(day, k),
                  criterion=criterion, met=met ^ flip)
