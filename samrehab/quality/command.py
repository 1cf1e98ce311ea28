"""``samrehab quality``: run the data-quality suites alone over a built warehouse."""

from __future__ import annotations

import argparse
from pathlib import Path

from samrehab.config import DEFAULT_DB

HELP = (
    "Kontrollera datakvaliteten / check data quality: run the great-expectations suites "
    "(completeness, conformance, plausibility, consistency, timeliness) over the built warehouse, "
    "write marts.data_quality_results and reports/data_quality/; exit 1 when an error-level check fails."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``samrehab quality``."""
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="warehouse file (default %(default)s)")
    parser.add_argument("--report-dir", type=Path, default=Path("reports/data_quality"),
                        help="folder for the HTML report and the Data Docs (default %(default)s)")
    parser.add_argument("--no-report", action="store_true", help="do not write the HTML report or Data Docs")


def run(args: argparse.Namespace) -> int:
    """Run the checks; 0 when every error-level check passed, 1 otherwise."""
    from samrehab.quality import run_quality_checks

    outcome = run_quality_checks(Path(args.db), None if args.no_report else Path(args.report_dir))
    return 0 if outcome.passed else 1
