"""``samrehab report``: the quarterly steering-group report as a self-contained HTML file and a PDF."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from samrehab.config import DEFAULT_DB, published_path

HELP = (
    "Skriv kvartalsrapporten / write the quarterly report for one region and quarter from the published "
    "snapshot: a self-contained HTML file (works offline, interactive charts) and an A4 PDF printed by "
    "Chromium. Swedish by default, English with --lang en."
)
EXIT_NO_DATA = 1
EXIT_BAD_ARGUMENT = 2
EXIT_NO_CHROMIUM = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``samrehab report``."""
    parser.add_argument("--quarter", required=True, help="quarter, e.g. 2025Q3")
    parser.add_argument("--region", required=True, help="two-digit region code, e.g. 19")
    parser.add_argument("--out", type=Path, required=True, help="folder for the HTML and PDF files")
    parser.add_argument("--lang", choices=("sv", "en"), default="sv", help="language (default %(default)s)")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help="warehouse whose published snapshot is read (default %(default)s)")
    parser.add_argument("--no-pdf", action="store_true", help="write only the HTML file")


def run(args: argparse.Namespace) -> int:
    """Write the report; exit 1 without data, 2 for a bad quarter, 3 when the PDF needs Chromium."""
    from samrehab.report.inputs import ReportInputError, SnapshotMissingError
    from samrehab.report.model import Quarter
    from samrehab.report.writer import write_report

    try:
        quarter = Quarter.parse(args.quarter)
    except ValueError as exc:
        print(f"Ogiltigt kvartal / invalid quarter: {exc}")
        return EXIT_BAD_ARGUMENT
    region = str(args.region).strip().zfill(2)
    snapshot = published_path(args.db)
    started = time.perf_counter()
    try:
        files = write_report(snapshot, region, quarter, args.out, args.lang, pdf=not args.no_pdf)
    except SnapshotMissingError:
        print(f"Ingen publicerad ögonblicksbild / no published snapshot at {snapshot}: run `samrehab build` "
              "(or `samrehab publish`) first.")
        return EXIT_NO_DATA
    except ReportInputError as exc:
        print(f"Inget underlag / nothing to report: {exc}")
        return EXIT_NO_DATA
    elapsed = time.perf_counter() - started
    print(f"HTML: {files.html} ({files.charts} diagram / charts)")
    if files.pdf_problem:
        print(f"PDF skrevs inte / PDF not written: it needs Chromium: {files.pdf_problem}. "
              "Run `make browser`, then this command again.")
        return EXIT_NO_CHROMIUM
    if files.pdf is not None:
        print(f"PDF: {files.pdf}")
    if files.blocked_requests:
        print(f"Varning / warning: the page asked for {len(files.blocked_requests)} network resource(s); refused.")
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in files.timings.items())
    print(f"Klar / done in {elapsed:.1f} s ({steps})")
    return 0
