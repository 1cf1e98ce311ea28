"""The dbt build on Spark, in one process: ``python -m samrehab.spark.job --lake L --workdir W``.

1. starts the local Spark session (samrehab/spark/session.py; its warehouse and Derby metastore in
   ``--workdir``), which dbt-spark's ``session`` method then uses;
2. ``dbt build --target spark`` of every SQL model, seed and data test, the raw layer read from
   ``<lake>/raw`` (var ``raw_parquet_path``), the marts written to ``<lake>/marts`` as Parquet;
3. the dbt Python models through samrehab/spark/python_models.py, then their data tests and
   anything downstream of them.

``--no-tests`` builds the models and seeds only. ``--select`` builds a part of the project (no
Python models); ``--export-built`` then writes every table that part built (models and seeds) to
``<lake>/tables/<schema>.<table>`` as Parquet, for the comparison with DuckDB in ``make test``
(tests/test_spark_build.py). Exit code 0 when everything built and every error-level test passed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from samrehab.config import DBT_PROJECT_DIR, quiet_environment


def _dbt(args: list[str], target_dir: Path) -> bool:
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke([
        *args,
        "--target", "spark",
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_dir),
        "--log-path", str(target_dir / "logs"),
    ])
    if result.exception is not None:
        print(f"dbt: {result.exception}", file=sys.stderr)
    return bool(result.success)


def manifest_relations(target_dir: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """From dbt's manifest: every model's and seed's table (``schema.alias``), and every model's config."""
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    relations, configs = {}, {}
    for node in manifest["nodes"].values():
        if node.get("resource_type") in ("model", "seed"):
            relations[node["name"]] = f"{node['schema']}.{node.get('alias') or node['name']}"
            configs[node["name"]] = node.get("config", {})
    return relations, configs


def jvm_cpu_seconds(spark: Any) -> float | None:
    """CPU seconds (user + system) the Spark JVM has used so far, from /proc (Linux), else None.

    The JVM is a child of this process that is never waited for, so the caller's rusage misses it.
    """
    process = getattr(getattr(spark.sparkContext, "_gateway", None), "proc", None)
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError, IndexError):
        return None


def export_built_tables(spark: Any, target_dir: Path, folder: Path) -> list[str]:
    """Write every table (model or seed) of dbt's last run in ``target_dir`` to ``folder/<schema>.<name>``."""
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    nodes = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    names = []
    for result in results:
        node = nodes.get(result["unique_id"], {})
        is_table = node.get("resource_type") == "seed" or (
            node.get("resource_type") == "model" and node.get("config", {}).get("materialized") == "table")
        if result.get("status") == "success" and is_table:
            name = f"{node['schema']}.{node.get('alias') or node['name']}"
            spark.table(name).write.mode("overwrite").parquet(str(folder / name))
            names.append(name)
    return sorted(names)


def run_job(lake: Path, workdir: Path, tests: bool = True, select: list[str] | None = None,
            target_dir: Path | None = None, export_built: bool = False) -> bool:
    """Build the dbt project on a local Spark session; True when it all built (and passed).

    ``target_dir`` keeps dbt's artefacts (default ``<workdir>/dbt-target``); a lasting one lets the
    next build parse only what changed.
    """
    from samrehab.spark.python_models import python_model_names, run_python_models
    from samrehab.spark.session import start_session

    lake, workdir = Path(lake).resolve(), Path(workdir).resolve()
    os.environ.update(quiet_environment())
    os.environ["SAMREHAB_SPARK_LAKE"] = str(lake)
    target_dir = Path(target_dir).resolve() if target_dir else workdir / "dbt-target"
    started = time.perf_counter()
    spark = start_session(workdir)
    print(f"Spark {spark.version} started: {time.perf_counter() - started:.1f} s", flush=True)
    python_models = python_model_names()
    variables = json.dumps({"raw_parquet_path": str(lake / "raw")})
    common = ["--vars", variables, "--exclude-resource-type", "unit_test"]
    if not tests:
        common += ["--exclude-resource-type", "test"]
    first = ["build", *common]
    if select:
        first += ["--select", *select]
    first += ["--exclude", *(f"{name}+" for name in python_models)]
    if not _dbt(first, target_dir):
        return False
    if export_built:
        exported = export_built_tables(spark, target_dir, lake / "tables")
        print(f"{len(exported)} built tables as Parquet -> {lake / 'tables'}", flush=True)
    if select:
        print(f"Spark job: {time.perf_counter() - started:.1f} s wall", flush=True)
        return True
    model_started = time.perf_counter()
    rows = run_python_models(spark, lake, *manifest_relations(target_dir))
    print(f"Python models on Spark: {rows} ({time.perf_counter() - model_started:.1f} s)", flush=True)
    second = ["build", *common, "--select", *(f"{name}+" for name in python_models),
              "--exclude", *python_models]
    ok = _dbt(second, target_dir)
    cpu = jvm_cpu_seconds(spark)
    print(f"Spark job: {time.perf_counter() - started:.1f} s wall"
          + (f", Spark JVM {cpu:.1f} CPU s" if cpu is not None else ""), flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    """Command line of the job (run by ``samrehab build --engine spark`` in a child process)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--no-tests", action="store_true")
    parser.add_argument("--select", nargs="+", default=None)
    parser.add_argument("--target-dir", type=Path, default=None)
    parser.add_argument("--export-built", action="store_true")
    args = parser.parse_args(argv)
    ok = run_job(args.lake, args.workdir, tests=not args.no_tests, select=args.select, target_dir=args.target_dir,
                 export_built=args.export_built)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
