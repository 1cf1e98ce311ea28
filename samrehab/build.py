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
    if not build_warehouse(db_path, args.select, args.unit_tests):
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
