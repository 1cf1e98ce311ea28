"""One measured stage of the benchmark, run in its own process so wall time and peak memory are per stage.

The driver (``tests.benchmarks.run``) starts ``python -m tests.benchmarks.stage NAME --result FILE ...``
through :func:`run_stage`, which measures the child's wall time, its peak resident set size (the
kernel's ``ru_maxrss`` of the child and the descendants it waited for, e.g. the dbt process) and the
sampled resident memory of the whole process tree. The child writes what it measured itself (time
inside the stage, rows, sizes) as JSON to FILE.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------------------------
# Parent side
# ---------------------------------------------------------------------------------------------

@dataclass
class StageResult:
    """What the driver measured around one stage, plus the child's own report."""

    name: str
    ok: bool
    wall_s: float
    peak_rss_mb: float
    peak_tree_rss_mb: float
    cpu_s: float
    returncode: int | None
    detail: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ok": self.ok, "wall_s": round(self.wall_s, 3), "peak_rss_mb": round(self.peak_rss_mb, 1),
            "peak_tree_rss_mb": round(self.peak_tree_rss_mb, 1), "cpu_s": round(self.cpu_s, 2),
            "returncode": self.returncode,
            "error": self.error, **self.detail,
        }


def _tree_rss_sampler(pid: int, stop: threading.Event, peak: list[float], cap_mb: float | None,
                     capped: threading.Event) -> None:
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        total = 0
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        peak[0] = max(peak[0], total / 2**20)
        if cap_mb is not None and peak[0] > cap_mb:
            capped.set()
            return
        stop.wait(0.1)


