"""Load: 20 simulated dashboard users on the app's own data-access layer while a rebuild publishes twice.

Each simulated user is a thread that, for ``SAMREHAB_LOAD_SECONDS`` seconds (default 60), repeats what
one run of ``dashboards/app.py`` does: take the identity of the snapshot now at ``SAMREHAB_SNAPSHOT``
(``data_access.current_snapshot``), issue the sidebar and context queries (``filters.render_sidebar``,
``ui.build_context``, the header), then the queries of one page chosen at random, with filters drawn
from the snapshot's own choices (region, period type, period, care level, profession or diagnosis
group, metric, equity dimension). Every call goes through ``dashboards.data_access`` with its
``st.cache_data`` cache as in the app (outside a Streamlit server that cache is one in-memory,
lock-protected store shared by all threads, keyed by snapshot identity and filters).

Meanwhile a separate process publishes a new snapshot twice (``samrehab.publish.publish_snapshot``,
starting at one quarter and one half of the run; the run goes on for at least a quarter of its length
after the second switch). The three generations are copies of the sample snapshot
that differ in ``marts.snapshot_info.extract_date`` (base, +1 day, +2 days), which the app reads as
its data cut-off, so each page view can tell which file it really read.

Asserted: no call raised; every user saw generation 0, then 1, then 2 (both switches), never going
back; no page view read content older than the snapshot identity it was keyed by (a stale file
cached under a new identity would stay wrong until the next publish). Printed, not asserted:
page views, calls, DuckDB connections opened (cache misses), p50/p95 latency of calls, page views
and DuckDB connections (open, query, close), publish durations. ``SAMREHAB_LOAD_REPORT=path`` also
writes these numbers as JSON.
"""

from __future__ import annotations

import ast
import json
import logging
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DASHBOARD_SOURCES = [
    PROJECT_ROOT / "dashboards" / name for name in ("app.py", "ui.py", "filters.py", "theme.py")
] + sorted((PROJECT_ROOT / "dashboards" / "views").glob("*.py"))

USERS = 20
LOAD_SECONDS = float(os.environ.get("SAMREHAB_LOAD_SECONDS", "60"))
GENERATIONS = 3  # the initial snapshot and two publishes during the run
THEME_PAGES = {
    "waits": ["E1."],
    "plans": ["E2.", "E5.episodes_with_plan_share", "E5.plan_shared_with_patient_share"],
    "resources": ["E3.", "E4."],
    "experience": ["E5.participation_positive_share", "E5.continuity_positive_share", "E5.handover_within_14d_share"],
    "consumption": ["E6."],
}


# --- what the pages ask ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """One page view's filters, as the sidebar and the page widgets would set them."""

    region: str | None
    period_type: str
    period: str | None
    period_start: date | None
    care_level: str
    subgroup: tuple[str, str]
    metric_id: str | None
    equity_dimension: str


Call = Callable[..., Any]


def _draw_selection(rng: random.Random, options: dict[str, Any]) -> Selection:
    periods: pd.DataFrame = options["periods"]
    period_type = rng.choice(sorted(set(periods["period_type"]))) if not periods.empty else "quarter"
    of_type = periods[periods["period_type"] == period_type] if not periods.empty else periods
    period, period_start = None, None
    if not of_type.empty:
        row = of_type.iloc[rng.randrange(len(of_type))]
        period, period_start = str(row["period"]), pd.Timestamp(row["period_start"]).date()
    groups: pd.DataFrame = options["groups"]
    subgroup = ("total", "total")
    kind = rng.random()
    for dimension, share in (("profession", 0.2), ("diagnosis_group", 0.4)):
        codes = groups[groups["dimension"] == dimension]["group_code"].tolist() if not groups.empty else []
        if codes and kind < share:
            subgroup = (dimension, rng.choice(codes))
            break
    return Selection(
        region=rng.choice(options["regions"]) if options["regions"] else None,
        period_type=period_type,
        period=period,
        period_start=period_start,
        care_level=rng.choice(options["care_levels"]) if options["care_levels"] else "all",
        subgroup=subgroup,
        metric_id=rng.choice(options["metrics"]) if options["metrics"] else None,
        equity_dimension=rng.choice(["municipality", "diagnosis_group", "age_band", "sex"]),
    )


