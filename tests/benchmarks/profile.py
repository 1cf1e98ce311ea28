"""Where the dbt build spends its time: per-node timings of dbt's ``run_results.json`` and ``manifest.json``."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.benchmarks.compare import HEADLINE_METRICS

# Cell models of the five headline metrics (their upstream models are the product's computation of them).
HEADLINE_CELL_MODELS: dict[str, str] = {
    "E1.access_rate": "model.samrehab.mc_e1_access_rate",
    "E1.wait_days_median": "model.samrehab.mc_e1_waits",
    "E2.plan_guideline_share": "model.samrehab.mc_e2_plan_guideline",
    "E3.coordinated_visit_share": "model.samrehab.mc_e3_coordinated_visits",
    "E6.readmission_30d_share": "model.samrehab.mc_e6_readmissions",
}
assert set(HEADLINE_CELL_MODELS) == set(HEADLINE_METRICS)


def _ancestors(parent_map: dict[str, list[str]], start: list[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(parent_map.get(node, []))
    return seen


def _span_seconds(results: list[dict[str, Any]]) -> float:
    """Wall time from the first node's start to the last node's end (execution only, no start-up)."""
    starts, ends = [], []
    for result in results:
        for timing in result.get("timing", []):
            if timing.get("started_at") and timing.get("completed_at"):
                starts.append(datetime.fromisoformat(timing["started_at"].replace("Z", "+00:00")))
                ends.append(datetime.fromisoformat(timing["completed_at"].replace("Z", "+00:00")))
    return (max(ends) - min(starts)).total_seconds() if starts else 0.0


def dbt_profile(target_dir: Path, stage_wall_s: float | None = None, top: int = 12) -> dict[str, Any]:
    """Summary of one ``dbt build``: time per resource type, the slowest nodes, the headline subgraph.

    ``stage_wall_s`` (wall time of the whole build process) gives dbt's fixed overhead: start-up,
    parsing and compilation outside node execution.
    """
    run_results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    results = run_results["results"]
    by_type: dict[str, dict[str, float]] = {}
    for result in results:
        kind = result["unique_id"].split(".")[0]
        entry = by_type.setdefault(kind, {"nodes": 0, "seconds": 0.0})
        entry["nodes"] += 1
        entry["seconds"] = round(entry["seconds"] + result["execution_time"], 3)
    slowest = sorted(results, key=lambda r: -r["execution_time"])[:top]
    times = {r["unique_id"]: r["execution_time"] for r in results}
    parent_map = manifest.get("parent_map", {})
    subgraph = {
        node for node in _ancestors(parent_map, list(HEADLINE_CELL_MODELS.values()))
        if node.startswith(("model.", "seed."))
    }
    node_seconds = sum(times.values())
    span = _span_seconds(results)
    profile: dict[str, Any] = {
        "dbt_elapsed_s": round(run_results.get("elapsed_time", 0.0), 3),
        "node_execution_span_s": round(span, 3),
        "sum_of_node_seconds": round(node_seconds, 3),
        "by_resource_type": by_type,
        "slowest_nodes": [{"node": r["unique_id"], "seconds": round(r["execution_time"], 2), "status": r["status"]}
                          for r in slowest],
        "metric_cell_models_s": round(sum(t for n, t in times.items() if n.startswith("model.") and ".mc_" in n), 3),
        "metric_cell_models": sum(1 for n in times if n.startswith("model.") and ".mc_" in n),
        "headline_subgraph": {
            "nodes": len(subgraph),
            "seconds": round(sum(times.get(n, 0.0) for n in subgraph), 3),
            "cell_models": {metric: round(times.get(node, 0.0), 3) for metric, node in HEADLINE_CELL_MODELS.items()},
        },
        "failed_nodes": [r["unique_id"] for r in results if str(r["status"]).lower() in {"error", "fail"}],
    }
    if stage_wall_s is not None:
        profile["overhead_outside_nodes_s"] = round(max(stage_wall_s - span, 0.0), 3)
    return profile


_NODE_DONE = re.compile(
    r"(\d+) of (\d+) (?:OK|PASS|FAIL|ERROR|WARN)(?: \d+)?\s+(?:created \S+ \S+ model |loaded seed file )?(\S+)"
    r".*?in ([\d.]+)s\]")
_NODE_START = re.compile(r"(\d+) of (\d+) START (?:\S+ )*?(?:model|seed file|test|unit_test) (\S+)")


def dbt_progress_from_log(log_path: Path, top: int = 8) -> dict[str, Any]:
    """How far a ``dbt build`` got when it was stopped (no run_results.json): nodes done, the slowest
    finished ones, and the nodes started but not finished, read from dbt's console log."""
    if not log_path.exists():
        return {}
    text = re.sub(r"\x1b\[[0-9;]*m", "", log_path.read_text(encoding="utf-8", errors="replace"))
    done: dict[str, float] = {}
    started: list[str] = []
    total = None
    for line in text.splitlines():
        finished = _NODE_DONE.search(line)
        if finished:
            total = int(finished.group(2))
            done[finished.group(3)] = float(finished.group(4))
            continue
        begun = _NODE_START.search(line)
        if begun:
            total = int(begun.group(2))
            started.append(begun.group(3))
    slowest = sorted(done.items(), key=lambda item: -item[1])[:top]
    return {
        "nodes_total": total,
        "nodes_done": len(done),
        "running_when_stopped": [name for name in dict.fromkeys(started) if name not in done],
        "slowest_done": [{"node": name, "seconds": seconds} for name, seconds in slowest],
    }
