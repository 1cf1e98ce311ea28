"""Unit-level entities: decision-support usage and patient stories (patientberättelser)."""

from __future__ import annotations

import numpy as np
import polars as pl

from samrehab.generator import clinical, columns
from samrehab.generator.context import Context
from samrehab.generator.sampling import choose, month_start
from samrehab.generator.staff import PROFESSION_MIX

SUPPORTS: dict[str, tuple[str, ...]] = {
    "physio": ("Fallriskbedömning", "FaR – fysisk aktivitet på recept",
               "Kunskapsstöd rehabilitering"),
    "ot": ("ADL-bedömning", "Kunskapsstöd rehabilitering"),
    "slp": ("Dysfagiscreening",),
    "dietitian": ("Nutritionsbedömning",),
}
UNIT_WEIGHT: dict[str, float] = {"specialist": 3.0, "primary": 2.0, "municipal": 1.5}
THEMES: tuple[str, ...] = ("handover", "waiting", "participation", "information")
THEME_WEIGHTS = np.array([0.3, 0.3, 0.25, 0.15])
STORY_OPENINGS: dict[str, tuple[str, ...]] = {
    "handover": (
        "Efter utskrivningen från sjukhuset dröjde det innan hemrehabiliteringen hörde av sig.",
        "Överlämningen mellan avdelningen och kommunens rehabilitering fungerade smidigt.",
        "Ingen visste vem som hade ansvar för träningen efter hemkomsten.",
    ),
    "waiting": (
        "Väntan på första besöket hos fysioterapeuten kändes lång.",
        "Jag fick tid snabbt och kom igång med träningen direkt.",
        "Under sommaren var det svårt att få en tid.",
    ),
    "participation": (
        "Jag fick vara med och sätta målen för min rehabilitering.",
        "Planen gjordes utan att någon frågade vad som var viktigt för mig.",
        "Arbetsterapeuten lyssnade på hur min vardag ser ut.",
    ),
    "information": (
        "Informationen om övningarna var tydlig och lätt att följa.",
        "Jag visste inte vart jag skulle vända mig med frågor.",
        "Planen i journalen på nätet hjälpte mig att komma ihåg vad vi kommit överens om.",
    ),
}
STORY_ENDINGS: tuple[str, ...] = (
    "Patienten önskar bättre samordning mellan vårdgivarna.",
    "Anhöriga upplevde stödet som värdefullt.",
    "Patienten är nöjd med resultatet av träningen.",
    "Patienten hade velat ha mer kontakt under perioden.",
)


def activity_rng(seed: int, stream: int) -> np.random.Generator:
    """Reproducible generator for unit-level entities."""
    return np.random.default_rng(np.random.SeedSequence([seed, 3, stream]))


def _rehab_units(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    ids = ctx.units.ids
    levels = ctx.units.frame["care_level"].to_numpy()
    rehab = np.array([uid[5] != "W" for uid in ids])
    return np.flatnonzero(rehab), levels


def sample_decision_support(ctx: Context, patients: int) -> pl.DataFrame:
    """Monthly uses per unit, profession and support; more uses from the intervention date."""
    rng = activity_rng(ctx.seed, 0)
    units, levels = _rehab_units(ctx)
    months = np.unique(month_start(np.arange(ctx.start_day, ctx.end_day + 1)))
    scale = max(patients, 1) / 20000
    rows_unit, rows_prof, rows_support, rows_mean = [], [], [], []
    for u in units:
        mix = PROFESSION_MIX[levels[u]]
        for p, name in enumerate(clinical.PROFESSIONS):
            if mix[p] == 0:
                continue
            for support in SUPPORTS[name]:
                rows_unit.append(u)
                rows_prof.append(p)
                rows_support.append(support)
                rows_mean.append(UNIT_WEIGHT[levels[u]] * 4 * mix[p] * scale)
    k = len(rows_unit)
    unit = np.tile(np.array(rows_unit), len(months))
    prof = np.tile(np.array(rows_prof), len(months))
    support = np.tile(np.array(rows_support), len(months))
    month = np.repeat(months, k)
    mean = np.tile(np.array(rows_mean), len(months)) * np.where(
        month >= ctx.intervention_day, 1.6, 1.0)
    uses = rng.poisson(mean)
    keep = uses > 0
    return pl.DataFrame({
        "event_date": columns.dates(month[keep]),
        "unit_id": ctx.units.ids[unit[keep]],
        "profession": columns.labels(clinical.PROFESSIONS, prof[keep]),
        "support_name": support[keep],
        "uses": uses[keep].astype(np.int32),
    })


def sample_patient_stories(ctx: Context, patients: int) -> pl.DataFrame:
    """Patient stories by theme with a short Swedish summary (no digits, no identities)."""
    rng = activity_rng(ctx.seed, 1)
    units, _ = _rehab_units(ctx)
    n = max(60, patients // 150)
    unit = units[(rng.random(n) * len(units)).astype(np.int64)]
    day = np.sort(ctx.start_day + (rng.random(n) * (ctx.end_day - ctx.start_day + 1)).astype(
        np.int64))
    theme = choose(rng, THEME_WEIGHTS, n)
    first = (rng.random(n) * 3).astype(np.int64)
    last = (rng.random(n) * len(STORY_ENDINGS)).astype(np.int64)
    summary = [f"{STORY_OPENINGS[THEMES[t]][f]} {STORY_ENDINGS[e]}"
               for t, f, e in zip(theme, first, last, strict=True)]
    return pl.DataFrame({
        "story_id": columns.ids("ST", 0, n, 6),
        "unit_id": ctx.units.ids[unit],
        "story_date": columns.dates(day),
        "theme": columns.labels(THEMES, theme),
        "summary": summary,
    })
