"""The metric-cell aggregation (macro ``aggregate_observations``) counts a person once per cell.

Persons with a single row (attribute combination) in a period are counted without a per-person
grouping, persons with several rows in the same period are grouped per cell and person first: both
paths must give the same persons. Runs the macro through ``dbt show --inline`` on literal observations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samrehab.dbt_runner import dbt_target_dir, run_dbt

OBSERVATIONS = """
with observations as (
    select * from (values
        ('m', date '2025-03-03', '19', 'primary', '{first}', 'F', 'P1', 1, 1, cast(null as double)),
        ('m', date '2025-03-20', '19', 'primary', '{second}', 'F', 'P1', 0, 1, cast(null as double)),
        ('m', date '2025-03-21', '19', 'primary', '1980', 'M', 'P2', 1, 1, cast(null as double))
    ) as t (metric_id, attribution_date, region_code, care_level, municipality_code, sex, person_id,
            numerator_value, denominator_value, observed_value)
)
select period_type, care_level, dimension, group_code, numerator, denominator, numerator_persons,
       denominator_persons
from ({{{{ aggregate_observations('observations', ['municipality', 'care_level', 'sex']) }}}}) as cells
where period_type = 'month'
order by care_level, dimension, group_code
"""


def _show(db: Path, first: str, second: str) -> tuple[bool, list[dict]]:
    sql = OBSERVATIONS.format(first=first, second=second)
    log = dbt_target_dir(db) / "logs" / "dbt.log"
    log.unlink(missing_ok=True)
    outcome = run_dbt(["show", "--inline", sql, "--limit", "100", "--output", "json", "--log-format", "json"], db)
    rows: list[dict] = []
    if outcome.success and log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(line).get("data", {})
            except json.JSONDecodeError:
                continue
            if "preview" in data:
                rows = json.loads(data["preview"])
    return outcome.success, rows


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("aggregation") / "samrehab.duckdb"


def test_one_group_per_person_counts_each_person_once(empty_db: Path) -> None:
    success, rows = _show(empty_db, "1980", "1980")
    assert success
    cells = {(r["care_level"], r["dimension"], r["group_code"]): r for r in rows}
    total = cells[("all", "total", "total")]
    assert (total["numerator"], total["denominator"]) == (2, 3)
    assert (total["numerator_persons"], total["denominator_persons"]) == (2, 2)
    women = cells[("all", "sex", "F")]
    assert (women["numerator"], women["denominator"], women["denominator_persons"]) == (1, 2, 1)
    municipality = cells[("primary", "municipality", "1980")]
    assert (municipality["denominator"], municipality["denominator_persons"]) == (3, 2)
    assert cells[("all", "care_level", "primary")]["denominator_persons"] == 2
    assert cells[("primary", "care_level", "primary")]["denominator_persons"] == 2


def test_a_person_in_two_municipalities_in_a_month_counts_once_in_the_total(empty_db: Path) -> None:
    success, rows = _show(empty_db, "1980", "1983")
    assert success
    cells = {(r["care_level"], r["dimension"], r["group_code"]): r for r in rows}
    total = cells[("all", "total", "total")]
    assert (total["numerator"], total["denominator"], total["denominator_persons"]) == (2, 3, 2)
    assert total["numerator_persons"] == 2
    assert cells[("all", "municipality", "1980")]["denominator_persons"] == 2
    assert cells[("all", "municipality", "1983")]["denominator_persons"] == 1
    assert cells[("all", "municipality", "1983")]["numerator_persons"] == 0
    assert cells[("all", "sex", "F")]["denominator_persons"] == 1