def _context_queries(call: Call, snapshot: Any, rng: random.Random) -> tuple[Selection, pd.DataFrame]:
    """app.py, filters.render_sidebar, ui.build_context and the header: run on every page view."""
    options = call("filter_options", snapshot)
    call("reference", snapshot, "regions")
    call("reference", snapshot, "care_levels")
    call("data_as_of", snapshot)
    sel = _draw_selection(rng, options)
    catalogue = call("reference", snapshot, "metric_catalogue")
    call("flagged_metrics", snapshot, catalogue, sel.region)
    return sel, catalogue


def _metrics_of(catalogue: pd.DataFrame, prefixes: list[str]) -> list[str]:
    return [m for m in catalogue["metric_id"] if m.startswith(tuple(prefixes))]


def _overview(call: Call, snapshot: Any, sel: Selection, catalogue: pd.DataFrame) -> None:
    call("read_table", snapshot, "effect_goal_status", {"region_code": sel.region})
    call("reference", snapshot, "effect_goals")
    call("metric_values", snapshot, region=sel.region, period_type=sel.period_type, until=sel.period_start,
         care_level=sel.care_level, dimension="total")


def _equity(call: Call, snapshot: Any, sel: Selection, catalogue: pd.DataFrame) -> None:
    call("reference", snapshot, "dimensions")
    call("filter_options", snapshot)
    call("metric_values", snapshot, region=sel.region, period_type=sel.period_type, period=sel.period,
         care_level=sel.care_level)
    scope = {"metric_id": sel.metric_id, "period_type": sel.period_type, "period": sel.period,
             "region_code": sel.region, "care_level": sel.care_level}
    call("read_table", snapshot, "funnel_limits", scope)
    call("read_table", snapshot, "equity_gaps", scope)


def _care_levels(call: Call, snapshot: Any, sel: Selection, catalogue: pd.DataFrame) -> None:
    call("metric_values", snapshot, region=sel.region, period_type=sel.period_type, until=sel.period_start,
         care_level="all", dimension=["care_level", "total"])


def _theme(prefixes: list[str], extra: Callable[[Call, Any, Selection, list[str]], None] | None = None):
    def page(call: Call, snapshot: Any, sel: Selection, catalogue: pd.DataFrame) -> None:
        metric_ids = _metrics_of(catalogue, prefixes)
        dimension, group = sel.subgroup
        call("metric_values", snapshot, metric_ids=metric_ids, region=sel.region, period_type=sel.period_type,
             until=sel.period_start, care_level=sel.care_level, dimension=dimension, group_codes=group)
        call("read_table", snapshot, "metric_spc", {"region_code": sel.region, "care_level": sel.care_level})
        if extra is not None:
            extra(call, snapshot, sel, metric_ids)

    return page


def _stories(call: Call, snapshot: Any, sel: Selection, metric_ids: list[str]) -> None:
    call("metric_values", snapshot, metric_ids="E5.patient_stories_count", region=sel.region,
         period_type=sel.period_type, period=sel.period, care_level=sel.care_level, dimension="theme")


def _before_after(call: Call, snapshot: Any, sel: Selection, metric_ids: list[str]) -> None:
    call("read_table", snapshot, "before_after", {"region_code": sel.region, "care_level": "all"})


def _data_quality(call: Call, snapshot: Any, sel: Selection, catalogue: pd.DataFrame) -> None:
    call("quality_results", snapshot, sel.region)


