"""Coverage of the interval methods, measured by simulation with a known truth, and the check that
the simulated formulas are the shipped SQL (models/validation/val_interval_formulas.sql).

Every scenario draws REPS data sets (fixed seed). A 95 % interval must cover the truth 93.5–96.5 %
of the time at realistic sizes (n ≥ 50 persons or clusters). Where a method's exact coverage is
known and itself outside 94–96 % because the data are whole numbers (Wilson's oscillation: 93.5 % at
n = 50, p = 0.5; the order statistic's whole-number ranks: P(l ≤ B < u) up to 97 % at n = 50), the
simulated coverage must reproduce the exact one within 1 point instead. Wilson on clustered units
and the order statistic on tied whole days are shown for contrast.
``python -m tests.test_interval_coverage`` prints the table of docs/metric_decisions.md.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pytest
from scipy import stats

from samrehab.dbt_runner import run_dbt
from tests import interval_formulas as f

REPS = 4000
SEED = 20260121


@dataclass(frozen=True)
class Scenario:
    method: str
    name: str
    simulate: Callable[[np.random.Generator], float]  # returns the coverage
    asserted: bool = True
    exact: float | None = None  # the method's exact coverage where it is known


def _wilson(n: int, p: float) -> Callable[[np.random.Generator], float]:
    def run(rng: np.random.Generator) -> float:
        x = rng.binomial(n, p, REPS)
        low, high = f.wilson(x, np.full(REPS, n))
        return float(np.mean((low <= p) & (p <= high)))
    return run


def _beta_binomial(clusters: int, icc: float, p: float, mean_size: float,
                   method: str) -> Callable[[np.random.Generator], float]:
    """Clusters of 1 + Poisson(mean_size − 1) units; each cluster's own probability ~ Beta with
    intra-cluster correlation `icc` and mean p (the truth of Σy / Σx)."""
    a, b = p * (1 - icc) / icc, (1 - p) * (1 - icc) / icc

    def run(rng: np.random.Generator) -> float:
        sizes = 1 + rng.poisson(mean_size - 1, (REPS, clusters))
        y = rng.binomial(sizes, rng.beta(a, b, (REPS, clusters)))
        if method == "cluster_ratio":
            low, high = f.cluster_ratio(y, sizes)
        else:  # Wilson on the units, as if they were independent
            low, high = f.wilson(y.sum(1), sizes.sum(1))
        return float(np.mean((low <= p) & (p <= high)))
    return run


def _minutes(staff: int, share: float) -> Callable[[np.random.Generator], float]:
    """Time studies: each staff member's minutes ~ lognormal (mean ≈ 2 000), their in-competence
    share ~ Beta(mean `share`, correlation 0.2), independent of the minutes; truth = share."""
    a, b = share * 4, (1 - share) * 4

    def run(rng: np.random.Generator) -> float:
        minutes = np.round(rng.lognormal(7.4, 0.6, (REPS, staff)))
        competent = np.round(minutes * rng.beta(a, b, (REPS, staff)))
        low, high = f.cluster_ratio(competent, minutes)
        return float(np.mean((low <= share) & (share <= high)))
    return run


def _order_statistic(n: int, p: float, integer_days: bool) -> Callable[[np.random.Generator], float]:
    """Waits ~ lognormal(3, 0.8) days; with integer_days rounded up to whole days (ties), the
    truth then being the quantile of the rounded distribution."""
    truth = float(np.exp(3 + 0.8 * stats.norm.ppf(p)))
    if integer_days:
        truth = float(np.ceil(truth))

    def run(rng: np.random.Generator) -> float:
        waits = rng.lognormal(3, 0.8, (REPS, n))
        if integer_days:
            waits = np.ceil(waits)
        low, high = f.order_statistic(waits, p)
        return float(np.mean((low <= truth) & (truth <= high)))
    return run


def _exact_wilson_coverage(n: int, p: float) -> float:
    x = np.arange(n + 1)
    low, high = f.wilson(x, np.full(n + 1, n))
    return float(stats.binom.pmf(x, n, p)[(low <= p) & (p <= high)].sum())


def _exact_order_coverage(n: int, p: float) -> float:
    low, high = f.order_statistic_ranks(n, p)
    return float(stats.binom.cdf(high - 1, n, p) - stats.binom.cdf(low - 1, n, p))


SCENARIOS = [
    *[Scenario("wilson", f"n = {n} persons, p = {p}", _wilson(n, p), exact=_exact_wilson_coverage(n, p))
      for n in (50, 200, 1000) for p in (0.15, 0.5)],
    *[Scenario("cluster_ratio", f"{c} patients, about 5 visits each, ICC {icc}",
               _beta_binomial(c, icc, 0.3, 5.0, "cluster_ratio"))
      for c in (50, 200) for icc in (0.05, 0.3)],
    Scenario("cluster_ratio", "50 plans, about 8 criteria each, ICC 0.5",
             _beta_binomial(50, 0.5, 0.8, 8.0, "cluster_ratio")),
    Scenario("cluster_ratio", "60 staff, lognormal minutes", _minutes(60, 0.7)),
    Scenario("cluster_ratio", "200 staff, lognormal minutes", _minutes(200, 0.7)),
    Scenario("wilson on clustered units (contrast)", "200 patients, about 5 visits each, ICC 0.3",
             _beta_binomial(200, 0.3, 0.3, 5.0, "wilson"), asserted=False),
    *[Scenario("order_statistic", f"n = {n}, {'median' if p == 0.5 else 'p90'}{', whole days' if days else ''}",
               _order_statistic(n, p, days), exact=_exact_order_coverage(n, p))
      for n in (50, 200, 1000) for p in (0.5, 0.9) for days in (False,)],
    Scenario("order_statistic", "n = 200, median, whole days (ties)", _order_statistic(200, 0.5, True), asserted=False,
             exact=_exact_order_coverage(200, 0.5)),
]


def coverage_table() -> list[tuple[Scenario, float]]:
    """Every scenario with its simulated coverage (deterministic: one seeded generator each)."""
    return [(s, s.simulate(np.random.default_rng([SEED, i]))) for i, s in enumerate(SCENARIOS)]


@pytest.fixture(scope="module")
def table() -> list[tuple[Scenario, float]]:
    return coverage_table()


@pytest.mark.parametrize("index", range(len(SCENARIOS)), ids=[f"{s.method}: {s.name}" for s in SCENARIOS])
def test_coverage(table: list[tuple[Scenario, float]], index: int) -> None:
    scenario, coverage = table[index]
    exact = f" (exact {scenario.exact:.1%})" if scenario.exact is not None else ""
    print(f"{scenario.method} | {scenario.name}: {coverage:.1%}{exact} of {REPS}")
    if not scenario.asserted:
        # contrast rows: Wilson on clustered visits must visibly fail, ties make the order statistic more conservative
        if scenario.method.startswith("wilson"):
            assert coverage < 0.90
        else:
            assert coverage >= 0.95
        return
    if scenario.exact is not None and not 0.94 <= scenario.exact <= 0.96:
        # the method's own discrete coverage at this n (Wilson's oscillation, the order statistic's
        # whole-number ranks): the simulation must reproduce it
        assert abs(coverage - scenario.exact) <= 0.01
    else:
        assert 0.935 <= coverage <= 0.965


def test_interval_count_is_enough() -> None:
    assert REPS >= 2000


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    tmp = tmp_path_factory.mktemp("interval_formulas")
    db = tmp / "samrehab.duckdb"
    outcome = run_dbt(["build", "--select", "val_interval_formulas"], db)
    assert outcome.success, "\n".join(outcome.failures)
    con = duckdb.connect(str(db))
    yield con
    con.close()


def _rows(con: duckdb.DuckDBPyConnection, formula: str) -> dict[tuple[str, float | None], tuple[float, ...]]:
    rows = con.sql(
        f"select case_id, quantile, lower95, upper95, lower998, upper998 from validation.val_interval_formulas "
        f"where formula = '{formula}'"
    ).fetchall()
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def _agree(sql: tuple[float, ...], python: tuple[float, ...]) -> None:
    computed, expected = np.array(sql, dtype=float), np.array(python, dtype=float)
    assert np.allclose(computed, expected, rtol=1e-9, atol=1e-12, equal_nan=True), (sql, python)


def test_sql_wilson_is_the_simulated_formula(shipped: duckdb.DuckDBPyConnection) -> None:
    cases = {"w1": (0, 10), "w2": (3, 10), "w3": (37, 120), "w4": (999, 1000)}
    rows = _rows(shipped, "wilson")
    assert len(rows) == len(cases)
    for case_id, (x, n) in cases.items():
        python = (*f.wilson(x, n), *f.wilson(x, n, 0.998))
        _agree(rows[(case_id, None)], tuple(float(v) for v in python))


def test_sql_cluster_ratio_is_the_simulated_formula(shipped: duckdb.DuckDBPyConnection) -> None:
    cases = {
        "cA": ([8, 5, 9, 0, 7], [10, 10, 12, 3, 7]),
        "cB": ([i % 4 for i in range(12)], [3 + i % 5 for i in range(12)]),
    }
    rows = _rows(shipped, "cluster_ratio")
    assert len(rows) == len(cases)
    for case_id, (y, x) in cases.items():
        python = (*f.cluster_ratio(np.array(y), np.array(x)), *f.cluster_ratio(np.array(y), np.array(x), 0.998))
        _agree(rows[(case_id, None)], tuple(float(v) for v in python))


def test_sql_order_statistic_is_the_simulated_formula(shipped: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(shipped, "order_statistic")
    assert len(rows) == 6
    for n in (10, 25, 60):
        values = np.array([(37 * i) % 101 for i in range(1, n + 1)], dtype=float)
        for p in (0.5, 0.9):
            python = (*f.order_statistic(values, p), *f.order_statistic(values, p, 0.998))
            _agree(rows[(f"n{n}", p)], tuple(float(v) for v in python))


def markdown(table: list[tuple[Scenario, float]]) -> str:
    """The coverage table as Markdown."""
    lines = ["| method | scenario | coverage of the 95 % interval | exact (discrete) |", "|---|---|---|---|"]
    for scenario, coverage in table:
        exact = f"{scenario.exact:.1%}" if scenario.exact is not None else ""
        lines.append(f"| {scenario.method} | {scenario.name} | {coverage:.1%} | {exact} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    print(markdown(coverage_table()))
    print(f"\n{REPS} simulated data sets per scenario, seed {SEED}.")
