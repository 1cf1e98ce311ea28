"""The dbt build on Spark, in one process: ``python -m samrehab.spark.job --lake L --workdir W``.

1. starts the local Spark session (samrehab/spark/session.py; its warehouse and Derby metastore in
   ``--workdir``), which dbt-spark's ``session`` method then uses;
2. ``dbt build --target spark`` of every SQL model, seed and data test, the raw layer read from
   ``<lake>/raw`` (var ``raw_parquet_path``), the marts written to ``<lake>/marts`` as Parquet;
3. the dbt Python models through samrehab/spark/python_models.py, then their data tests and
   anything downstream of them.

``--no-tests`` builds the models and seeds only (the quick check in ``make test``). Exit code 0
when everything built and every error-level test passed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

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


def _model_configs(target_dir: Path, names: list[str]) -> dict[str, dict]:
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    configs = {}
    for node in manifest["nodes"].values():
        if node.get("resource_type") == "model" and node.get("name") in names:
            configs[node["name"]] = node.get("config", {})
    return configs


def run_job(lake: Path, workdir: Path, tests: bool = True, select: list[str] | None = None,
            target_dir: Path | None = None) -> bool:
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
    if select:
        return True
    model_started = time.perf_counter()
    rows = run_python_models(spark, lake, _model_configs(target_dir, python_models))
    print(f"Python models on Spark: {rows} ({time.perf_counter() - model_started:.1f} s)", flush=True)
    second = ["build", *common, "--select", *(f"{name}+" for name in python_models),
              "--exclude", *python_models]
    return _dbt(second, target_dir)


def main(argv: list[str] | None = None) -> int:
    """Command line of the job (run by ``samrehab build --engine spark`` in a child process)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--no-tests", action="store_true")
    parser.add_argument("--select", nargs="+", default=None)
    parser.add_argument("--target-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    ok = run_job(args.lake, args.workdir, tests=not args.no_tests, select=args.select, target_dir=args.target_dir)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
