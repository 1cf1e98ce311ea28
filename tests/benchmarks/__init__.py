"""Benchmark of the pipeline at regional and national scale (``make bench``), with two baselines.

* ``run``: the driver (``python -m tests.benchmarks.run --scale 1m``).
* ``stage``: one measured stage, run in its own process so peak memory is per stage.
* ``baseline_duckdb`` (+ ``baseline_duckdb.sql``) and ``baseline_pandas``: the five headline
  metrics straight from the raw delivery files.
* ``compare``: the product's cells and the agreement check of the three implementations.
* ``dashboard_queries``: latency of the dashboard's queries against the published snapshot.
* ``profile``: where dbt spends its time (per-model timings of ``run_results.json``).
* ``report``: the results table written into ``BENCHMARKS.md``.
"""
