"""Write a complete synthetic delivery: all 15 entities of the extract contract plus
``manifest.json``, streamed block by block so memory stays bounded at any size."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from samrehab.generator.block import BLOCK_ENTITIES, generate_block
from samrehab.generator.context import build_context
from samrehab.generator.population import population_frame
from samrehab.generator.sampling import year_of
from samrehab.generator.staff import (
    sample_staff,
    sample_staff_survey,
    sample_time_use,
    sample_training,
)
from samrehab.generator.unit_activity import sample_decision_support, sample_patient_stories
from samrehab.generator.writer import DeliveryWriter

GENERATOR_VERSION = "1.0"
BLOCK_SIZE = 50_000
ENTITIES: tuple[str, ...] = (
    "patients", "units", "referrals", "visits", "plans", "admissions", "population",
    "record_audits", "decision_support_usage", "staff", "time_use", "training", "staff_survey",
    "patient_survey", "patient_stories",
)


def generate_delivery(out_dir: Path, patients: int, seed: int, start: date, end: date,
                      extract_date: date | None = None, unknown_sex_share: float = 0.003,
                      missing_need_share: float = 0.04) -> dict[str, int]:
    """Generate a delivery into ``out_dir``; returns rows written per entity.

    Deterministic: the same arguments give byte-identical files. Patients are generated in
    blocks of :data:`BLOCK_SIZE` with a random stream per block derived from ``seed``.
    ``unknown_sex_share`` and ``missing_need_share`` set the shares of patients with sex U and of
    referrals without a need level (disclosure-control tests use large shares).
    """
    if patients < 1:
        raise ValueError("patients must be at least 1")
    if end < start:
        raise ValueError("end must not be before start")
    for name, share in (("unknown_sex_share", unknown_sex_share), ("missing_need_share", missing_need_share)):
        if not 0 <= share <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {share}")
    extract = extract_date or end
    ctx = build_context(seed, start, end, extract, patients, unknown_sex_share, missing_need_share)
    out_dir = Path(out_dir)
    offsets = dict.fromkeys(BLOCK_ENTITIES, 0)
    with DeliveryWriter(out_dir) as writer:
        writer.append("units", ctx.units.frame)
        first_year = int(year_of([ctx.start_day])[0])
        last_year = int(year_of([ctx.end_day])[0])
        writer.append("population", population_frame(list(range(first_year, last_year + 1))))
        staff = sample_staff(ctx)
        writer.append("staff", staff)
        writer.append("time_use", sample_time_use(ctx, staff))
        writer.append("training", sample_training(ctx, staff))
        writer.append("staff_survey", sample_staff_survey(ctx, staff))
        writer.append("decision_support_usage", sample_decision_support(ctx, patients))
        writer.append("patient_stories", sample_patient_stories(ctx, patients))
        for block_index, first in enumerate(range(0, patients, BLOCK_SIZE)):
            size = min(BLOCK_SIZE, patients - first)
            block = generate_block(ctx, block_index, size, offsets)
            for entity in BLOCK_ENTITIES:
                frame = block.frames[entity]
                writer.append(entity, frame)
                offsets[entity] += frame.height
    manifest = {"extract_date": extract.isoformat(),
                "source_system": f"samrehab-generator {GENERATOR_VERSION}"}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                           encoding="utf-8")
    return {entity: writer.rows.get(entity, 0) for entity in ENTITIES}
