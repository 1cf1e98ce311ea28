"""Metric definitions on the sample warehouse: disclosure control holds, and the effects the
generator documents (samrehab.generator.effects.DOCUMENTED_EFFECTS) are recovered from
marts.metric_values.

Thresholds are derived from the generator's parameters: an effect counts as recovered when the
measured contrast lies closer to the documented one than to "no effect" (half way between them).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml

from samrehab.config import PROJECT_ROOT
from samrehab.generator import block, effects
from samrehab.generator.effects import DOCUMENTED_EFFECTS

GOALS = ("e1", "e2", "e3", "e4", "e5", "e6")
CELL_KEYS = ("metric_id", "period_type", "period_start", "region_code", "care_level", "dimension", "group_code")


def _threshold() -> int:
    """The configured suppression threshold (dbt var ``suppression_threshold``)."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    return int(project["vars"]["suppression_threshold"])


def _query(db_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Run one read-only query against the warehouse and return all rows."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _cells_sql() -> str:
    return " union all ".join(f"select * from intermediate.int_metric_cells_{goal}" for goal in GOALS)


# --- disclosure control -----------------------------------------------------------------------


def test_every_e5_e6_metric_has_rows(sample_warehouse: Path) -> None:
    """Every E5/E6 metric of the catalogue reaches marts.metric_values (with shown rows)."""
    catalogue = {row[0] for row in _query(
        sample_warehouse, "select metric_id from seeds.metric_catalogue where effect_goal in ('E5', 'E6')")}
    shown = {row[0] for row in _query(
        sample_warehouse,
        "select distinct metric_id from marts.metric_values where effect_goal in ('E5', 'E6') and not suppressed")}
    assert len(catalogue) == 11
    assert catalogue - shown == set()


def test_shown_cells_meet_the_person_thresholds(sample_warehouse: Path) -> None:
    """No shown row has fewer than `threshold` persons in its denominator or 1..threshold-1 persons in its
    numerator, judged by the person counts of its cell in intermediate.int_metric_cells_*."""
    threshold = _threshold()
    keys = ", ".join(CELL_KEYS)
    rows = _query(sample_warehouse, f"""
        with cells as ({_cells_sql()})
        select
            count(*) as metric_rows,
            count(cells.metric_id) as matched_rows,
            count(*) filter (
                where not values_.suppressed
                and (cells.denominator_persons < ? or cells.numerator_persons between 1 and ?)
            ) as disclosive_rows,
            count(*) filter (where values_.suppressed) as suppressed_rows
        from marts.metric_values as values_
        left join cells using ({keys})
    """, [threshold, threshold - 1])
    metric_rows, matched_rows, disclosive_rows, suppressed_rows = rows[0]
    assert metric_rows > 0
    assert matched_rows == metric_rows, "every metric_values row must come from exactly one cell"
    assert suppressed_rows > 0, "the sample is expected to contain small cells"
    assert disclosive_rows == 0


def test_no_dimension_has_exactly_one_suppressed_group(sample_warehouse: Path) -> None:
    """Within a metric, period, region, slice and dimension of two or more groups, the groups and
    their total never hold exactly one suppressed cell (secondary suppression: one unknown could be
    computed from the others). A dimension with a single group cannot protect it by a second one;
    there the group must not be recoverable from the total: when it has as many denominator persons
    as the total, the total is suppressed too."""
    more_than_one = _query(sample_warehouse, """
        select count(*) from (
            select groups_.metric_id, groups_.period_type, groups_.period_start, groups_.region_code,
                groups_.care_level, groups_.dimension,
                count(*) as groups,
                sum(case when groups_.suppressed then 1 else 0 end)
                    + max(case when totals.suppressed then 1 else 0 end) as suppressed_in_family
            from marts.metric_values as groups_
            inner join marts.metric_values as totals
                on totals.metric_id = groups_.metric_id and totals.period_type = groups_.period_type
                and totals.period_start = groups_.period_start and totals.region_code = groups_.region_code
                and totals.care_level = groups_.care_level and totals.dimension = 'total'
            where groups_.dimension <> 'total'
            group by all
        ) where groups >= 2 and suppressed_in_family = 1
    """)[0][0]
    assert more_than_one == 0
    keys = ", ".join(CELL_KEYS)
    single = _query(sample_warehouse, f"""
        with cells as ({_cells_sql()}),
        shown as (
            select values_.*, cells.denominator_persons
            from marts.metric_values as values_ inner join cells using ({keys})
        ),
        single_groups as (
            select *, count(*) over (
                partition by metric_id, period_type, period_start, region_code, care_level, dimension
            ) as groups
            from shown where dimension <> 'total'
        )
        select count(*) filter (where single.suppressed) as suppressed_single,
            count(*) filter (where single.suppressed and not total.suppressed
                and single.denominator_persons = total.denominator_persons) as recoverable
        from single_groups as single
        inner join shown as total
            on total.metric_id = single.metric_id and total.period_type = single.period_type
            and total.period_start = single.period_start and total.region_code = single.region_code
            and total.care_level = single.care_level and total.dimension = 'total'
        where single.groups = 1
    """)
    suppressed_single, recoverable = single[0]
    assert suppressed_single > 0, "the sample is expected to contain suppressed single-group dimensions"
    assert recoverable == 0


def test_story_text_never_leaves_raw(sample_warehouse: Path) -> None:
    """Patient stories are only counted: no relation outside `raw` (and its `history` of replaced rows, which
    only the pipeline reads) has the free-text column."""
    leaked = _query(sample_warehouse, """
        select table_schema || '.' || table_name from information_schema.columns
        where column_name = 'summary' and table_schema not in ('raw', 'history')
    """)
    assert leaked == []
    themes = _query(sample_warehouse, """
        select count(distinct group_code) from marts.metric_values
        where metric_id = 'E5.patient_stories_count' and dimension = 'theme'
    """)[0][0]
    assert themes >= 2


# --- documented effects -----------------------------------------------------------------------


def test_fast_track_waits_are_shorter(sample_warehouse: Path) -> None:
    """fast_track: stroke and hip fracture wait much less than musculoskeletal, every region and year."""
    assert "fast_track" in DOCUMENTED_EFFECTS
    # The documented measured contrast is "about one week" against "about five weeks" (the
    # generator's 3-day median is counted from discharge; the wait runs from the referral, sent
    # during the stay).
    assert "one week" in DOCUMENTED_EFFECTS["fast_track"] and "five weeks" in DOCUMENTED_EFFECTS["fast_track"]
    required_ratio = (1 + 5) / 2
    rows = _query(sample_warehouse, """
        select region_code, period, group_code, value
        from marts.metric_values
        where metric_id = 'E1.wait_days_median' and period_type = 'year' and care_level = 'all'
            and dimension = 'diagnosis_group' and not suppressed
            and group_code in ('stroke', 'hip_fracture', 'musculoskeletal')
    """)
    by_cell: dict[tuple[str, str], dict[str, float]] = {}
    for region, period, group, value in rows:
        by_cell.setdefault((region, period), {})[group] = value
    compared = 0
    for cell, groups in sorted(by_cell.items()):
        fast = [groups[g] for g in effects.FAST_TRACK_GROUPS if g in groups]
        if not fast or "musculoskeletal" not in groups:
            continue
        compared += 1
        assert groups["musculoskeletal"] > required_ratio * max(fast), (cell, groups)
    assert compared >= 4, "expected both regions and at least two years to be comparable"


def test_readmissions_higher_for_80_plus(sample_warehouse: Path) -> None:
    """readmission_80plus: the 80+ share is above every younger shown band in each region and year,
    and the pooled ratio 80+ / under 80 is closer to the documented ratio than to 1."""
    assert "readmission_80plus" in DOCUMENTED_EFFECTS
    documented_ratio = effects.READMISSION_PROBABILITY["80+"] / effects.READMISSION_PROBABILITY["under_80"]
    rows = _query(sample_warehouse, """
        select region_code, period, group_code, numerator, denominator, value
        from marts.metric_values
        where metric_id = 'E6.readmission_30d_share' and period_type = 'year' and care_level = 'all'
            and dimension = 'age_band' and not suppressed
    """)
    by_cell: dict[tuple[str, str], dict[str, float]] = {}
    pooled = {"80+": [0.0, 0.0], "under_80": [0.0, 0.0]}
    for region, period, band, numerator, denominator, value in rows:
        by_cell.setdefault((region, period), {})[band] = value
        key = "80+" if band == "80+" else "under_80"
        pooled[key][0] += numerator
        pooled[key][1] += denominator
    compared = 0
    for cell, bands in sorted(by_cell.items()):
        if "80+" not in bands:
            continue
        younger = {band: value for band, value in bands.items() if band != "80+"}
        assert younger, cell
        compared += 1
        assert all(bands["80+"] > value for value in younger.values()), (cell, bands)
    assert compared >= 4
    ratio = (pooled["80+"][0] / pooled["80+"][1]) / (pooled["under_80"][0] / pooled["under_80"][1])
    assert ratio > (1 + documented_ratio) / 2, ratio


def _before_after_shares(db_path: Path, metric_id: str, intervention: date) -> dict[str, tuple[float, float]]:
    """Per region: pooled share of the shown monthly total cells in the 12 months before the
    intervention and from the intervention to the cut-off."""
    year_before = date(intervention.year - 1, intervention.month, 1)
    rows = _query(db_path, """
        select region_code,
            sum(numerator) filter (where period_start >= ? and period_start < ?)
                / sum(denominator) filter (where period_start >= ? and period_start < ?) as before_share,
            sum(numerator) filter (where period_start >= ?) / sum(denominator) filter (where period_start >= ?)
                as after_share
        from marts.metric_values
        where metric_id = ? and period_type = 'month' and care_level = 'all' and dimension = 'total'
            and not suppressed
        group by region_code
    """, [year_before, intervention, year_before, intervention, intervention, intervention, metric_id])
    return {region: (before, after) for region, before, after in rows}


def test_intervention_lowers_waits(sample_warehouse: Path) -> None:
    """intervention: the monthly median wait after 2025-09-01 is lower (waits x0.6), per region."""
    assert "intervention" in DOCUMENTED_EFFECTS
    intervention = effects.INTERVENTION_DATE
    year_before = date(intervention.year - 1, intervention.month, 1)
    rows = _query(sample_warehouse, """
        select region_code,
            median(value) filter (where period_start >= ? and period_start < ?) as before_median,
            median(value) filter (where period_start >= ?) as after_median
        from marts.metric_values
        where metric_id = 'E1.wait_days_median' and period_type = 'month' and care_level = 'all'
            and dimension = 'total' and not suppressed
        group by region_code
    """, [year_before, intervention, intervention])
    assert len(rows) == 2
    required = (1 + effects.INTERVENTION_WAIT_FACTOR) / 2
    for region, before, after in rows:
        assert after < required * before, (region, before, after)


def test_intervention_lowers_readmissions(sample_warehouse: Path) -> None:
    """intervention: E6.readmission_30d_share after 2025-09-01 is about x0.55 of the year before."""
    shares = _before_after_shares(sample_warehouse, "E6.readmission_30d_share", effects.INTERVENTION_DATE)
    assert len(shares) == 2
    required = (1 + effects.INTERVENTION_READMISSION_FACTOR) / 2
    for region, (before, after) in shares.items():
        assert after < required * before, (region, before, after)


def _positive_share(probabilities) -> float:
    """Probability of a score 4-5 from the probabilities of scores 1..5."""
    return float(probabilities[3] + probabilities[4])


@pytest.mark.parametrize(("metric_id", "documented_before", "documented_after"), [
    ("E5.participation_positive_share", _positive_share(block.SURVEY_SCORES_BEFORE[0]),
     _positive_share(block.SURVEY_SCORES_AFTER[0])),
    ("E5.continuity_positive_share", _positive_share(block.SURVEY_SCORES_BEFORE[1]),
     _positive_share(block.SURVEY_SCORES_AFTER[1])),
    ("E3.coordinated_visit_share", effects.COORDINATED_PROBABILITY_BEFORE, effects.COORDINATED_PROBABILITY_AFTER),
])
def test_intervention_raises_shares(sample_warehouse: Path, metric_id: str, documented_before: float,
                                    documented_after: float) -> None:
    """intervention: survey scores and coordinated visits rise from 2025-09-01, per region, by at
    least half the documented difference."""
    shares = _before_after_shares(sample_warehouse, metric_id, effects.INTERVENTION_DATE)
    assert len(shares) == 2
    required = (documented_after - documented_before) / 2
    for region, (before, after) in shares.items():
        assert after - before > required, (region, before, after)


def test_intervention_raises_plan_guideline_share(sample_warehouse: Path) -> None:
    """intervention: plans meet all five guideline criteria far more often (each criterion's
    probability rises; the share at least 1.5 times the year before), per region."""
    assert all(after > before for before, after in zip(
        effects.PLAN_CRITERION_PROBABILITY_BEFORE, effects.PLAN_CRITERION_PROBABILITY_AFTER, strict=True))
    shares = _before_after_shares(sample_warehouse, "E2.plan_guideline_share", effects.INTERVENTION_DATE)
    assert len(shares) == 2
    for region, (before, after) in shares.items():
        assert after > 1.5 * before, (region, before, after)
