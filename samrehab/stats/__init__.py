"""Statistics that SQL cannot express well: run-chart (Anhøj) rules, p-charts and inequality indices.

Every function takes arrays or DataFrames and returns data; nothing reads the warehouse. The
interval and funnel formulas that SQL can express live in the dbt macros under ``macros/stats/``.
"""

from samrehab.stats.anhoj import RunsAnalysis, runs_analysis, runs_limits
from samrehab.stats.inequality import (
    SiiResult,
    index_of_disparity,
    range_difference,
    range_ratio,
    relative_rank_midpoints,
    slope_index_of_inequality,
)
from samrehab.stats.pchart import p_chart

# submodules the dbt Python models use (imported here: dbt may run two models in parallel threads)
from samrehab.stats import heat, making_data_count  # noqa: E402  isort: skip

__all__ = [
    "heat",
    "making_data_count",
    "RunsAnalysis",
    "SiiResult",
    "index_of_disparity",
    "p_chart",
    "range_difference",
    "range_ratio",
    "relative_rank_midpoints",
    "runs_analysis",
    "runs_limits",
    "slope_index_of_inequality",
]
