"""``make bench``: the pipeline at 100 000, 1 million and 10 million visits, with two baselines.

For each scale: generate a delivery (not part of the product), then ingest, dbt build, quality
checks, publish, the two baselines (DuckDB SQL and pandas over the raw files), the agreement check
of the three, and the dashboard queries' latency against the snapshot. Every stage runs in its own
process (wall time and peak memory per stage). Results are merged into a JSON file (one entry per
scale, the latest run wins) and the table of ``BENCHMARKS.md`` is rewritten from it.

    python -m tests.benchmarks.run --scale 1m
    python -m tests.benchmarks.run --scale 10m --time-box 40
    python -m tests.benchmarks.run --scale all

Generated data lives under ``--data-dir`` (default /tmp/bench_data), never in the repository; a
delivery is generated once per scale and reused (``--regenerate`` to force).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from tests.benchmarks.stage import PROJECT_ROOT, StageResult, run_stage

# patients per scale: the generator writes about 4.07 visits per patient
SCALES: dict[str, int] = {"100k": 25_000, "1m": 250_000, "10m": 2_500_000}
SEED = 20250901
DEFAULT_DATA_DIR = Path("/tmp/bench_data")
DEFAULT_JSON = PROJECT_ROOT / "BENCHMARKS.json"
DEFAULT_MARKDOWN = PROJECT_ROOT / "BENCHMARKS.md"

# Targets of issue 10 (2 cores, 24 GB).
TARGET_1M_RAW_TO_SNAPSHOT_S = 60
TARGET_10M_RAW_TO_SNAPSHOT_S = 600
TARGET_10M_PEAK_MB = 8 * 1024
TARGET_DASHBOARD_P95_MS = 200
TARGET_RATIO_TO_DUCKDB = 3.0


def machine_description() -> dict[str, Any]:
    """CPU model, cores, memory, OS and the library versions that matter."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                memory_kb = int(line.split()[1])
    except OSError:
        pass
    free = subprocess.run(["free", "-m"], capture_output=True, text=True, check=False).stdout.strip()
    versions = {}
    for package in ("duckdb", "polars", "pandas", "dbt-core", "dbt-duckdb", "great-expectations", "streamlit"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": cpu, "nproc": os.cpu_count(), "memory_gb": round(memory_kb / 2**20, 1), "free_m": free,
        "os": platform.platform(), "python": platform.python_version(), "versions": versions,
    }


