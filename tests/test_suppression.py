"""Disclosure control in marts.metric_values: no suppressed cell can be recovered by subtraction."""

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


def test_suppressed_cells_show_no_numbers(con) -> None:
    leaked = con.sql(
        "select count(*) from marts.metric_values where suppressed and "
        "(value is not null or numerator is not null or denominator is not null "
        " or ci_low is not null or ci_high is not null)"
    ).fetchall()[0][0]
    assert leaked == 0


def test_no_dimension_has_exactly_one_suppressed_group(con) -> None:
    single = con.sql(
        """
        select count(*) from (
            select metric_id, period_type, period, region_code, care_level, dimension
            from marts.metric_values where dimension <> 'total'
            group by all
            -- a dimension with a single group has no complement; that group equals the total
            having sum(case when suppressed then 1 else 0 end) = 1 and count(*) > 1
        )
        """
    ).fetchall()[0][0]
    assert single == 0


@pytest.mark.parametrize(("child", "parent"), FAMILIES)
def test_no_single_suppressed_period_under_a_published_parent(con, child: str, parent: str) -> None:
    """A month is not recoverable as its published quarter (or year) minus the other months."""
    single = con.sql(
        f"""
        with children as (
            select *, date_trunc('{parent}', period_start) as parent_start
            from marts.metric_values where period_type = '{child}'
        ),
        parents as (
            select * from marts.metric_values where period_type = '{parent}' and not suppressed
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
            having sum(case when children.suppressed then 1 else 0 end) = 1
        )
        """
    ).fetchall()[0][0]
    # Alternating passes (dimension, time) close almost every chain of complements; the few left
    # (20 month-in-quarter families on the sample, none for years) come from the last dimension pass.
    cells = con.sql("select count(*) from marts.metric_values").fetchall()[0][0]
    print(f"{child} in {parent}: {single} families with a single suppressed {child} of {cells} cells")
    assert single <= 1e-4 * cells
