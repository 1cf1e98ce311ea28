"""Comparisons only where they answer a question, and intervals for what the data are (issue
"No small count recoverable, no meaningless flag, intervals that fit the data"), on the sample."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

FLAGS = ("comparison", "comparison_998")


@pytest.fixture(scope="module")
def con(sample_warehouse: Path):
    connection = duckdb.connect(str(sample_warehouse), read_only=True)
    yield connection
    connection.close()


def _count(con, sql: str) -> int:
    return con.sql(sql).fetchall()[0][0]


@pytest.mark.parametrize("flag", FLAGS)
def test_the_total_is_never_compared_with_itself(con, flag: str) -> None:
    assert _count(con, "select count(*) from marts.metric_values where dimension = 'total'") > 0
    flagged = f"select count(*) from marts.metric_values where dimension = 'total' and {flag} <> 'not_compared'"
    assert _count(con, flagged) == 0


@pytest.mark.parametrize("flag", FLAGS)
def test_population_rates_by_care_level_or_profession_carry_no_flag(con, flag: str) -> None:
    """E1.access_rate by care level or profession divides by all residents: no sub-population."""
    where = "metric_id = 'E1.access_rate' and dimension in ('care_level', 'profession')"
    assert _count(con, f"select count(*) from marts.metric_values where {where} and not suppressed") > 0
    assert _count(con, f"select count(*) from marts.metric_values where {where} and {flag} in ('better', 'worse')") == 0


def test_a_998_flag_is_also_a_95_flag_in_the_same_direction(con) -> None:
    """The 99.8 % interval contains the 95 % one: every better/worse at 99.8 % is the same at 95 %,
    and there are fewer of them."""
    assert _count(con, "select count(*) from marts.metric_values where comparison_998 in ('better', 'worse') "
                       "and comparison <> comparison_998") == 0
    flagged_95 = _count(con, "select count(*) from marts.metric_values where comparison in ('better', 'worse')")
    flagged_998 = _count(con, "select count(*) from marts.metric_values where comparison_998 in ('better', 'worse')")
    assert 0 < flagged_998 < flagged_95


def test_wait_medians_by_municipality_have_intervals_and_comparisons(con) -> None:
    rows = con.sql(
        "select count(*) filter (where not suppressed and denominator >= 10), count(ci_low), "
        "count(*) filter (where comparison in ('better', 'worse', 'similar')) "
        "from marts.metric_values where metric_id = 'E1.wait_days_median' and dimension = 'municipality'"
    ).fetchall()[0]
    published, with_interval, compared = rows
    assert published > 0 and with_interval == published and compared > 0.95 * published
    # no interval below 10 observations
    assert _count(con, "select count(*) from marts.metric_values where metric_id like 'E1.wait_days%' "
                       "and denominator < 10 and ci_low is not null") == 0


def test_interval_method_names_each_metric(con) -> None:
    methods = dict(con.sql("select metric_id, interval_method from seeds.metric_catalogue").fetchall())
    clustered = {m for m, method in methods.items() if method == "cluster_ratio"}
    assert clustered == {"E2.audit_criteria_met_share", "E3.coordinated_visit_share", "E3.in_competence_time_share"}
    assert methods["E1.wait_days_median"] == methods["E1.wait_days_p90"] == "order_statistic"
    assert methods["E1.seen_within_90d_share"] == "wilson"
