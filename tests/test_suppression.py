"""Disclosure control in marts.metric_values: no suppressed cell can be recovered by adding or
subtracting published cells of its family (the groups of a dimension and their total; the months
or quarters of a period and the period)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

FAMILIES = [("month", "quarter"), ("month", "year"), ("quarter", "year")]


@pytest.fixture(scope="module")
def con(sample_warehouse: Path):
    connection = duckdb.connect(str(sample_warehouse), read_only=True)
    yield connection
    connection.close()


def _cells(con) -> int:
    return con.sql("select count(*) from marts.metric_values").fetchall()[0][0]


def test_suppressed_cells_show_no_numbers(con) -> None:
    leaked = con.sql(
        "select count(*) from marts.metric_values where suppressed and "
        "(value is not null or numerator is not null or denominator is not null "
        " or ci_low is not null or ci_high is not null)"
    ).fetchall()[0][0]
    assert leaked == 0


def test_no_dimension_family_has_exactly_one_unknown(con) -> None:
    """Groups plus their total: one suppressed cell alone could be computed from the others."""
    single = con.sql(
        """
        with totals as (
            select metric_id, period_type, period_start, region_code, care_level, suppressed as total_suppressed
            from marts.metric_values where dimension = 'total'
        )
        select count(*) from (
            select groups.metric_id, groups.period_type, groups.period_start, groups.region_code,
                   groups.care_level, groups.dimension
            from marts.metric_values as groups
            inner join totals using (metric_id, period_type, period_start, region_code, care_level)
            where groups.dimension <> 'total'
            group by all
            having sum(case when groups.suppressed then 1 else 0 end)
                   + max(case when totals.total_suppressed then 1 else 0 end) = 1
               and count(*) > 1  -- a dimension with one group is the total itself
        )
        """
    ).fetchall()[0][0]
    print(f"dimension families with one unknown: {single} of {_cells(con)} cells")
    assert single == 0


@pytest.mark.parametrize(("child", "parent"), FAMILIES)
def test_no_period_family_has_exactly_one_unknown(con, child: str, parent: str) -> None:
    """A month is not recoverable as its quarter (or year) minus the other months, nor a suppressed
    quarter as the sum of its published months."""
    single = con.sql(
        f"""
        with children as (
            select *, date_trunc('{parent}', period_start) as parent_start
            from marts.metric_values where period_type = '{child}'
        ),
        parents as (
            select * from marts.metric_values where period_type = '{parent}'
        )
        select count(*) from (
            select children.metric_id, children.region_code, children.care_level, children.dimension,
                   children.group_code, children.parent_start
            from children
            inner join parents
                on parents.metric_id = children.metric_id and parents.region_code = children.region_code
                and parents.care_level = children.care_level and parents.dimension = children.dimension
                and parents.group_code = children.group_code and parents.period_start = children.parent_start
            group by all
            having sum(case when children.suppressed then 1 else 0 end)
                   + max(case when parents.suppressed then 1 else 0 end) = 1
        )
        """
    ).fetchall()[0][0]
    # Alternating passes (dimension, time) until nothing changes (dbt var suppression_rounds), and a
    # parent with one child suppressed with it: no chain of complements is left open.
    cells = _cells(con)
    print(f"{child} in {parent}: {single} families with a single unknown of {cells} cells")
    assert single == 0
