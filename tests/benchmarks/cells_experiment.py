"""Experiment behind BENCHMARKS.md's analysis: what the metric-cell aggregation costs, and what cheaper
formulations of the same cells would cost, on a built warehouse (not part of ``make bench``).

Takes ``mc_e3_coordinated_visits`` (attended visits; 7 breakdown dimensions) as the example: the model
as compiled by dbt, then the same cells computed (a) with only the aggregates a proportion needs,
(b) with persons counted in two phases (sum per person first, then count persons) instead of
``count(distinct)``, (c) from rows pre-aggregated per person and month, with grouping sets, and
(d) without person counts at all (the floor). Every variant must give the same totals; the script
prints wall and CPU seconds of each.

    python -m tests.benchmarks.cells_experiment /tmp/bench_data/1m/warehouse.duckdb
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

DIMENSIONS = ["municipality_code", "care_level", "profession", "diagnosis_group", "age_band", "sex", "need_level"]
OBSERVATIONS = """
select visit_date as attribution_date, region_code, care_level, municipality_code, profession, diagnosis_group,
       age_band, sex, need_level, patient_id as person_id,
       case when coordinated then 1 else 0 end as numerator_value, 1 as denominator_value
from intermediate.int_attended_visits
"""
CELL_KEYS = "period_type, period_start, region_code, care_level_slice"


def _expanded(aggregation: str) -> str:
    """The macro's expansion (periods × care-level slices × dimensions) followed by ``aggregation``."""
    parts = []
    for dimension in ["total", *DIMENSIONS]:
        group = "'total'" if dimension == "total" else f"cast({dimension} as varchar)"
        where = "" if dimension == "total" else f"where {dimension} is not null"
        parts.append(f"select {CELL_KEYS}, '{dimension}' as dimension, {group} as group_code, person_id, "
                     f"numerator_value, denominator_value from by_slice {where}")
    union = "\n union all ".join(parts)
    return f"""
with observations as ({OBSERVATIONS}),
by_period as (
    select *, 'month' as period_type, cast(date_trunc('month', attribution_date) as date) as period_start
    from observations union all
    select *, 'quarter', cast(date_trunc('quarter', attribution_date) as date) from observations union all
    select *, 'year', cast(date_trunc('year', attribution_date) as date) from observations
),
by_slice as (
    select *, 'all' as care_level_slice from by_period
    union all select *, care_level from by_period where care_level is not null
),
by_dimension as ({union})
{aggregation}"""


ONLY_NEEDED = _expanded(f"""
select {CELL_KEYS}, dimension, group_code,
       cast(sum(numerator_value) as double) as numerator, cast(sum(denominator_value) as double) as denominator,
       count(distinct case when numerator_value > 0 then person_id end) as numerator_persons,
       count(distinct case when denominator_value > 0 then person_id end) as denominator_persons
from by_dimension group by all""")

TWO_PHASE = _expanded(f"""
select {CELL_KEYS}, dimension, group_code,
       cast(sum(n) as double) as numerator, cast(sum(d) as double) as denominator,
       count(*) filter (where n > 0) as numerator_persons, count(*) filter (where d > 0) as denominator_persons
from (
    select {CELL_KEYS}, dimension, group_code, person_id,
           sum(numerator_value) as n, sum(denominator_value) as d
    from by_dimension group by all
) group by all""")

FLOOR = _expanded(f"""
select {CELL_KEYS}, dimension, group_code,
       cast(sum(numerator_value) as double) as numerator, cast(sum(denominator_value) as double) as denominator,
       0 as numerator_persons, 0 as denominator_persons
from by_dimension group by all""")


def _grouping_sets() -> str:
    keys = ", ".join(["region_code", "care_level", *DIMENSIONS])
    dims = ", ".join(DIMENSIONS)
    sets = ", ".join([f"({CELL_KEYS})"] + [f"({CELL_KEYS}, {d})" for d in DIMENSIONS])
    every = (1 << len(DIMENSIONS)) - 1
    keep = " or ".join([f"gid = {every}"] + [
        f"(gid = {every - (1 << (len(DIMENSIONS) - 1 - i))} and {d} is not null)" for i, d in enumerate(DIMENSIONS)])
    return f"""
with observations as ({OBSERVATIONS}),
person_month as (
    select cast(date_trunc('month', attribution_date) as date) as month, {keys}, person_id,
           sum(numerator_value) as n, sum(denominator_value) as d
    from observations group by all
),
by_period as (
    select *, 'month' as period_type, month as period_start from person_month union all
    select *, 'quarter', cast(date_trunc('quarter', month) as date) from person_month union all
    select *, 'year', cast(date_trunc('year', month) as date) from person_month
),
by_slice as (
    select *, 'all' as care_level_slice from by_period
    union all select *, care_level from by_period where care_level is not null
),
per_person as (
    select {CELL_KEYS}, {dims}, person_id, sum(n) as n, sum(d) as d from by_slice group by all
),
cells as (
    select {CELL_KEYS}, {dims}, grouping({dims}) as gid,
           cast(sum(n) as double) as numerator, cast(sum(d) as double) as denominator,
           count(distinct case when n > 0 then person_id end) as numerator_persons,
           count(distinct case when d > 0 then person_id end) as denominator_persons
    from per_person group by grouping sets ({sets})
)
select * from cells where {keep}"""


def measure(con, label: str, sql: str) -> tuple[float, float, tuple]:  # noqa: ANN001 - a DuckDB connection
    """Wall and CPU seconds of the cells of ``sql`` (and their totals, which every variant must share)."""
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    totals = con.execute(
        "select count(*), sum(numerator), sum(denominator), sum(numerator_persons), sum(denominator_persons) "
        f"from ({sql})").fetchone()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    wall = time.perf_counter() - started
    print(f"{label:<48} {wall:7.2f} s wall {cpu:7.2f} s CPU  cells {totals[0]}", flush=True)
    return wall, cpu, tuple(totals)


def main(argv: list[str] | None = None) -> int:
    """Run every variant on the warehouse given."""
    import duckdb

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path, help="a warehouse built by `samrehab build`")
    args = parser.parse_args(argv)
    compiled = (args.db.parent / f".dbt_{args.db.stem}" / "compiled" / "samrehab" / "models" / "intermediate"
                / "metric_cells" / "mc_e3_coordinated_visits.sql")
    con = duckdb.connect(str(args.db), read_only=True)
    results = {}
    if compiled.exists():
        current = compiled.read_text(encoding="utf-8")
        results["current"] = measure(con, "the model as compiled (aggregate_observations)", current)
    results["only_needed"] = measure(con, "(a) only the aggregates a proportion needs", ONLY_NEEDED)
    results["two_phase"] = measure(con, "(b) persons counted in two phases", TWO_PHASE)
    results["grouping_sets"] = measure(con, "(c) per person-month rows, grouping sets", _grouping_sets())
    results["floor"] = measure(con, "(d) floor: sums only, no person counts", FLOOR)
    con.close()
    reference = results.get("current", results["only_needed"])[2]
    same = all(r[2] == reference for name, r in results.items() if name != "floor")
    print("every variant gives the same cells" if same else "VARIANTS DISAGREE")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