def _definitions(call: Call, snapshot: Any, sel: Selection, catalogue: pd.DataFrame) -> None:
    """The definitions page reads nothing beyond the context (catalogue and quality flags)."""


PAGES: dict[str, Callable[[Call, Any, Selection, pd.DataFrame], None]] = {
    "overview": _overview,
    "equity": _equity,
    "care_levels": _care_levels,
    "waits": _theme(THEME_PAGES["waits"]),
    "plans": _theme(THEME_PAGES["plans"]),
    "resources": _theme(THEME_PAGES["resources"]),
    "experience": _theme(THEME_PAGES["experience"], _stories),
    "consumption": _theme(THEME_PAGES["consumption"], _before_after),
    "data_quality": _data_quality,
    "definitions": _definitions,
}


# --- what the dashboard code calls (kept in step with the pages) -------------------------------------


def _dashboard_calls() -> tuple[set[str], set[str]]:
    """Functions of ``dashboards.data_access`` the app and its pages call, and tables they pass to ``read_table``."""
    from dashboards import data_access

    functions: set[str] = set()
    tables: set[str] = set()
    for path in DASHBOARD_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "data_access"):
                target = getattr(data_access, node.attr, None)
                if callable(target) and not isinstance(target, type):
                    functions.add(node.attr)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "read_table"
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)):
                tables.add(str(node.args[1].value))
    return functions, tables


