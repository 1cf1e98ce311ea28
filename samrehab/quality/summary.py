"""Summaries of a run: one row per check, for the terminal (rich) and for the HTML report."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

from samrehab.quality.model import DIMENSIONS, QualityOutcome

#: Failing rows listed per check on the terminal.
SHOWN_FAILURES = 5


def check_summary(results: pd.DataFrame) -> pd.DataFrame:
    """Per check name, dimension and severity: groups assessed, groups failed, status."""
    if results.empty:
        return pd.DataFrame(columns=["dimension", "check_name", "severity", "assessed", "failed", "status"])
    grouped = results.assign(failed_row=~results["passed"]).groupby(
        ["dimension", "check_name", "severity"], sort=False, as_index=False
    ).agg(assessed=("passed", "size"), failed=("failed_row", "sum"))
    grouped["status"] = grouped.apply(
        lambda r: "ok" if r["failed"] == 0 else r["severity"], axis=1)
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    grouped["_order"] = grouped["dimension"].map(order)
    return grouped.sort_values(["_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


_STATUS = {"ok": ("[green]OK[/]", "OK"), "warning": ("[yellow]VARNING/WARNING[/]", ""),
           "error": ("[bold red]FEL/ERROR[/]", "")}


def print_summary(outcome: QualityOutcome, console: Console | None = None) -> None:
    """Print the per-check table, then the failing groups (errors first), then the verdict."""
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=160)
    table = Table(title="Datakvalitet / data quality", show_lines=False)
    for name, justify in (("dimension", "left"), ("kontroll / check", "left"), ("nivå / severity", "left"),
                          ("bedömda / assessed", "right"), ("avvikande / failed", "right"),
                          ("status", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in check_summary(outcome.results).itertuples():
        table.add_row(row.dimension, row.check_name, row.severity, f"{row.assessed:,}", f"{row.failed:,}",
                      _STATUS[row.status][0])
    console.print(table)
    failed = outcome.failed()
    for severity in ("error", "warning"):
        rows = failed[failed["severity"] == severity]
        if rows.empty:
            continue
        heading = "Fel (stoppar bygget) / errors (stop the build)" if severity == "error" else "Varningar / warnings"
        console.print(f"\n[bold]{heading}[/]")
        for name, group in rows.groupby("check_name", sort=False):
            shown = group[["message_sv", "message_en"]].head(SHOWN_FAILURES)
            for message_sv, message_en in shown.itertuples(index=False):
                console.print(f"  - {message_sv}", soft_wrap=True, highlight=False, markup=False)
                console.print(f"    {message_en}", soft_wrap=True, highlight=False, markup=False, style="dim")
            if len(group) > SHOWN_FAILURES:
                console.print(f"    … och {len(group) - SHOWN_FAILURES} till / and {len(group) - SHOWN_FAILURES} "
                              f"more ({name}); se / see marts.data_quality_results", highlight=False, markup=False)
    for problem in outcome.problems:
        console.print(f"[red]{problem}[/]", soft_wrap=True)
    errors = len(outcome.failed("error"))
    warnings = len(outcome.failed("warning"))
    verdict = "[green]godkänd / passed[/]" if outcome.passed else "[bold red]underkänd / failed[/]"
    console.print(f"\nDatakvalitet {verdict}: {errors} fel / errors, {warnings} varningar / warnings, "
                  f"{len(outcome.results):,} resultatrader / result rows, {outcome.seconds:.1f} s")
    if outcome.report_path is not None:
        console.print(f"Rapport / report: {outcome.report_path}")
