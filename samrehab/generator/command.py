"""``samrehab generate``: write a synthetic delivery folder."""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

HELP = (
    "Skapa en syntetisk leverans (Region Dalarna och Region Västmanland) / generate a synthetic "
    "delivery: all 15 entities of the extract contract plus manifest.json."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the command's options."""
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--patients", type=int, default=20000,
                        help="number of patients (about 4 visits each; default 20000)")
    parser.add_argument("--seed", type=int, default=20250901, help="random seed")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2023, 1, 1),
                        help="first day of the period (YYYY-MM-DD)")
    parser.add_argument("--end", type=date.fromisoformat, default=date(2025, 12, 31),
                        help="last day of the period (YYYY-MM-DD)")
    parser.add_argument("--extract-date", type=date.fromisoformat, default=None,
                        help="data cut-off written to manifest.json (default: --end)")
    parser.add_argument("--unknown-sex-share", type=float, default=0.003,
                        help="share of patients with sex U (default 0.003)")
    parser.add_argument("--missing-need-share", type=float, default=0.04,
                        help="share of referrals without a need level (default 0.04)")


def run(args: argparse.Namespace) -> int:
    """Generate the delivery and print rows per entity and the wall time."""
    from samrehab.generator.delivery import generate_delivery

    t0 = time.perf_counter()
    rows = generate_delivery(args.out, args.patients, args.seed, args.start, args.end,
                             args.extract_date, args.unknown_sex_share, args.missing_need_share)
    elapsed = time.perf_counter() - t0
    width = max(len(e) for e in rows)
    for entity, count in rows.items():
        print(f"{entity:<{width}}  {count:>12,}")
    print(f"{'total':<{width}}  {sum(rows.values()):>12,}")
    print(f"wrote {args.out} in {elapsed:.1f} s")
    return 0
