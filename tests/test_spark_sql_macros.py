"""Spark versions of the dispatched SQL macros whose arithmetic can be checked without Spark.

``spark__ln_gamma`` (macros/stats/order_statistic.sql) stands in for DuckDB's ``lgamma``, which
Spark SQL lacks. Its SQL is plain arithmetic (ln, power), so it is rendered with Jinja and evaluated
in DuckDB against scipy's ``gammaln``, an independent implementation.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import jinja2
import pytest
from scipy.special import gammaln

MACROS = Path(__file__).resolve().parents[1] / "macros" / "stats" / "order_statistic.sql"


def _spark_ln_gamma_sql(argument: str) -> str:
    module = jinja2.Environment().from_string(MACROS.read_text(encoding="utf-8")).module
    return str(module.spark__ln_gamma(argument))


@pytest.mark.parametrize("x", [1.0, 1.5, 2.0, 3.0, 7.25, 10.0, 11.0, 101.0, 1234.5, 1e5, 2.5e6])
def test_spark_ln_gamma_equals_scipy_gammaln(x: float) -> None:
    expression = _spark_ln_gamma_sql("x")
    (computed,) = duckdb.sql(f"select {expression} from (select cast({x!r} as double) as x)").fetchall()[0]
    expected = float(gammaln(x))
    assert abs(computed - expected) <= 1e-11 * max(1.0, abs(expected)), (x, computed, expected)


def test_spark_ln_gamma_takes_an_expression_argument() -> None:
    """The binomial ranks pass expressions such as ``n - k + 1``: they must be parenthesised."""
    expression = _spark_ln_gamma_sql("n - k + 1")
    (computed,) = duckdb.sql(f"select {expression} from (select 30.0 as n, 12.0 as k)").fetchall()[0]
    assert abs(computed - float(gammaln(19.0))) <= 1e-11 * gammaln(19.0)
