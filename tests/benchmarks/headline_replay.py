"""The five headline metrics' models run alone, under the conditions the DuckDB baseline runs in.

Inside ``dbt build`` two dbt threads share the machine's two cores, so a node's time includes waiting
for the other thread's work; the sum of node times therefore overstates what the metrics cost. Here
the SQL dbt compiled for the models the five cell models depend on (staging, intermediate and the
five ``mc_*`` models: ``profile.HEADLINE_CELL_MODELS`` and their ancestors) runs one model after the
other on one DuckDB connection with DuckDB's default threads, as the baseline script does, with the
memory settings of ``profiles.yml``.

The models read their inputs from the built warehouse, attached read-only under its own catalog name
(the name the compiled SQL uses), and write their results into a scratch database that is removed
afterwards: the warehouse is not changed. After the timing, the five cell models' replayed rows are
compared with the built ones (they must be identical).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.profile import HEADLINE_CELL_MODELS, _ancestors


def headline_models_in_order(manifest: dict[str, Any]) -> list[str]:
    """Model nodes the five headline cell models depend on (themselves included), parents first."""
    parent_map: dict[str, list[str]] = manifest.get("parent_map", {})
    wanted = {node for node in _ancestors(parent_map, list(HEADLINE_CELL_MODELS.values()))
              if node.startswith("model.")}
    ordered: list[str] = []
    placed: set[str] = set()

    def place(node: str) -> None:
        if node in placed or node not in wanted:
            return
        placed.add(node)
        for parent in sorted(parent_map.get(node, [])):
            place(parent)
        ordered.append(node)

    for node in sorted(wanted):
        place(node)
    return ordered


def replay(target_dir: Path, db_path: Path, scratch_path: Path, memory_limit: str | None = None) -> dict[str, Any]:
    """Run the headline models' compiled SQL against ``db_path``; seconds per model and in total.

    ``target_dir`` holds dbt's ``manifest.json`` from a build or compile that included these models.
    """
    import duckdb

    from samrehab.dbt_runner import default_memory_limit

    manifest = json.loads((Path(target_dir) / "manifest.json").read_text(encoding="utf-8"))
    nodes = headline_models_in_order(manifest)
    missing = [node for node in nodes if not manifest["nodes"][node].get("compiled_code")]
    if missing:
        raise RuntimeError(f"manifest.json has no compiled SQL for {missing[:3]}: build or compile them first")
    scratch_path = Path(scratch_path)
    scratch_path.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch_path))
    per_model: dict[str, float] = {}
    try:
        con.execute(f"set memory_limit = '{memory_limit or default_memory_limit()}'")
        con.execute("set preserve_insertion_order = false")
        con.execute(f"attach '{Path(db_path).resolve()}' as \"{Path(db_path).stem}\" (read_only)")
        started = time.perf_counter()
        for node_id in nodes:
            node = manifest["nodes"][node_id]
            con.execute(f'create schema if not exists "{node["schema"]}"')
            kind = "view" if node["config"].get("materialized") == "view" else "table"
            model_started = time.perf_counter()
            con.execute(f'create or replace {kind} "{node["schema"]}"."{node["alias"]}" as {node["compiled_code"]}')
            per_model[node["name"]] = round(time.perf_counter() - model_started, 3)
        total = time.perf_counter() - started
        threads = con.execute("select current_setting('threads')").fetchone()[0]
        differing = _cell_models_differing(con, manifest, Path(db_path).stem)
    finally:
        con.close()
        scratch_path.unlink(missing_ok=True)
        scratch_path.with_name(scratch_path.name + ".wal").unlink(missing_ok=True)
    return {"seconds": round(total, 3), "models": len(nodes), "threads": int(threads), "per_model": per_model,
            "cell_models_identical_to_build": not differing, "cell_models_differing": differing,
            "error": f"the replay gave other cells than the build for {differing}" if differing else None}


def _cell_models_differing(con: Any, manifest: dict[str, Any], warehouse: str) -> list[str]:
    """The five cell models whose replayed rows differ from the built ones (EXCEPT ALL both ways; floating
    point columns rounded to 6 decimals, since parallel sums may differ in the last bits)."""
    differing = []
    for node_id in HEADLINE_CELL_MODELS.values():
        node = manifest["nodes"][node_id]
        replayed = f'"{node["schema"]}"."{node["alias"]}"'
        built = f'"{warehouse}".{replayed}'
        columns = con.execute(f"select column_name, column_type from (describe {built})").fetchall()
        select = ", ".join(f'round("{name}", 6)' if kind in ("DOUBLE", "FLOAT") else f'"{name}"'
                           for name, kind in columns)
        extra = con.execute(f"select count(*) from (select {select} from {replayed} "
                            f"except all select {select} from {built})").fetchone()[0]
        missing = con.execute(f"select count(*) from (select {select} from {built} "
                              f"except all select {select} from {replayed})").fetchone()[0]
        if extra or missing:
            differing.append(node["name"])
    return differing
