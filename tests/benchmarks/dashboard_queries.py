"""Latency of the dashboard's queries against a published snapshot.

The queries are not listed by hand: every page of ``dashboards/app.py`` is run once with Streamlit's
``AppTest`` (default filters) while ``samrehab.read.queries._query`` — the one function through
which the dashboard reads the snapshot — records each SQL text and its parameters. Each distinct
query is then run ``runs`` times the way ``data_access`` runs it when its cache misses: a fresh
read-only connection, the query, the result as a pandas frame, close.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[2]
APP = PROJECT_ROOT / "dashboards" / "app.py"
MAIN_PAGE = "overview.py"


def page_files() -> list[str]:
    """Page files in navigation order, read from ``dashboards/app.py``'s ``PAGES`` without running it."""
    import ast

    tree = ast.parse(APP.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
            pages = ast.literal_eval(node.value)
            return [file for entries in pages.values() for file, *_ in entries]
    raise RuntimeError("dashboards/app.py has no PAGES table")


def record_queries(snapshot: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Run every page once against ``snapshot``; return the distinct queries (page, sql, params) and
    the errors pages raised (page -> message)."""
    os.environ["SAMREHAB_SNAPSHOT"] = str(Path(snapshot).resolve())
    from streamlit.testing.v1 import AppTest

    import samrehab.read.queries as data_access

    recorded: list[dict[str, Any]] = []
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    current = {"page": MAIN_PAGE}
    original = data_access._query

    def recording_query(snapshot_key, sql, params=()):  # noqa: ANN001, ANN202 - same signature as _query
        key = (sql, tuple(params))
        if key not in seen:
            seen.add(key)
            recorded.append({"page": current["page"], "sql": sql, "params": list(params)})
        return original(snapshot_key, sql, params)

    data_access._query = recording_query
    errors: dict[str, str] = {}
    try:
        app = AppTest.from_file(str(APP), default_timeout=120)
        app.run()
        if app.exception:
            errors[MAIN_PAGE] = str(app.exception[0].value)[:300]
        for page in page_files():
            if page == MAIN_PAGE:
                continue
            current["page"] = page
            try:
                app.switch_page(f"views/{page}")
                app.run()
            except Exception as exc:  # a page that cannot run is reported, not hidden
                errors[page] = f"{type(exc).__name__}: {exc}"[:300]
                continue
            if app.exception:
                errors[page] = str(app.exception[0].value)[:300]
    finally:
        data_access._query = original
    return recorded, errors


def time_query(snapshot: Path, sql: str, params: list[Any], runs: int) -> list[float]:
    """Milliseconds of ``runs`` executions, each on a fresh read-only connection (as data_access does)."""
    import duckdb

    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        con = duckdb.connect(str(snapshot), read_only=True)
        try:
            con.execute(sql, params).df()
        finally:
            con.close()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def duckdb_connect_close(snapshot: Path) -> None:
    """Open the snapshot read-only and close it (the fixed cost of every uncached dashboard query)."""
    import duckdb

    duckdb.connect(str(snapshot), read_only=True).close()


def _percentiles(values: list[float] | np.ndarray) -> dict[str, float]:
    array = np.asarray(values, dtype=float)
    return {"p50_ms": round(float(np.percentile(array, 50)), 2), "p95_ms": round(float(np.percentile(array, 95)), 2),
            "max_ms": round(float(array.max()), 2)}


def measure(snapshot: Path, runs: int = 20) -> dict[str, Any]:
    """Record the pages' queries and time each ``runs`` times; JSON-ready summary."""
    started = time.perf_counter()
    queries, errors = record_queries(snapshot)
    record_seconds = time.perf_counter() - started
    per_query = []
    per_page: dict[str, np.ndarray] = {}
    every_run: list[float] = []
    for query in queries:
        timings = time_query(snapshot, query["sql"], query["params"], runs)
        every_run += timings
        per_query.append({"page": query["page"], "sql": " ".join(query["sql"].split())[:200],
                          "params": [str(p) for p in query["params"]], **_percentiles(timings)})
        page_total = per_page.setdefault(query["page"], np.zeros(runs))
        page_total += np.asarray(timings)
    connect_only = []
    for _ in range(runs):
        begun = time.perf_counter()
        duckdb_connect_close(snapshot)
        connect_only.append((time.perf_counter() - begun) * 1000)
    pooled = [q["p95_ms"] for q in per_query]
    summary: dict[str, Any] = {
        "runs": runs,
        "queries": len(per_query),
        "pages_run": len(page_files()),
        "page_errors": errors,
        "record_seconds": round(record_seconds, 2),
        "worst_query_p95_ms": max(pooled) if pooled else None,
        "connect_only": _percentiles(connect_only),
        "per_page": {page: _percentiles(total) for page, total in per_page.items()},
        "per_query": per_query,
    }
    if every_run:
        summary["all_runs"] = _percentiles(every_run)
    else:
        summary["error"] = "no dashboard query was recorded: " + "; ".join(f"{k}: {v}" for k, v in errors.items())
    return summary
