"""``samrehab ingest DIR [--db PATH] [--dry-run] [--recheck]``: load a delivery folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # heavy imports only inside run()
    from ingest.report import IngestReport

HELP = """Läs in en leverans till datalagret / ingest a delivery folder into the warehouse.

Reads every CSV/Parquet file of DIR (entity = start of the file name), checks it against the
extract contract and loads it into the raw layer in one transaction. Rows that break a rule
are quarantined (raw.quarantine); files with a file-level problem are rejected. Afterwards,
quarantined rows of earlier deliveries that depend on what changed are re-checked and load
if their reason has gone; --recheck re-checks every quarantined row. --dry-run does it all
and rolls back. The summary shows rows per table before and after.
The manifest's "scope" ("incremental", the default, or "full") says whether rows of earlier
deliveries that this one lacks are kept or removed; rows that refer to a removed row are
quarantined until it is delivered again (see docs/leveranser.md).
Exit codes: 0 loaded, 1 warehouse not writable, 2 a file or the delivery was rejected."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``samrehab ingest``."""
    from samrehab.config import DEFAULT_DB

    parser.add_argument("delivery_dir", metavar="DIR", type=Path,
                        help="delivery folder (CSV/Parquet files, optional manifest.json)")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help=f"warehouse DuckDB file (default: {DEFAULT_DB})")
    parser.add_argument("--chunk-rows", type=_positive, default=None, metavar="N",
                        help="rows read and checked at a time; fewer use less memory "
                             "(default: 500000)")
    parser.add_argument("--dry-run", action="store_true",
                        help="check and load everything, show the summary, then roll back")
    parser.add_argument("--recheck", action="store_true",
                        help="re-check every quarantined row whose reason may have gone "
                             "(a reference now present, a superseding delivery withdrawn)")
    parser.add_argument("--max-extract-lag-days", type=_non_negative, default=None,
                        metavar="DAYS",
                        help="reject a manifest extract_date more than DAYS after the latest "
                             "event of the delivery (default: 180)")


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be zero or a positive number of days")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive number of rows")
    return value


def run(args: argparse.Namespace) -> int:
    """Run the ingest and print a progress bar per file and a summary table."""
    from rich.console import Console

    from ingest.console import ProgressDisplay, render_report
    from ingest.errors import WarehouseError
    from ingest.pipeline import DEFAULT_MAX_EXTRACT_LAG_DAYS, Options, ingest_delivery
    from ingest.reader import DEFAULT_CHUNK_ROWS

    console = Console(highlight=False)
    if not console.is_terminal:  # logs and pipes: plain lines, never truncated
        console = Console(highlight=False, width=200, no_color=True)
    report: IngestReport
    try:
        with ProgressDisplay(console, Path(args.delivery_dir)) as display:
            options = Options(
                chunk_rows=args.chunk_rows or DEFAULT_CHUNK_ROWS, dry_run=args.dry_run,
                recheck=args.recheck,
                max_extract_lag_days=(DEFAULT_MAX_EXTRACT_LAG_DAYS
                                      if args.max_extract_lag_days is None
                                      else args.max_extract_lag_days))
            report = ingest_delivery(Path(args.delivery_dir), Path(args.db),
                                     progress=display.update, options=options)
    except WarehouseError as exc:
        console.print(f"[bold red]Error:[/] {exc}", soft_wrap=True)
        return 1
    render_report(console, report)
    return report.exit_code
