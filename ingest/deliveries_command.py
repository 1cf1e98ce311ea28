"""``samrehab deliveries [--db PATH]``: list the deliveries in the warehouse."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = """Visa leveranser i datalagret / list the deliveries loaded into the warehouse.

One line per delivery: id, region (or source system), extract date, scope, files, rows
loaded now and rows quarantined by rule. Only reads the warehouse (nothing to dry-run).
Use the id with `samrehab withdraw ID` to withdraw a delivery.
Exit codes: 0 listed, 1 the warehouse cannot be read."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``samrehab deliveries``."""
    from samrehab.config import DEFAULT_DB

    parser.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help=f"warehouse DuckDB file (default: {DEFAULT_DB})")


def run(args: argparse.Namespace) -> int:
    """Print the deliveries as a table."""
    from rich.console import Console
    from rich.table import Table

    from ingest.errors import WarehouseError, shorten
    from ingest.lifecycle import list_deliveries
    from ingest.warehouse import open_existing

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200, no_color=True)
    try:
        con = open_existing(Path(args.db), read_only=True)
    except WarehouseError as exc:
        console.print(f"[bold red]Error:[/] {exc}", soft_wrap=True)
        return 1
    try:
        deliveries = list_deliveries(con)
    finally:
        con.close()
    table = Table(title=f"Leveranser / deliveries in {args.db}")
    for name in ("id", "region / source", "extract date", "scope", "files", "rows loaded",
                 "quarantined (by rule)", "loaded at"):
        table.add_column(name, overflow="fold")
    for d in deliveries:
        rules = ", ".join(f"{rule} {n:,}" for rule, n in d.quarantined_by_rule.items()) or "0"
        table.add_row(d.delivery_id, shorten(d.region_code or d.owner or "-", 40),
                      str(d.extract_date or "-"), d.scope or "incremental", str(d.files),
                      f"{d.rows_loaded:,}", rules, str(d.loaded_at or "-"))
    console.print(table)
    console.print(f"{len(deliveries)} deliveries.")
    return 0
