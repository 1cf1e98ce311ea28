"""One block of patients with all their events, made consistent and turned into entity frames.

Consistency rules applied here: no event after death or after the cut-off day, no event before
the birth year, referrals closed as ``deceased`` at death, stays cut at death with
``discharge_to = deceased``, stays still running at the cut-off left without discharge, and
the data-gap unit's visits removed for the gap months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from contracts.codes import NEED_LEVELS
from samrehab.generator import admissions as adm_mod
from samrehab.generator import clinical, columns
from samrehab.generator.context import NO_DEATH, Context
from samrehab.generator.geography import MUNICIPALITIES
from samrehab.generator.patients import Patients, sample_patients
from samrehab.generator.plans import (
    AUDIT_CRITERIA,
    GOALS_MET,
    PLAN_STATUSES,
    Audits,
    Plans,
    sample_audits,
    sample_plans,
)
from samrehab.generator.referrals import (
    DECLINED,
    NO_NEED,
    NORMAL,
    NOT_ASSESSED,
    SENDERS,
    UNMET,
    Referrals,
    sample_referrals,
)
from samrehab.generator.sampling import choose, month_start, year_of
from samrehab.generator.visits import (
    ATTENDED,
    CONTACT_TYPES,
    STATUSES,
    Visits,
    first_visit_days,
    sample_visits,
)

CLOSE_REASONS: tuple[str, ...] = (
    "completed", "no_need", "declined", "referred_on", "deceased", "other",
)
COMPLETED_R, NO_NEED_R, DECLINED_R, REFERRED_ON_R, DECEASED_R, OTHER_R = range(6)
BLOCK_ENTITIES: tuple[str, ...] = (
    "patients", "referrals", "visits", "plans", "admissions", "record_audits", "patient_survey",
)
ID_PREFIX: dict[str, str] = {
    "referrals": "R", "visits": "V", "plans": "PL", "admissions": "A", "record_audits": "AU",
    "patient_survey": "PS",
}


@dataclass
class Block:
    """Entity frames of one block, in contract column order."""

    frames: dict[str, pl.DataFrame]


def block_rng(seed: int, block_index: int) -> np.random.Generator:
    """Independent, reproducible generator for one block."""
    return np.random.default_rng(np.random.SeedSequence([seed, 1, block_index]))


def _died_in_hospital(rng: np.random.Generator, ctx: Context, pats: Patients,
                      adm: adm_mod.Admissions) -> None:
    """For some deceased patients move the death to the discharge day of their last stay."""
    death = pats.death[adm.patient]
    chosen = rng.random(len(pats)) < 0.4
    cand = np.flatnonzero((death != NO_DEATH) & (adm.admit <= death) & chosen[adm.patient]
                          & (adm.discharge <= ctx.end_day))
    if len(cand) == 0:
        return
    order = cand[np.lexsort((adm.admit[cand], adm.patient[cand]))]
    last = np.concatenate([adm.patient[order][1:] != adm.patient[order][:-1], [True]])
    rows = order[last]
    pats.death[adm.patient[rows]] = adm.discharge[rows]


def _close_referrals(rng: np.random.Generator, ctx: Context, refs: Referrals,
                     last_day: np.ndarray, assessed: np.ndarray, first_planned: np.ndarray,
                     last_attended: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(refs)
    closed = np.full(n, -1, dtype=np.int64)
    reason = np.full(n, -1, dtype=np.int64)
    u = rng.random(n)
    seen = last_attended >= 0
    normal = (refs.outcome == NORMAL) | (refs.outcome == NOT_ASSESSED)
    done = normal & seen & (u < 0.9)
    closed[done] = last_attended[done] + (rng.random(done.sum()) * 21).astype(np.int64)
    reason[done] = np.array([COMPLETED_R, REFERRED_ON_R, OTHER_R])[
        choose(rng, [0.85, 0.10, 0.05], int(done.sum()))]
    never = normal & ~seen & (first_planned + 60 <= ctx.end_day)
    closed[never], reason[never] = first_planned[never] + 60, OTHER_R
    has_assessment = assessed >= 0
    for outcome, code, lo, span in ((DECLINED, DECLINED_R, 1, 20), (NO_NEED, NO_NEED_R, 0, 6)):
        mask = (refs.outcome == outcome) & has_assessment
        closed[mask] = assessed[mask] + lo + (rng.random(mask.sum()) * span).astype(np.int64)
        reason[mask] = code
    unmet = (refs.outcome == UNMET) & (u < 0.5)
    closed[unmet] = refs.received[unmet] + 150 + (rng.random(unmet.sum()) * 100).astype(np.int64)
    reason[unmet] = OTHER_R
    closed = np.where(closed >= 0, np.maximum(closed, np.maximum(assessed, refs.received)), -1)
    late = closed > ctx.end_day
    closed[late], reason[late] = -1, -1
    dead = (last_day < ctx.end_day) & ((closed < 0) | (closed > last_day))
    closed[dead], reason[dead] = last_day[dead], DECEASED_R
    return closed, reason


def generate_block(ctx: Context, block_index: int, n_patients: int,
                   offsets: dict[str, int]) -> Block:
    """Generate ``n_patients`` patients with their events; ``offsets`` are the numbers of ids
    already used per entity (patients included)."""
    rng = block_rng(ctx.seed, block_index)
    pats = sample_patients(rng, ctx, n_patients)
    refs = sample_referrals(rng, ctx, pats)
    adm, stay_discharge = adm_mod.sample_admissions(rng, ctx, pats, refs)
    _died_in_hospital(rng, ctx, pats, adm)
    first_planned = first_visit_days(rng, ctx, pats, refs, stay_discharge)
    vis = sample_visits(rng, ctx, pats, refs, first_planned)

    last_day = np.minimum(pats.death, ctx.end_day)
    # Referrals: none after death or before birth.
    keep_ref = (refs.received <= last_day[refs.patient]) & (
        year_of(refs.received) >= pats.birth_year[refs.patient])
    new_index = np.cumsum(keep_ref) - 1
    refs = refs.take(keep_ref)
    stay_discharge, first_planned = stay_discharge[keep_ref], first_planned[keep_ref]

    # Visits: within life, cut-off, birth year, referral kept, outside the data gap.
    vis_ok = (vis.day <= last_day[vis.patient]) & (year_of(vis.day) >= pats.birth_year[
        vis.patient])
    vis_ok &= (vis.referral < 0) | keep_ref[np.maximum(vis.referral, 0)]
    vis_ok &= ~((vis.unit == ctx.gap_unit) & np.isin(month_start(vis.day), ctx.gap_months))
    vis = vis.take(vis_ok)
    vis.referral = np.where(vis.referral >= 0, new_index[np.maximum(vis.referral, 0)], -1)
    order = np.lexsort((vis.day, vis.patient))
    vis = vis.take(order)

    # Admissions: within life and cut-off; cut at death; open at the cut-off.
    adm_ok = (adm.admit <= last_day[adm.patient]) & (year_of(adm.admit) >= pats.birth_year[
        adm.patient])
    adm = adm.take(adm_ok)
    death_of = pats.death[adm.patient]
    dies = adm.discharge >= death_of
    adm.discharge = np.where(dies, death_of, adm.discharge)
    adm.discharge_to = np.where(dies, adm_mod.DECEASED, adm.discharge_to)
    still_in = adm.discharge > ctx.end_day
    adm.discharge_to = np.where(still_in, -1, adm.discharge_to)
    adm_order = np.lexsort((adm.admit, adm.patient))
    adm = adm.take(adm_order)
    still_in = adm.discharge > ctx.end_day

    # Referral assessment and closing.
    n_ref = len(refs)
    ref_last = last_day[refs.patient]
    assessed = np.where(
        refs.fast_track, refs.received + (rng.random(n_ref) * 2).astype(np.int64),
        refs.received + rng.exponential(np.where(refs.outcome == NORMAL, 3.0, 8.0)).astype(
            np.int64),
    )
    assessed = np.minimum(assessed, np.maximum(first_planned, refs.received))
    assessed = np.where((refs.outcome == NOT_ASSESSED) | (assessed > ref_last), -1, assessed)
    attended = (vis.status == ATTENDED) & (vis.referral >= 0)
    on_after = attended & (vis.day >= refs.received[np.maximum(vis.referral, 0)])
    first_att = np.full(n_ref, np.iinfo(np.int64).max)
    np.minimum.at(first_att, vis.referral[on_after], vis.day[on_after])
    first_att = np.where(first_att == np.iinfo(np.int64).max, -1, first_att)
    last_att = np.full(n_ref, -1, dtype=np.int64)
    np.maximum.at(last_att, vis.referral[attended], vis.day[attended])
    closed, reason = _close_referrals(rng, ctx, refs, ref_last, assessed, first_planned, last_att)
    need = np.where(refs.outcome == NO_NEED, 0, 1)
    need_null = assessed < 0

    plans = sample_plans(
        rng, ctx, ref_patient=refs.patient, ref_unit=refs.unit, ref_care_level=refs.care_level,
        ref_received=refs.received, ref_first_attended=first_att, ref_stay_discharge=stay_discharge,
        ref_closed=closed, ref_completed=reason == COMPLETED_R, patient_last_day=last_day,
    )
    audits = sample_audits(rng, ctx, plans)

    frames = {
        "patients": _patients_frame(ctx, pats, offsets["patients"]),
        "referrals": _referrals_frame(ctx, refs, offsets, assessed, need, need_null, closed,
                                      reason),
        "visits": _visits_frame(ctx, vis, offsets),
        "plans": _plans_frame(ctx, plans, offsets),
        "admissions": _admissions_frame(ctx, adm, still_in, offsets),
        "record_audits": _audits_frame(ctx, audits, offsets),
        "patient_survey": _survey_frame(rng, ctx, vis, last_day, offsets),
    }
    return Block(frames)


def _patient_ids(ctx: Context, offsets: dict[str, int], index: np.ndarray) -> pl.Series:
    return columns.id_refs("P", offsets["patients"], index, ctx.id_width_patient)


def _patients_frame(ctx: Context, pats: Patients, offset: int) -> pl.DataFrame:
    codes = np.array([m.code for m in MUNICIPALITIES])
    return pl.DataFrame({
        "patient_id": columns.ids("P", offset, len(pats), ctx.id_width_patient),
        "birth_year": pats.birth_year.astype(np.int32),
        "sex": pats.sex,
        "municipality_code": codes[pats.municipality],
        "deceased_date": columns.dates(np.where(pats.death == NO_DEATH, 0, pats.death),
                                       pats.death == NO_DEATH),
    })


def _referrals_frame(ctx: Context, refs: Referrals, offsets: dict[str, int],
                     assessed: np.ndarray, need: np.ndarray, need_null: np.ndarray,
                     closed: np.ndarray, reason: np.ndarray) -> pl.DataFrame:
    n = len(refs)
    return pl.DataFrame({
        "referral_id": columns.ids("R", offsets["referrals"], n),
        "patient_id": _patient_ids(ctx, offsets, refs.patient),
        "unit_id": ctx.units.ids[refs.unit],
        "received_date": columns.dates(refs.received),
        "sender_care_level": columns.labels(SENDERS, refs.sender),
        "profession": columns.labels(clinical.PROFESSIONS, refs.profession),
        "diagnosis_code": refs.code,
        "need_level": columns.labels(NEED_LEVELS, refs.need_level),
        "assessed_date": columns.dates(np.maximum(assessed, 0), assessed < 0),
        "need_confirmed": columns.nullable_bool(need, need_null),
        "closed_date": columns.dates(np.maximum(closed, 0), closed < 0),
        "close_reason": columns.labels(CLOSE_REASONS, reason),
    })


def _visits_frame(ctx: Context, vis: Visits, offsets: dict[str, int]) -> pl.DataFrame:
    n = len(vis)
    return pl.DataFrame({
        "visit_id": columns.ids("V", offsets["visits"], n),
        "patient_id": _patient_ids(ctx, offsets, vis.patient),
        "referral_id": columns.id_refs("R", offsets["referrals"], vis.referral),
        "unit_id": ctx.units.ids[vis.unit],
        "visit_date": columns.dates(vis.day),
        "profession": columns.labels(clinical.PROFESSIONS, vis.profession),
        "contact_type": columns.labels(CONTACT_TYPES, vis.contact_type),
        "status": columns.labels(STATUSES, vis.status),
        "planned": vis.planned,
        "coordinated": vis.coordinated,
        "kva_code": columns.labels(clinical.KVA_CODES, vis.kva),
        "duration_minutes": columns.nullable_int(vis.duration, vis.duration < 0),
        "cost_sek": columns.nullable_float(vis.cost),
    })


def _plans_frame(ctx: Context, plans: Plans, offsets: dict[str, int]) -> pl.DataFrame:
    n = len(plans)
    c = plans.criteria
    return pl.DataFrame({
        "plan_id": columns.ids("PL", offsets["plans"], n),
        "patient_id": _patient_ids(ctx, offsets, plans.patient),
        "referral_id": columns.id_refs("R", offsets["referrals"], plans.referral),
        "unit_id": ctx.units.ids[plans.unit],
        "created_date": columns.dates(plans.created),
        "goals_documented": c[:, 0],
        "icf_coded": c[:, 1],
        "patient_participated": c[:, 2],
        "responsibilities_assigned": c[:, 3],
        "follow_up_planned_date": columns.dates(np.maximum(plans.follow_up_planned, 0),
                                                plans.follow_up_planned < 0),
        "followed_up_date": columns.dates(np.maximum(plans.followed_up, 0),
                                          plans.followed_up < 0),
        "shared_with_patient": plans.shared_with_patient,
        "shared_with_next_provider": plans.shared_with_next_provider,
        "status": columns.labels(PLAN_STATUSES, plans.status),
        "closed_date": columns.dates(np.maximum(plans.closed, 0), plans.closed < 0),
        "goals_met": columns.labels(GOALS_MET, plans.goals_met),
    })


def _admissions_frame(ctx: Context, adm: adm_mod.Admissions, still_in: np.ndarray,
                      offsets: dict[str, int]) -> pl.DataFrame:
    n = len(adm)
    los = np.maximum(adm.discharge - adm.admit, 1)
    cost = np.where(still_in, np.nan, np.round(los * 8500.0 + 3500.0, 2))
    return pl.DataFrame({
        "admission_id": columns.ids("A", offsets["admissions"], n),
        "patient_id": _patient_ids(ctx, offsets, adm.patient),
        "unit_id": ctx.units.ids[adm.unit],
        "admit_date": columns.dates(adm.admit),
        "discharge_date": columns.dates(np.where(still_in, 0, adm.discharge), still_in),
        "admission_type": columns.labels(adm_mod.ADMISSION_TYPES, adm.admission_type),
        "main_diagnosis_code": adm.code,
        "discharge_to": columns.labels(adm_mod.DISCHARGE_TO, adm.discharge_to),
        "cost_sek": columns.nullable_float(cost),
    })


def _audits_frame(ctx: Context, audits: Audits, offsets: dict[str, int]) -> pl.DataFrame:
    return pl.DataFrame({
        "audit_id": columns.ids("AU", offsets["record_audits"], len(audits)),
        "unit_id": ctx.units.ids[audits.unit],
        "audit_date": columns.dates(audits.day),
        "plan_id": columns.id_refs("PL", offsets["plans"], audits.plan),
        "criterion": columns.labels(AUDIT_CRITERIA, audits.criterion),
        "met": audits.met,
    })


SURVEY_SCORES_BEFORE = (np.array([0.05, 0.10, 0.25, 0.35, 0.25]),
                        np.array([0.08, 0.12, 0.30, 0.30, 0.20]))
SURVEY_SCORES_AFTER = (np.array([0.03, 0.06, 0.16, 0.37, 0.38]),
                       np.array([0.04, 0.08, 0.20, 0.38, 0.30]))


def _survey_frame(rng: np.random.Generator, ctx: Context, vis: Visits, last_day: np.ndarray,
                  offsets: dict[str, int]) -> pl.DataFrame:
    """Patient survey responses for about one attended visit in twenty."""
    idx = np.flatnonzero((vis.status == ATTENDED) & (rng.random(len(vis)) < 0.05))
    day = vis.day[idx] + (rng.random(len(idx)) * 15).astype(np.int64)
    named = rng.random(len(idx)) < 0.7
    ok = (day <= ctx.end_day) & (~named | (day <= last_day[vis.patient[idx]]))
    idx, day, named = idx[ok], day[ok], named[ok]
    n = len(idx)
    after = day >= ctx.intervention_day
    scores = []
    for before_p, after_p in zip(SURVEY_SCORES_BEFORE, SURVEY_SCORES_AFTER, strict=True):
        s = np.where(after, choose(rng, after_p, n), choose(rng, before_p, n)) + 1
        scores.append(s.astype(np.int32))
    return pl.DataFrame({
        "response_id": columns.ids("PS", offsets["patient_survey"], n),
        "unit_id": ctx.units.ids[vis.unit[idx]],
        "response_date": columns.dates(day),
        "patient_id": _patient_ids(ctx, offsets, np.where(named, vis.patient[idx], -1)),
        "participation_score": scores[0],
        "continuity_score": scores[1],
    })