def _simulated_calls() -> tuple[set[str], set[str]]:
    """Function names and ``read_table`` tables this module's page simulation issues (read from its source)."""
    functions: set[str] = {"current_snapshot", "snapshot_path"}
    tables: set[str] = set()
    for node in ast.walk(ast.parse(Path(__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "call" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                functions.add(first.value)
                if first.value == "read_table" and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
                    tables.add(str(node.args[2].value))
    return functions, tables


def test_load_simulation_covers_every_page_query() -> None:
    """A page that starts calling a new data-access function, or reading a new mart, must be added here."""
    page_functions, page_tables = _dashboard_calls()
    simulated_functions, simulated_tables = _simulated_calls()
    assert {"metric_values", "read_table", "filter_options", "reference"} <= page_functions, page_functions
    assert page_functions - simulated_functions == set(), "pages call data_access functions the load test does not"
    assert page_tables - simulated_tables == set(), "pages read marts the load test does not"
    assert {path.stem for path in DASHBOARD_SOURCES if path.parent.name == "views"} <= set(PAGES)


def test_new_snapshot_is_read_while_a_query_holds_the_previous_one(
    published_snapshot: Path, tmp_path: Path,
) -> None:
    """The switch the load test checks, made deterministic: while another query in this process still has
    the previous snapshot open (under load there almost always is one), a query for the new snapshot
    identity must read the new file. DuckDB hands ``duckdb.connect(path)`` the database this process
    already has open on ``path``, which is the previous file after a publish by rename."""
    import streamlit as st

    from dashboards import data_access
    from samrehab.publish import publish_snapshot

    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    sources, base = _generation_sources(published_snapshot, tmp_path)
    target = tmp_path / "published" / "switch.marts.duckdb"
    publish_snapshot(sources[0], target)
    st.cache_data.clear()
    before = data_access.require_snapshot(target)
    assert data_access.data_as_of(before) == base
    in_flight = duckdb.connect(str(target), read_only=True)  # a query still running on the previous file
    try:
        publish_snapshot(sources[1], target)
        after = data_access.require_snapshot(target)
        assert after.key != before.key, "a publish must give the snapshot a new identity"
        assert data_access.data_as_of(after) == base + timedelta(days=1), (
            "data_access read the previous snapshot under the new snapshot's identity"
        )
    finally:
        in_flight.close()


# --- the run ------------------------------------------------------------------------------------------


@dataclass
class View:
    """One simulated page view."""

    user: int
    page: str
    started: float
    key: tuple
    content_generation: int
    seconds: float


@dataclass
class Recorder:
    """Everything the users record; lists are appended from many threads (atomic under the GIL)."""

    views: list[View] = field(default_factory=list)
    call_seconds: list[float] = field(default_factory=list)
    query_seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    functions: set[str] = field(default_factory=set)
    tables: set[str] = field(default_factory=set)


def _generation_sources(snapshot: Path, folder: Path) -> tuple[list[Path], date]:
    """Three marts-only warehouses, copies of ``snapshot`` whose ``snapshot_info.extract_date`` is base + k days."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        cutoff = con.execute(
            "select max(cutoff_date) from marts.effect_goal_status"
        ).fetchone()[0] if _has_table(con, "effect_goal_status") else None
    finally:
        con.close()
    base = pd.Timestamp(cutoff).date() if cutoff is not None else date(2025, 12, 31)
    sources = []
    for generation in range(GENERATIONS):
        source = folder / f"generation{generation}.duckdb"
        shutil.copy2(snapshot, source)
        con = duckdb.connect(str(source))
        try:
            con.execute(
                "create or replace table marts.snapshot_info as select ?::date as extract_date, ? as generation",
                [base + timedelta(days=generation), generation],
            )
        finally:
            con.close()
        sources.append(source)
    return sources, base


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = ?", [table]
    ).fetchone()[0])


def _publish_in_child(source: Path, target: Path) -> float:
    """Publish ``source`` over ``target`` in a separate process, as a rebuild does; return its wall time."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from samrehab.publish import publish_snapshot;"
         "publish_snapshot(Path(sys.argv[1]), Path(sys.argv[2]))",
         str(source), str(target)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return time.perf_counter() - started


def _user(number: int, stop: threading.Event, recorder: Recorder, base: date) -> None:
    from dashboards import data_access

    rng = random.Random(1000 + number)

    def call(name: str, *args: Any, **kwargs: Any) -> Any:
        recorder.functions.add(name)
        if name == "read_table":
            recorder.tables.add(args[1])
        started = time.perf_counter()
        result = getattr(data_access, name)(*args, **kwargs)
        recorder.call_seconds.append(time.perf_counter() - started)
        return result

    while not stop.is_set():
        page = rng.choice(list(PAGES))
        started = time.perf_counter()
        try:
            snapshot = call("current_snapshot")
            if snapshot is None:
                raise RuntimeError(f"no snapshot at {call('snapshot_path')}")
            sel, catalogue = _context_queries(call, snapshot, rng)
            PAGES[page](call, snapshot, sel, catalogue)
            as_of = data_access.data_as_of(snapshot)
            recorder.views.append(View(
                user=number, page=page, started=time.monotonic(), key=snapshot.key,
                content_generation=(as_of - base).days if as_of is not None else -1,
                seconds=time.perf_counter() - started,
            ))
        except Exception as exc:  # every failure is counted and reported, none is swallowed
            recorder.failures.append(f"user {number}, page {page}: {type(exc).__name__}: {exc}")


def _percentiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    p50, p95 = np.percentile(np.asarray(values) * 1000, [50, 95])
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"


def _switches(views: list[View], user: int, generation_of_key: dict[tuple, int]) -> list[int]:
    """The snapshot generations a user's views were keyed by, in order, with repeats folded."""
    seen: list[int] = []
    for view in sorted((v for v in views if v.user == user), key=lambda v: v.started):
        generation = generation_of_key.get(view.key, -1)
        if not seen or seen[-1] != generation:
            seen.append(generation)
    return seen


@pytest.mark.slow
def test_twenty_users_during_two_publishes(
    published_snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import streamlit as st

    from dashboards import data_access
    from samrehab.publish import publish_snapshot

    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    sources, base = _generation_sources(published_snapshot, tmp_path)
    target = tmp_path / "published" / "load.marts.duckdb"
    publish_snapshot(sources[0], target)
    monkeypatch.setenv("SAMREHAB_SNAPSHOT", str(target))
    st.cache_data.clear()

    recorder = Recorder()
    # Time every DuckDB connection samrehab.read.queries opens (a cache miss): ``_queries`` runs one or more
    # statements on one connection; older versions of the module only had ``_query``.
    from samrehab.read import queries

    primitive = "_queries" if hasattr(queries, "_queries") else "_query"
    original = getattr(queries, primitive)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            recorder.query_seconds.append(time.perf_counter() - started)

    monkeypatch.setattr(queries, primitive, timed)
    generation_of_key: dict[tuple, int] = {data_access.require_snapshot(target).key: 0}
    stop = threading.Event()
    users = [threading.Thread(target=_user, args=(n, stop, recorder, base), daemon=True)
             for n in range(USERS)]
    started = time.monotonic()
    for user in users:
        user.start()
    publish_seconds: list[float] = []
    switched_at: list[float] = []
    try:
        for generation in range(1, GENERATIONS):
            # Publishes start at 1/4 and 2/4 of the run (each takes seconds under load).
            time.sleep(max(0.0, started + LOAD_SECONDS * generation / 4 - time.monotonic()))
            publish_seconds.append(_publish_in_child(sources[generation], target))
            generation_of_key[data_access.require_snapshot(target).key] = generation
            switched_at.append(time.monotonic() - started)
        # Users keep going for at least a quarter of the run after the last switch.
        time.sleep(max(0.0, started + max(LOAD_SECONDS, switched_at[-1] + LOAD_SECONDS / 4) - time.monotonic()))
    finally:
        stop.set()
        for user in users:
            user.join(timeout=120)
    elapsed = time.monotonic() - started
    assert not any(user.is_alive() for user in users), "a simulated user hung"

    views = recorder.views
    sequences = {n: _switches(views, n, generation_of_key) for n in range(USERS)}
    saw_both = sum(1 for seq in sequences.values() if seq == [0, 1, 2])
    stale = [v for v in views if v.content_generation < generation_of_key.get(v.key, -1)]
    summary = {
        "users": USERS,
        "seconds": round(elapsed, 1),
        "page_views": len(views),
        "calls": len(recorder.call_seconds),
        "duckdb_connections": len(recorder.query_seconds),
        "failures": len(recorder.failures),
        "call_latency": _percentiles(recorder.call_seconds),
        "page_view_latency": _percentiles([v.seconds for v in views]),
        "duckdb_connection_latency": _percentiles(recorder.query_seconds),
        "publish_seconds": [round(s, 1) for s in publish_seconds],
        "switched_at_seconds": [round(s, 1) for s in switched_at],
        "users_that_saw_both_switches": saw_both,
        "views_per_generation": [sum(1 for v in views if generation_of_key.get(v.key) == g)
                                 for g in range(GENERATIONS)],
        "stale_views": len(stale),
    }
    with capsys.disabled():
        print("\nload test (dashboards.data_access):", json.dumps(summary, ensure_ascii=False))
    report = os.environ.get("SAMREHAB_LOAD_REPORT")
    if report:
        Path(report).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")

    assert recorder.failures == [], recorder.failures[:5]
    assert views, "no page view completed"
    page_functions, page_tables = _dashboard_calls()
    assert page_functions <= recorder.functions | {"snapshot_path"}, page_functions - recorder.functions
    assert page_tables <= recorder.tables, page_tables - recorder.tables
    assert all(v.key in generation_of_key for v in views), "a view used a snapshot identity that was never published"
    assert stale == [], f"{len(stale)} views read an older snapshot than their identity, e.g. {stale[0]}"
    for user, sequence in sequences.items():
        assert sequence == [0, 1, 2], f"user {user} saw generations {sequence}: both switches must be seen, in order"
    latest = data_access.require_snapshot(target)
    assert data_access.data_as_of(latest) == base + timedelta(days=GENERATIONS - 1)