def run_stage(name: str, args: list[str], log_path: Path, result_path: Path,
              timeout_s: float | None = None, memory_cap_mb: float | None = None) -> StageResult:
    """Run stage ``name`` in a child process; its output goes to ``log_path``.

    A stage that exceeds ``timeout_s``, or whose process tree holds more than ``memory_cap_mb`` of
    resident memory (a guard for a shared machine without swap), is killed with its process group
    and reported as not ok.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    result_path.parent.mkdir(parents=True, exist_ok=True)
    result_path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "tests.benchmarks.stage", name, "--result", str(result_path), *args]
    env = dict(os.environ, PYTHONUNBUFFERED="1", DO_NOT_TRACK="1", DBT_SEND_ANONYMOUS_USAGE_STATS="False",
               GX_ANALYTICS_ENABLED="False")
    started = time.perf_counter()
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
        stop, capped = threading.Event(), threading.Event()
        peak = [0.0]
        sampler = threading.Thread(target=_tree_rss_sampler,
                                   args=(process.pid, stop, peak, memory_cap_mb, capped), daemon=True)
        sampler.start()
        timed_out = False
        deadline = None if timeout_s is None else started + timeout_s
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            timed_out = deadline is not None and time.perf_counter() > deadline
            if timed_out or capped.is_set():
                os.killpg(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
    wall = time.perf_counter() - started
    detail: dict[str, Any] = {}
    if result_path.exists():
        detail = json.loads(result_path.read_text(encoding="utf-8"))
    error = None
    if capped.is_set():
        error = f"killed at {peak[0]:.0f} MB resident (memory guard {memory_cap_mb:.0f} MB)"
    elif timed_out:
        error = f"killed after {timeout_s:.0f} s (time box)"
    elif process.returncode != 0:
        text = re.sub(r"\x1b\[[0-9;]*m", "", log_path.read_text(encoding="utf-8", errors="replace"))
        tail = text.strip().splitlines()[-5:]
        error = f"exit code {process.returncode}: " + " | ".join(tail)
    elif detail.get("error"):
        error = str(detail["error"])
    ok = not timed_out and not capped.is_set() and process.returncode == 0 and not detail.get("error")
    return StageResult(name, ok, wall, usage.ru_maxrss / 1024, max(peak[0], usage.ru_maxrss / 1024),
                       usage.ru_utime + usage.ru_stime, process.returncode, detail, error)


# ---------------------------------------------------------------------------------------------
# Child side: one function per stage; each returns the JSON-ready facts it measured
# ---------------------------------------------------------------------------------------------

def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def stage_generate(args: argparse.Namespace) -> dict[str, Any]:
    """Generate a delivery (not part of the product's time)."""
    from samrehab.generator.delivery import generate_delivery

    rows, seconds = _timed(lambda: generate_delivery(Path(args.delivery), args.patients, args.seed,
                                                     date(2023, 1, 1), date(2025, 12, 31)))
    size = sum(p.stat().st_size for p in Path(args.delivery).iterdir() if p.is_file())
    return {"seconds": seconds, "rows": rows, "total_rows": sum(rows.values()), "delivery_bytes": size,
            "patients": args.patients, "seed": args.seed}


def stage_ingest(args: argparse.Namespace) -> dict[str, Any]:
    """``ingest_delivery`` into a new warehouse."""
    from ingest.pipeline import ingest_delivery

    report, seconds = _timed(lambda: ingest_delivery(Path(args.delivery), Path(args.db)))
    loaded = sum(f.rows_loaded or 0 for f in report.files)
    read = sum(f.rows_read or 0 for f in report.files)
    quarantined = sum(f.rows_quarantined or 0 for f in report.files)
    error = None if report.exit_code == 0 else f"ingest exit code {report.exit_code}: {report.errors[:3]}"
    return {"seconds": seconds, "rows_read": read, "rows_loaded": loaded, "rows_quarantined": quarantined,
            "rows_per_s": read / seconds if seconds else None, "error": error}


def stage_dbt_parse(args: argparse.Namespace) -> dict[str, Any]:
    """``dbt parse`` of the project (not part of the product's time: a warehouse that has been built
    before keeps dbt's parse result, so its builds parse only what changed)."""
    from samrehab.dbt_runner import run_dbt

    outcome, seconds = _timed(lambda: run_dbt(["parse"], Path(args.db)))
    return {"seconds": seconds, "error": None if outcome.success else "dbt parse failed (see the stage log)"}


def stage_dbt(args: argparse.Namespace) -> dict[str, Any]:
    """``build_warehouse`` (one ``dbt build``: seeds, models and data tests; unit tests run in ``make test``)."""
    from samrehab.build import build_warehouse

    ok, seconds = _timed(lambda: build_warehouse(Path(args.db)))
    return {"seconds": seconds, "error": None if ok else "dbt build failed (see the stage log)"}


def stage_spark(args: argparse.Namespace) -> dict[str, Any]:
    """The same dbt build on Spark (``build_on_spark``: raw layer exported to Parquet, every model and
    data test on a local[2] Spark session, Parquet marts read back into a copy of the warehouse),
    then every mart compared with the DuckDB build's (``samrehab.spark.compare``)."""
    import shutil

    from samrehab.build import build_on_spark
    from samrehab.spark.compare import compare_marts
    from samrehab.spark.lake import export_raw
    from samrehab.spark.session import java_runtime

    if java_runtime() is None:
        return {"measured": False, "reason": "no Java runtime found"}
    db = Path(args.db)
    copy = db.with_name(f".{db.stem}_spark.duckdb")
    shutil.copy2(db, copy)
    lake = db.with_name(f".{db.stem}_spark.lake")
    _, export_seconds = _timed(lambda: export_raw(copy, lake))
    ok, seconds = _timed(lambda: build_on_spark(copy, lake))
    comparisons = compare_marts(db, lake) if ok else []
    copy.unlink(missing_ok=True)
    return {
        "measured": True, "seconds": seconds, "raw_export_seconds": export_seconds,
        "error": None if ok else "the Spark build failed (see the stage log)",
        "marts_equal": bool(comparisons) and all(c.equal for c in comparisons),
        "marts": {c.name: {"rows": c.spark_rows, "equal": c.equal, "problems": c.problems[:3]} for c in comparisons},
    }


def stage_headline_models(args: argparse.Namespace) -> dict[str, Any]:
    """The five headline metrics' models replayed alone (``headline_replay``), after the build."""
    from samrehab.dbt_runner import dbt_target_dir
    from tests.benchmarks.headline_replay import replay

    db = Path(args.db)
    return replay(dbt_target_dir(db), db, db.with_name(f".{db.stem}_headline_replay.duckdb"))


def stage_quality(args: argparse.Namespace) -> dict[str, Any]:
    """``samrehab.quality.run_quality_checks`` (great-expectations), when the module exists."""
    try:
        from samrehab.quality import run_quality_checks
    except ImportError as exc:
        return {"measured": False, "reason": f"samrehab.quality.run_quality_checks is not importable ({exc})"}
    report_dir = Path(args.db).resolve().parent / "quality_report"  # never the repository's reports/
    outcome, seconds = _timed(lambda: run_quality_checks(Path(args.db), report_dir))
    passed = bool(getattr(outcome, "passed", False))
    timings = {k: round(float(v), 3) for k, v in (getattr(outcome, "timings", None) or {}).items()}
    results = getattr(outcome, "results", None)
    checks = int(len(results)) if results is not None else None
    return {"measured": True, "seconds": seconds, "passed": passed, "timings": timings, "checks": checks}


def stage_publish(args: argparse.Namespace) -> dict[str, Any]:
    """``publish_snapshot`` (marts only, atomic rename).

    When the product's publish fails, the failure is the stage's result (``error``); a stand-in
    snapshot with the same content (every ``marts`` table copied) is then written so the dashboard
    latency can still be measured, and flagged ``fallback_snapshot``.
    """
    from samrehab.config import published_path
    from samrehab.publish import PublishError, publish_snapshot

    try:
        target, seconds = _timed(lambda: publish_snapshot(Path(args.db)))
    except PublishError as exc:
        target, seconds = _timed(lambda: _copy_marts(Path(args.db), published_path(Path(args.db))))
        return {"seconds": seconds, "snapshot": str(target), "snapshot_bytes": target.stat().st_size,
                "fallback_snapshot": True, "error": f"publish_snapshot failed: {exc}"}
    return {"seconds": seconds, "snapshot": str(target), "snapshot_bytes": Path(target).stat().st_size}


def _copy_marts(db_path: Path, target: Path) -> Path:
    """Stand-in snapshot: every ``marts`` table of ``db_path`` copied into ``target`` (benchmark only)."""
    import duckdb

    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        con.execute(f"attach '{db_path}' as source (read_only)")
        tables = [name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_catalog = 'source' "
            "and table_schema = 'marts' order by 1").fetchall()]
        con.execute("create schema if not exists marts")
        for name in tables:
            con.execute(f'create table marts."{name}" as select * from source.marts."{name}"')
        con.execute("detach source")
        con.execute("checkpoint")
    finally:
        con.close()
    return target