def _bytes(path: Path) -> int:
    """Size of a file (with a DuckDB WAL next to it) or of a folder."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    total = path.stat().st_size if path.exists() else 0
    wal = path.with_name(path.name + ".wal")
    return total + (wal.stat().st_size if wal.exists() else 0)


class ScaleRun:
    """One scale: its folders, the stages run so far and the JSON entry they make."""

    def __init__(self, scale: str, data_dir: Path, time_box_s: float | None, memory_cap_mb: float | None) -> None:
        self.scale = scale
        self.patients = SCALES[scale]
        self.root = data_dir / scale
        self.delivery = self.root / "delivery"
        self.db = self.root / "warehouse.duckdb"
        self.logs = self.root / "logs"
        self.started = time.perf_counter()
        self.product_started: float | None = None
        self.time_box_s = time_box_s
        self.memory_cap_mb = memory_cap_mb
        self.entry: dict[str, Any] = {
            "scale": scale, "patients": self.patients, "seed": SEED,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "time_box_min": round(time_box_s / 60, 1) if time_box_s else None,
            "memory_guard_mb": memory_cap_mb,
            "stages": {},
        }

    def start_product_clock(self) -> None:
        """The time box counts from here (the product's stages), not from generation and baselines."""
        self.product_started = time.perf_counter()

    def remaining(self) -> float | None:
        """Seconds left in the time box (None: no time box or its clock has not started)."""
        if self.time_box_s is None or self.product_started is None:
            return None
        return max(self.time_box_s - (time.perf_counter() - self.product_started), 1.0)

    def out_of_time(self) -> bool:
        """Whether the time box is used up."""
        remaining = self.remaining()
        return remaining is not None and remaining <= 1.0

    def stage(self, name: str, args: list[str]) -> StageResult:
        """Run one stage, record it, print one line."""
        load_before = os.getloadavg()[0]
        result = run_stage(name, args, self.logs / f"{name}.log", self.root / "results" / f"{name}.json",
                           timeout_s=self.remaining(), memory_cap_mb=self.memory_cap_mb)
        record = result.as_dict()
        record["load_average_1m_before"] = round(load_before, 2)
        self.entry["stages"][name] = record
        status = "ok" if result.ok else f"FAILED ({result.error})"
        print(f"  [{self.scale}] {name:<16} {result.wall_s:8.1f} s  peak {result.peak_tree_rss_mb:8.0f} MB  {status}",
              flush=True)
        return result


def _generate(run: ScaleRun, regenerate: bool) -> bool:
    marker = run.root / "generate.json"
    if not regenerate and marker.exists() and (run.delivery / "manifest.json").exists():
        previous = json.loads(marker.read_text(encoding="utf-8"))
        if previous.get("patients") == run.patients and previous.get("seed") == SEED:
            run.entry["stages"]["generate"] = {**previous, "reused": True}
            print(f"  [{run.scale}] generate         reused {run.delivery} (generated in "
                  f"{previous.get('wall_s', 0):.1f} s)", flush=True)
            return True
    shutil.rmtree(run.delivery, ignore_errors=True)
    result = run.stage("generate", ["--delivery", str(run.delivery), "--patients", str(run.patients),
                                    "--seed", str(SEED)])
    if result.ok:
        marker.write_text(json.dumps(result.as_dict(), indent=2), encoding="utf-8")
    return result.ok


def _fresh_warehouse(run: ScaleRun) -> None:
    from samrehab.config import published_path
    from samrehab.dbt_runner import dbt_target_dir

    for path in (run.db, run.db.with_name(run.db.name + ".wal"), published_path(run.db)):
        path.unlink(missing_ok=True)
    shutil.rmtree(dbt_target_dir(run.db), ignore_errors=True)


def _derive(entry: dict[str, Any]) -> None:
    """Totals, ratios and target checks from the stage records."""
    stages = entry["stages"]

    def wall(name: str) -> float | None:
        stage = stages.get(name)
        usable = stage and (stage.get("ok") or stage.get("fallback_snapshot"))
        return stage["wall_s"] if usable else None

    visits = stages.get("generate", {}).get("rows", {}).get("visits")
    entry["visits"] = visits
    quality = stages.get("quality", {})
    quality_s = wall("quality") if quality.get("measured") else 0.0
    parts = [wall("ingest"), wall("dbt"), quality_s, wall("publish")]
    raw_to_snapshot = sum(parts) if all(p is not None for p in parts) else None
    entry["raw_to_snapshot_s"] = round(raw_to_snapshot, 2) if raw_to_snapshot is not None else None
    entry["raw_to_snapshot_includes_quality"] = bool(quality.get("measured"))
    entry["publish_fallback"] = bool(stages.get("publish", {}).get("fallback_snapshot"))
    product_peaks = [stages[n]["peak_tree_rss_mb"] for n in ("ingest", "dbt", "quality", "publish") if n in stages]
    entry["product_peak_rss_mb"] = max(product_peaks) if product_peaks else None
    profile = entry.get("dbt_profile") or {}
    headline_s = profile.get("headline_subgraph", {}).get("seconds")
    ratios: dict[str, float | None] = {}
    for baseline in ("baseline_duckdb", "baseline_pandas"):
        seconds = wall(baseline)
        short = baseline.removeprefix("baseline_")
        for label, value in (("raw_to_snapshot", raw_to_snapshot), ("dbt_build", wall("dbt")),
                             ("headline_models", headline_s), ("headline_models_alone", wall("headline_models"))):
            ratios[f"{label}_vs_{short}"] = round(value / seconds, 2) if value and seconds else None
    cpu = [stages.get(n, {}).get("cpu_s") for n in ("ingest", "dbt", "publish")]
    baseline_cpu = stages.get("baseline_duckdb", {}).get("cpu_s")
    if all(c is not None for c in cpu) and baseline_cpu:
        quality_cpu = stages.get("quality", {}).get("cpu_s") or 0.0
        ratios["product_cpu_vs_duckdb_cpu"] = round((sum(cpu) + quality_cpu) / baseline_cpu, 1)
    entry["ratios"] = ratios
    dashboard = stages.get("dashboard", {})
    entry["dashboard_p95_ms"] = (dashboard.get("all_runs") or {}).get("p95_ms")
    entry["dashboard_worst_query_p95_ms"] = dashboard.get("worst_query_p95_ms")
    targets: dict[str, Any] = {}
    if entry["scale"] == "1m" and raw_to_snapshot is not None:
        targets["raw_to_snapshot_under_60s"] = raw_to_snapshot < TARGET_1M_RAW_TO_SNAPSHOT_S
    if entry["scale"] == "10m":
        targets["raw_to_snapshot_under_10min"] = (
            raw_to_snapshot < TARGET_10M_RAW_TO_SNAPSHOT_S if raw_to_snapshot is not None else None)
        targets["dashboard_p95_under_200ms"] = None
        if entry["product_peak_rss_mb"] is not None:
            targets["peak_memory_under_8gb"] = entry["product_peak_rss_mb"] < TARGET_10M_PEAK_MB
        if entry["dashboard_worst_query_p95_ms"] is not None:
            targets["dashboard_p95_under_200ms"] = entry["dashboard_worst_query_p95_ms"] < TARGET_DASHBOARD_P95_MS
    # The metrics' models are compared with the baseline under its conditions: alone on the machine.
    if ratios.get("headline_models_alone_vs_duckdb") is not None:
        targets["headline_models_within_3x_duckdb"] = (
            ratios["headline_models_alone_vs_duckdb"] <= TARGET_RATIO_TO_DUCKDB)
    if ratios.get("raw_to_snapshot_vs_duckdb") is not None:
        targets["raw_to_snapshot_within_3x_duckdb"] = ratios["raw_to_snapshot_vs_duckdb"] <= TARGET_RATIO_TO_DUCKDB
    entry["targets"] = targets


def run_scale(scale: str, data_dir: Path, runs: int, regenerate: bool, time_box_s: float | None,
              memory_cap_mb: float | None, save: Any, spark: bool = False) -> dict[str, Any]:
    """All stages of one scale; ``save(entry)`` is called after every stage so a killed run keeps its numbers.

    Order: generate, the two baselines (independent of the product), then the product's stages
    (ingest, dbt, quality, publish; the time box counts from ingest) with the headline models' replay
    (not product time) before publish, the agreement check, with ``spark`` the same dbt build on
    Spark (stage ``spark``: its time and whether every mart equals DuckDB's) and the dashboard latency.
    """
    from samrehab.config import published_path
    from samrehab.dbt_runner import dbt_target_dir
    from tests.benchmarks.profile import dbt_profile, dbt_progress_from_log

    run = ScaleRun(scale, data_dir, time_box_s, memory_cap_mb)
    run.root.mkdir(parents=True, exist_ok=True)
    print(f"scale {scale}: {run.patients:,} patients → {run.root}", flush=True)
    entry = run.entry

    def checkpoint(note: str | None = None) -> None:
        if note:
            entry.setdefault("notes", []).append(note)
        entry["elapsed_s"] = round(time.perf_counter() - run.started, 1)
        _derive(entry)
        save(entry)

    if not _generate(run, regenerate):
        checkpoint("generation failed: nothing else measured")
        return entry
    entry["delivery_bytes"] = _bytes(run.delivery)
    checkpoint()
    cells = {name: run.root / "results" / f"{name}.parquet" for name in ("baseline_duckdb", "baseline_pandas")}
    for name, path in cells.items():
        path.unlink(missing_ok=True)
        run.stage(name, ["--delivery", str(run.delivery), "--cells", str(path)])
        checkpoint()
    _fresh_warehouse(run)
    run.start_product_clock()
    common = ["--delivery", str(run.delivery), "--db", str(run.db)]
    if not run.stage("ingest", common).ok:
        checkpoint("ingest failed: the product's later stages not run")
        return entry
    entry["warehouse_bytes_after_ingest"] = _bytes(run.db)
    checkpoint()
    run.stage("dbt_parse", common)  # as after any earlier build of the project: see BENCHMARKS.md
    dbt = run.stage("dbt", common)
    entry["warehouse_bytes"] = _bytes(run.db)
    target_dir = dbt_target_dir(run.db)
    if (target_dir / "run_results.json").exists():
        entry["dbt_profile"] = dbt_profile(target_dir, dbt.wall_s)
    else:
        entry["dbt_progress"] = dbt_progress_from_log(run.logs / "dbt.log")
    if not dbt.ok:
        checkpoint(f"dbt build did not complete: {dbt.error}")
    if run.out_of_time() or not (run.db.exists() and dbt.ok or (target_dir / "run_results.json").exists()):
        checkpoint("quality, publish, agreement and dashboard not run (dbt build did not complete)")
        return entry
    run.stage("quality", common)
    checkpoint()
    run.stage("headline_models", ["--db", str(run.db)])  # not part of the product's time
    checkpoint()
    publish = run.stage("publish", common)
    snapshot = published_path(run.db)
    entry["snapshot_bytes"] = _bytes(snapshot) if snapshot.exists() else None
    checkpoint()
    entry["agreement"] = _agreement(run.db, cells)
    checkpoint()
    if spark:
        run.stage("spark", ["--db", str(run.db)])  # the same build on Spark, after DuckDB's
        checkpoint()
    if snapshot.exists():
        run.stage("dashboard", ["--snapshot", str(snapshot), "--runs", str(runs)])
    else:
        entry["stages"]["dashboard"] = {"ok": False, "error": f"no snapshot (publish failed: {publish.error})"}
    checkpoint()
    return entry


def _agreement(db: Path, cells: dict[str, Path]) -> dict[str, Any]:
    import pandas as pd

    from tests.benchmarks.compare import agreement

    frames = {name.removeprefix("baseline_"): pd.read_parquet(path) for name, path in cells.items() if path.exists()}
    if not frames or not db.exists():
        return {"all_agree": False, "error": "baseline cells or warehouse missing"}
    try:
        summary = agreement(db, frames)
    except Exception as exc:  # reported in the results, never hidden
        return {"all_agree": False, "error": f"{type(exc).__name__}: {exc}"}
    print(f"  agreement: {'all three agree' if summary['all_agree'] else 'DISAGREE'}", flush=True)
    return summary


def load_results(path: Path) -> dict[str, Any]:
    """The results file, or an empty one."""
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"scales": {}}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen scales and write the JSON and the BENCHMARKS.md table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="1m")
    parser.add_argument("--out", type=Path, default=DEFAULT_JSON, help="results JSON (merged per scale)")
    parser.add_argument("--markdown", type=Path, default=DEFAULT_MARKDOWN, help="file whose table is rewritten")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="generated data (not the repo)")
    parser.add_argument("--runs", type=int, default=20, help="runs per dashboard query")
    parser.add_argument("--regenerate", action="store_true", help="generate the deliveries again")
    parser.add_argument("--time-box", type=float, default=None, metavar="MINUTES",
                        help="stop a scale's product stages (ingest onwards) after this many minutes; "
                             "what did not finish is recorded as such")
    parser.add_argument("--spark", action="store_true",
                        help="also build on Spark (local[2], needs Java) and compare its marts with DuckDB's")
    parser.add_argument("--report-only", action="store_true",
                        help="only rewrite the table of --markdown from --out (nothing is run)")
    parser.add_argument("--memory-guard", type=float, default=20.0, metavar="GB",
                        help="kill a stage whose processes hold more than this resident memory "
                             "(protects a shared machine without swap; default %(default)s GB)")
    args = parser.parse_args(argv)
    from tests.benchmarks.report import write_markdown

    scales = list(SCALES) if args.scale == "all" else [args.scale]
    results = load_results(args.out)
    if args.report_only:
        for entry in results["scales"].values():
            _derive(entry)
        write_markdown(results, args.markdown)
        print(f"wrote {args.markdown} from {args.out}")
        return 0
    results["machine"] = machine_description()

    def save(entry: dict[str, Any]) -> None:
        results["scales"][entry["scale"]] = entry
        results["updated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")

    exit_code = 0
    for scale in scales:
        time_box = args.time_box * 60 if args.time_box else None
        entry = run_scale(scale, args.data_dir, args.runs, args.regenerate, time_box,
                          args.memory_guard * 1024 if args.memory_guard else None, save, spark=args.spark)
        save(entry)
        if not entry.get("agreement", {}).get("all_agree"):
            exit_code = 1
    write_markdown(results, args.markdown)
    print(f"wrote {args.out} and {args.markdown}")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
