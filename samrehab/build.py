"""``samrehab build``: dbt build (models and tests), data-quality checks, then publish.

A failed dbt test of severity error or a failed error-level quality check stops the build with a
non-zero exit code, and nothing is published: the previous snapshot stays.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

from samrehab.config import DEFAULT_DB

HELP = (
    "Bygg lagret / build the warehouse: run every dbt model and test over the ingested raw data, "
    "run the data-quality checks, and publish the dashboard snapshot when all error-level checks pass."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``samrehab build``."""
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="warehouse file (default %(default)s)")
    parser.add_argument(
        "--select", nargs="+", default=None, metavar="SELECTOR",
        help="build only these dbt nodes (dbt selector syntax); quality and publish are skipped",
    )
    parser.add_argument(
        "--unit-tests", action="store_true",
        help="also run dbt's unit tests (fixed fixtures that test the SQL logic, not the data; `make test` runs them)",
    )
    parser.add_argument("--no-quality", action="store_true", help="skip the data-quality checks (nothing is published)")
    parser.add_argument("--no-publish", action="store_true", help="do not publish the dashboard snapshot")
    parser.add_argument(
        "--engine", choices=("duckdb", "spark"), default="duckdb",
        help="duckdb (default, embedded) or spark: the same dbt project on a local Spark session "
             "(dbt-spark, needs Java), raw layer read from and marts written to Parquet in --lake, "
             "then the marts read back into --db for the quality checks and the publish step",
    )
    parser.add_argument(
        "--lake", type=Path, default=None,
        help="with --engine spark: folder of the Parquet raw layer and marts (default <db folder>/<db stem>.lake)",
    )


def build_warehouse(db_path: Path, select: list[str] | None = None, unit_tests: bool = False) -> bool:
    """Run ``dbt build`` once against ``db_path``; return True when every error-level test passed.

    dbt's unit tests check the models' logic on fixed fixtures, not the delivered data, so a
    production build leaves them out unless ``unit_tests`` is set; the test suite runs them.
    """
    from samrehab.dbt_runner import run_dbt

    args = ["build"]
    if select:
        args += ["--select", *select]
    if not unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    outcome = run_dbt(args, db_path)
    if not outcome.success:
        print("\ndbt build misslyckades / failed:")
        for failure in outcome.failures:
            print(f"  - {failure}")
    return outcome.success


def build_on_spark(db_path: Path, lake: Path | None = None, select: list[str] | None = None,
                   tests: bool = True, export_built: bool = False) -> bool:
    """Build the dbt project on Spark from the warehouse's raw layer; True when it all passed.

    The raw layer is exported to ``<lake>/raw`` as Parquet, the Spark job (samrehab/spark/job.py)
    runs in a child process with its own Spark warehouse and Derby metastore in a temporary folder,
    and the Parquet marts it writes to ``<lake>/marts`` replace the warehouse's ``marts`` tables.
    The seeds and staging views are then built on DuckDB too (seconds): the quality checks read them.
    With ``select`` only that part is built and nothing is read back; ``export_built`` writes the
    tables it built to ``<lake>/tables`` (samrehab/spark/job.py).
    """
    import subprocess
    import sys
    import tempfile

    from samrehab.config import quiet_environment
    from samrehab.dbt_runner import _die_with_parent, run_dbt
    from samrehab.spark.lake import export_raw, import_marts, lake_path
    from samrehab.spark.session import java_runtime

    if java_runtime() is None:
        print("Ingen Java hittades / no Java runtime found: Spark needs one "
              "(Debian: apt-get install openjdk-17-jre-headless, or set JAVA_HOME).")
        return False
    lake = Path(lake) if lake else lake_path(db_path)
    rows = export_raw(db_path, lake)
    if not select:  # Spark refuses to create a table over a non-empty location: the marts are rebuilt
        shutil.rmtree(lake / "marts", ignore_errors=True)
    print(f"raw layer as Parquet: {len(rows)} tables, {sum(rows.values())} rows -> {lake / 'raw'}")
    with tempfile.TemporaryDirectory(prefix="samrehab-spark-") as workdir:
        target_dir = db_path.resolve().parent / f".dbt_{db_path.stem}_spark"  # dbt artefacts, kept
        command = [sys.executable, "-m", "samrehab.spark.job", "--lake", str(lake), "--workdir", workdir,
                   "--target-dir", str(target_dir)]
        if not tests:
            command.append("--no-tests")
        if select:
            command += ["--select", *select]
        if export_built:
            command.append("--export-built")
        env = dict(os.environ, **quiet_environment())
        preexec = _die_with_parent if sys.platform.startswith("linux") else None
        completed = subprocess.run(command, env=env, cwd=workdir, check=False, preexec_fn=preexec)
    if completed.returncode != 0:
        print("\ndbt build på Spark misslyckades / failed on Spark (see the dbt log above)")
        return False
    if select:
        return True
    marts = import_marts(db_path, lake)
    print(f"marts from Parquet into {db_path}: {marts}")
    return run_dbt(["build", "--select", "resource_type:seed", "staging",
                    "--exclude-resource-type", "test", "unit_test"], db_path).success


def run(args: argparse.Namespace) -> int:
    """``samrehab build``: returns 0 when built, checked and published; 1 otherwise."""
    db_path = Path(args.db)
    if not db_path.exists():
        print(f"{db_path} finns inte / does not exist: run `samrehab ingest DELIVERY --db {db_path}` first.")
        return 1
    folder = db_path.resolve().parent
    if not os.access(folder, os.W_OK | os.X_OK) or not os.access(db_path, os.R_OK | os.W_OK):
        print(f"Mappen {folder} är inte skrivbar / the folder {folder} is not writable. "
              "Fix: choose a writable --db path or fix the folder's permissions.")
        return 1
    started = time.perf_counter()
    if not args.select and not args.no_quality:
        from samrehab.quality import preload

        preload()  # great-expectations imports while dbt works in its own process
    if getattr(args, "engine", "duckdb") == "spark":
        built = build_on_spark(db_path, args.lake, args.select)
    else:
        built = build_warehouse(db_path, args.select, args.unit_tests)
    if not built:
        if shutil.disk_usage(folder).free < 64 * 2**20:
            print(f"Disken är full / the disk is full under {folder}. Fix: free disk space, then run the build again.")
        return 1
    dbt_seconds = time.perf_counter() - started
    print(f"dbt build: {dbt_seconds:.1f} s")
    if args.select:
        return 0
    if args.no_quality:
        print("Datakvalitetskontroller hoppades över (--no-quality): ingen publicering.")
        return 0
    from samrehab.quality import run_quality_checks

    quality_started = time.perf_counter()
    quality = run_quality_checks(db_path)
    print(f"data quality: {time.perf_counter() - quality_started:.1f} s")
    if not quality.passed:
        print("Datakvalitetskontroller på felnivå misslyckades / error-level checks failed: nothing published.")
        return 1
    if args.no_publish:
        return 0
    from samrehab.publish import PublishError, publish_snapshot

    try:
        target = publish_snapshot(db_path)
    except PublishError as exc:
        print(f"Publicering misslyckades / publish failed: {exc}")
        return 1
    print(f"Publicerad / published: {target}  (total {time.perf_counter() - started:.1f} s)")
    return 0