def stage_baseline_duckdb(args: argparse.Namespace) -> dict[str, Any]:
    """Baseline (a): the hand-written DuckDB script over the raw files."""
    from tests.benchmarks.baseline_duckdb import compute_metrics

    cells, seconds = _timed(lambda: compute_metrics(Path(args.delivery)))
    cells.to_parquet(args.cells, index=False)
    return {"seconds": seconds, "cells": len(cells)}


def stage_baseline_pandas(args: argparse.Namespace) -> dict[str, Any]:
    """Baseline (b): the same five metrics with pandas."""
    from tests.benchmarks.baseline_pandas import compute_metrics

    cells, seconds = _timed(lambda: compute_metrics(Path(args.delivery)))
    cells.to_parquet(args.cells, index=False)
    return {"seconds": seconds, "cells": len(cells)}


def stage_dashboard(args: argparse.Namespace) -> dict[str, Any]:
    """Latency of every query the dashboard pages issue, against the published snapshot."""
    from tests.benchmarks.dashboard_queries import measure

    return measure(Path(args.snapshot), runs=args.runs)


STAGES: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "generate": stage_generate,
    "ingest": stage_ingest,
    "dbt_parse": stage_dbt_parse,
    "dbt": stage_dbt,
    "headline_models": stage_headline_models,
    "spark": stage_spark,
    "quality": stage_quality,
    "publish": stage_publish,
    "baseline_duckdb": stage_baseline_duckdb,
    "baseline_pandas": stage_baseline_pandas,
    "dashboard": stage_dashboard,
}


def _volunteer_for_oom_killer() -> None:
    """On Linux, make this stage (and the dbt process it starts) the first the kernel stops when memory
    runs out, so a benchmark never costs another process on a shared machine its work."""
    with contextlib.suppress(OSError):
        Path("/proc/self/oom_score_adj").write_text("1000", encoding="ascii")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the child process."""
    parser = argparse.ArgumentParser(description="one benchmark stage (started by tests.benchmarks.run)")
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--delivery", type=Path)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--snapshot", type=Path)
    parser.add_argument("--cells", type=Path)
    parser.add_argument("--patients", type=int)
    parser.add_argument("--seed", type=int, default=20250901)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    _volunteer_for_oom_killer()
    facts = STAGES[args.stage](args)
    args.result.write_text(json.dumps(facts, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
