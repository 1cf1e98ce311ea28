"""``samrehab withdraw DELIVERY_ID [--db PATH] [--dry-run]``: withdraw a delivery."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = """Dra tillbaka en leverans / withdraw a delivery from the warehouse.

Removes the delivery's rows and quarantine rows and restores what it replaced or removed,
in one transaction; quarantined rows whose reason has gone (rows superseded by the withdrawn
delivery, references it held) are re-checked and load. Rows of later deliveries that refer
to a row only this delivery held are quarantined (unknown_reference) and load again when that
row is delivered. Withdrawing the last delivery gives
the warehouse exactly as it was before it. DELIVERY_ID is the id `samrehab deliveries` shows
(a unique prefix is enough). --dry-run shows the before/after summary and changes nothing.
Exit codes: 0 withdrawn (or dry run), 1 warehouse not writable, 2 no such delivery."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``samrehab withdraw``."""
    from samrehab.config import DEFAULT_DB

    parser.add_argument("delivery_id", metavar="DELIVERY_ID",
                        help="id of the delivery (see `samrehab deliveries`)")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help=f"warehouse DuckDB file (default: {DEFAULT_DB})")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would change, then roll back")


def run(args: argparse.Namespace) -> int:
    """Withdraw the delivery and print rows per table before and after."""
    import duckdb
    from rich.console import Console
    from rich.table import Table

    from ingest.errors import WarehouseError, shorten
    from ingest.lifecycle import UnknownDelivery, withdraw
    from ingest.raw_tables import ensure_raw_schema
    from ingest.warehouse import explain_io_error, open_existing

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200, no_color=True)
    db = Path(args.db)
    try:
        con = open_existing(db)
    except WarehouseError as exc:
        console.print(f"[bold red]Error:[/] {exc}", soft_wrap=True)
        return 1
    try:
        ensure_raw_schema(con)
        con.begin()
        try:
            result = withdraw(con, args.delivery_id)
        except UnknownDelivery:
            con.rollback()
            console.print(f"[bold red]Error:[/] no delivery '{shorten(args.delivery_id, 40)}' "
                          f"in {db}. Fix: take the id from `samrehab deliveries --db {db}`",
                          soft_wrap=True)
            return 2
        if args.dry_run:
            con.rollback()
        else:
            con.commit()
    except (duckdb.IOException, duckdb.FatalException, OSError) as exc:
        console.print(f"[bold red]Error:[/] {explain_io_error(db, exc)}", soft_wrap=True)
        return 1
    finally:
        con.close()
    d = result.delivery
    verb = "Dry run: would withdraw" if args.dry_run else "Withdrawn"
    console.print(f"{verb} delivery {d.delivery_id} (region/source "
                  f"{shorten(d.region_code or d.owner or '-', 40)}, extract date "
                  f"{d.extract_date}).")
    table = Table(title="Rows per table: before → after")
    for name in ("table", "before", "after", "change"):
        table.add_column(name, justify="left" if name == "table" else "right")
    for name, n in result.before.items():
        m = result.after[name]
        if n != m:
            table.add_row(name, f"{n:,}", f"{m:,}", f"{m - n:+,}")
    console.print(table)
    for entity, n in result.orphaned.items():
        console.print(f"Quarantined: {n:,} {entity} rows of later deliveries referred to rows "
                      "only this delivery held (rule unknown_reference). They load again when "
                      "those rows are delivered.", soft_wrap=True)
    for entity, n in result.released.items():
        console.print(f"Re-checked: {n:,} quarantined {entity} rows load again.")
    if args.dry_run:
        console.print("Dry run: nothing was changed.")
    return 0
