"""Staff of the rehabilitation units and what is recorded about them: time studies, training
and the staff survey.

Headcount per unit depends on the unit type and the population it serves; a quarter of the
staff leave during the period (turnover) and are replaced 1–4 months later. Time studies run one
week per quarter (March, May, September, November); from the intervention date more of the time
is spent on tasks within the profession's competence, training is more frequent and the
competence-development score is higher.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from samrehab.generator import clinical, columns
from samrehab.generator.context import Context
from samrehab.generator.geography import MUNICIPALITIES
from samrehab.generator.sampling import choose, day_number, year_of

STAFF_BY_CARE_LEVEL: dict[str, tuple[int, int]] = {
    "specialist": (8, 16), "primary": (3, 7), "municipal": (2, 4),
}
PROFESSION_MIX: dict[str, tuple[float, ...]] = {
    "specialist": (0.45, 0.35, 0.12, 0.08), "primary": (0.70, 0.30, 0.0, 0.0),
    "municipal": (0.55, 0.45, 0.0, 0.0),
}
FTE_VALUES = np.array([1.0, 0.9, 0.8, 0.75, 0.5])
FTE_WEIGHTS = np.array([0.55, 0.1, 0.15, 0.1, 0.1])
TASKS: tuple[str, ...] = (
    "direct_patient_work", "documentation", "team_coordination", "administration",
    "non_clinical_service", "travel",
)
TASK_IN_COMPETENCE = np.array([True, True, True, False, False, False])
TASK_SHARE_BEFORE = np.array([0.48, 0.17, 0.08, 0.13, 0.09, 0.05])
TASK_SHARE_AFTER = np.array([0.55, 0.16, 0.09, 0.09, 0.06, 0.05])
TRAINING_TYPES: tuple[str, ...] = ("course", "mentorship", "seminar", "network")
TRAINING_WEIGHTS = np.array([0.3, 0.25, 0.3, 0.15])
TRAINING_HOURS = (np.array([8.0, 16.0, 24.0]), np.array([1.0, 1.5, 2.0]),
                  np.array([2.0, 3.0]), np.array([3.0, 4.0]))
TRAINING_RATE_BEFORE, TRAINING_RATE_AFTER = 2.5, 4.5  # events per FTE-year
SURVEY_MONTH_DAY: tuple[tuple[int, int], ...] = ((3, 15), (10, 15))
SURVEY_SCORE_BEFORE = np.array([0.08, 0.2, 0.35, 0.27, 0.10])
SURVEY_SCORE_AFTER = np.array([0.04, 0.12, 0.30, 0.36, 0.18])
TIME_STUDY_MONTHS: tuple[int, ...] = (3, 5, 9, 11)


def staff_rng(seed: int, stream: int) -> np.random.Generator:
    """Reproducible generator for the staff-level entities."""
    return np.random.default_rng(np.random.SeedSequence([seed, 2, stream]))


def sample_staff(ctx: Context) -> pl.DataFrame:
    """The ``staff`` entity for all rehabilitation units (wards excluded)."""
    rng = staff_rng(ctx.seed, 0)
    units = ctx.units.frame
    pop = {m.code: m.population for m in MUNICIPALITIES}
    rows: list[tuple[int, int]] = []  # (unit index, profession)
    for i, (uid, level, muni) in enumerate(
        units.select("unit_id", "care_level", "municipality_code").iter_rows()
    ):
        if uid[5] == "W":
            continue
        lo, hi = STAFF_BY_CARE_LEVEL[level]
        size = lo + int(rng.integers(0, hi - lo + 1)) + pop[muni] // 20000
        for p in choose(rng, np.array(PROFESSION_MIX[level]), size):
            rows.append((i, int(p)))
    unit = np.array([r[0] for r in rows])
    prof = np.array([r[1] for r in rows])
    n = len(rows)
    before_start = rng.random(n) < 0.85
    start = np.where(
        before_start, ctx.start_day - 1 - (rng.random(n) * 5000).astype(np.int64),
        ctx.start_day + (rng.random(n) * (ctx.end_day - ctx.start_day)).astype(np.int64),
    )
    leaves = rng.random(n) < 0.25
    end = start + 30 + (rng.random(n) * (ctx.end_day - ctx.start_day)).astype(np.int64)
    end = np.maximum(end, ctx.start_day + (rng.random(n) * 60).astype(np.int64))
    leaves &= end <= ctx.end_day
    # Replacements for those who left.
    idx = np.flatnonzero(leaves)
    rep_start = end[idx] + 30 + (rng.random(len(idx)) * 90).astype(np.int64)
    ok = rep_start <= ctx.end_day
    unit = np.concatenate([unit, unit[idx[ok]]])
    prof = np.concatenate([prof, prof[idx[ok]]])
    start = np.concatenate([start, rep_start[ok]])
    end = np.concatenate([np.where(leaves, end, -1), np.full(ok.sum(), -1)])
    fte = FTE_VALUES[choose(rng, FTE_WEIGHTS, len(unit))]
    return pl.DataFrame({
        "staff_id": columns.ids("S", 0, len(unit), 5),
        "unit_id": ctx.units.ids[unit],
        "profession": columns.labels(clinical.PROFESSIONS, prof),
        "employment_start": columns.dates(start),
        "employment_end": columns.dates(np.maximum(end, 0), end < 0),
        "fte": fte,
    })


def _employment(staff: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    start = staff["employment_start"].cast(pl.Int64).to_numpy()
    end = staff["employment_end"].cast(pl.Int64).fill_null(np.iinfo(np.int32).max).to_numpy()
    return staff["staff_id"].to_numpy(), start, end, staff["fte"].to_numpy()


def time_study_weeks(ctx: Context) -> np.ndarray:
    """Monday on or after the 8th of each time-study month within the period."""
    weeks = []
    for year in range(int(year_of(np.array([ctx.start_day]))[0]),
                      int(year_of(np.array([ctx.end_day]))[0]) + 1):
        for month in TIME_STUDY_MONTHS:
            d = day_number(date(year, month, 8))
            monday = d + (-(d - 4)) % 7  # 1970-01-05 (day 4) was a Monday
            if ctx.start_day <= monday and monday + 6 <= ctx.end_day:
                weeks.append(monday)
    return np.array(weeks, dtype=np.int64)


def sample_time_use(ctx: Context, staff: pl.DataFrame) -> pl.DataFrame:
    """The ``time_use`` entity: minutes per task category in the time-study weeks."""
    rng = staff_rng(ctx.seed, 1)
    sid, start, end, fte = _employment(staff)
    weeks = time_study_weeks(ctx)
    s_idx, w_idx = np.meshgrid(np.arange(len(sid)), np.arange(len(weeks)), indexing="ij")
    s_idx, w_idx = s_idx.ravel(), w_idx.ravel()
    week = weeks[w_idx]
    take = (start[s_idx] <= week) & (end[s_idx] >= week + 6) & (rng.random(len(week)) < 0.85)
    s_idx, week = s_idx[take], week[take]
    k = len(TASKS)
    row_staff, row_week = np.repeat(s_idx, k), np.repeat(week, k)
    task = np.tile(np.arange(k), len(s_idx))
    share = np.where(row_week >= ctx.intervention_day, TASK_SHARE_AFTER[task],
                     TASK_SHARE_BEFORE[task])
    minutes = np.rint(2400 * fte[row_staff] * share * rng.lognormal(0, 0.25, len(task)))
    keep = minutes > 0
    return pl.DataFrame({
        "staff_id": sid[row_staff[keep]],
        "week_start": columns.dates(row_week[keep]),
        "task_category": columns.labels(TASKS, task[keep]),
        "minutes": minutes[keep].astype(np.int32),
        "in_competence": TASK_IN_COMPETENCE[task[keep]],
    })


def sample_training(ctx: Context, staff: pl.DataFrame) -> pl.DataFrame:
    """The ``training`` entity: events per staff member, more frequent after the intervention."""
    rng = staff_rng(ctx.seed, 2)
    sid, start, end, fte = _employment(staff)
    lo = np.maximum(start, ctx.start_day)
    hi = np.minimum(end, ctx.end_day)
    years = np.clip(hi - lo, 0, None) / 365.25
    count = rng.poisson(TRAINING_RATE_AFTER * fte * years)
    s_idx = np.repeat(np.arange(len(sid)), count)
    day = lo[s_idx] + (rng.random(len(s_idx)) * (hi[s_idx] - lo[s_idx] + 1)).astype(np.int64)
    keep_p = np.where(day >= ctx.intervention_day, 1.0,
                      TRAINING_RATE_BEFORE / TRAINING_RATE_AFTER)
    keep = rng.random(len(day)) < keep_p
    s_idx, day = s_idx[keep], day[keep]
    kind = choose(rng, TRAINING_WEIGHTS, len(day))
    hours = np.zeros(len(day))
    for k, options in enumerate(TRAINING_HOURS):
        mask = kind == k
        hours[mask] = options[(rng.random(mask.sum()) * len(options)).astype(np.int64)]
    frame = pl.DataFrame({
        "staff_id": sid[s_idx],
        "event_date": columns.dates(day),
        "event_type": columns.labels(TRAINING_TYPES, kind),
        "hours": hours,
    })
    return frame.unique(["staff_id", "event_date", "event_type"], keep="first",
                        maintain_order=True).sort("staff_id", "event_date", "event_type")


def sample_staff_survey(ctx: Context, staff: pl.DataFrame) -> pl.DataFrame:
    """The ``staff_survey`` entity: twice a year; a quarter of the answers are anonymous."""
    rng = staff_rng(ctx.seed, 3)
    sid, start, end, _ = _employment(staff)
    parts = []
    first_year = int(year_of(np.array([ctx.start_day]))[0])
    last_year = int(year_of(np.array([ctx.end_day]))[0])
    for year in range(first_year, last_year + 1):
        for month, day_of_month in SURVEY_MONTH_DAY:
            d = day_number(date(year, month, day_of_month))
            if not ctx.start_day <= d <= ctx.end_day:
                continue
            resp = np.flatnonzero((start <= d) & (end >= d) & (rng.random(len(sid)) < 0.7))
            p = SURVEY_SCORE_AFTER if d >= ctx.intervention_day else SURVEY_SCORE_BEFORE
            anonymous = rng.random(len(resp)) < 0.25
            ids = pl.Series(sid[resp]).set(pl.Series(anonymous), None) if anonymous.any() \
                else pl.Series(sid[resp])
            parts.append(pl.DataFrame({
                "staff_id": ids,
                "survey_date": columns.dates(np.full(len(resp), d)),
                "competence_development_score": (choose(rng, p, len(resp)) + 1).astype(np.int32),
            }))
    return pl.concat(parts) if parts else pl.DataFrame(schema={
        "staff_id": pl.String, "survey_date": pl.Date, "competence_development_score": pl.Int32})
