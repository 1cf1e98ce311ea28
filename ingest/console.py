"""Show an ingest on the terminal: a progress bar per file and the closing summary table.

On a terminal the bars are live; otherwise (CI, pipes, tests) one plain line per step.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table

from ingest.errors import guard, shorten
from ingest.report import ALREADY_LOADED, LOADED, REJECTED, IngestReport, ProgressEvent

_STEPS = {"read": 1, "loaded": 2, "done": 2}


class ProgressDisplay:
    """Progress of one delivery; ``update`` is the pipeline's progress callback."""

    def __init__(self, console: Console, delivery_dir: Path) -> None:
        self.console = console
        self.delivery_dir = delivery_dir
        self.live = console.is_terminal
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressDisplay:
        if self.live:
            self.progress = Progress(
                TextColumn("{task.description:<40}"), BarColumn(),
                TextColumn("{task.fields[state]}"), console=self.console, transient=False)
            self.progress.start()
        else:
            self.console.print(f"Ingesting {self.delivery_dir}")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, event: ProgressEvent) -> None:
        """Advance the bar of ``event.file`` (or print a line when not on a terminal)."""
        state = {"read": f"read {event.rows:,} rows", "loaded": "checked and loaded",
                 "done": "done"}.get(event.step, event.step)
        if self.progress is None:
            self.console.print(f"  {shorten(event.file)}: {state}", soft_wrap=True)
            return
        if event.file not in self.tasks:
            self.tasks[event.file] = self.progress.add_task(shorten(event.file, 40), total=2,
                                                            state="")
        self.progress.update(self.tasks[event.file], completed=_STEPS.get(event.step, 0),
                             state=state)


def summary_table(report: IngestReport) -> Table:
    """The per-file summary: file, entity, rows read, loaded, quarantined, replaced, status."""
    table = Table(title=f"Delivery {report.delivery_id or '-'} "
                        f"(extract date {report.extract_date or '-'})")
    for name in ("file", "entity", "read", "loaded", "quarantined", "replaced", "status"):
        numeric = name in ("read", "loaded", "quarantined", "replaced")
        table.add_column(name, justify="right" if numeric else "left",
                         overflow="fold", no_wrap=numeric)
    for f in report.files:
        numbers = ([f"{f.rows_read:,}", f"{f.rows_loaded:,}", f"{f.rows_quarantined:,}",
                    f"{f.rows_replaced:,}"] if f.status == LOADED else ["-"] * 4)
        status = {LOADED: "loaded", ALREADY_LOADED: "already loaded",
                  REJECTED: "[red]rejected[/]"}.get(f.status, f.status)
        table.add_row(shorten(f.file), f.entity or "-", *numbers, status)
    t = report.totals
    table.add_row("total", "", f"{t['rows_read']:,}", f"{t['rows_loaded']:,}",
                  f"{t['rows_quarantined']:,}", f"{t['rows_replaced']:,}", "", end_section=True)
    return table


def render_report(console: Console, report: IngestReport) -> None:
    """Print the summary table, then rejections, quarantine reasons, notes and warnings."""
    for error in report.errors:
        console.print(f"[bold red]Delivery rejected:[/] {guard(shorten(error, 2000))}",
                      soft_wrap=True)
    if report.files:
        console.print(summary_table(report))
    for f in report.files:
        if f.status == REJECTED:
            console.print(f"[bold red]Rejected[/] {guard(shorten(f.message, 2000))}",
                          soft_wrap=True)
        elif f.message and f.status != LOADED:
            console.print(guard(f"{shorten(f.file)}: {shorten(f.message, 2000)}"),
                          soft_wrap=True)
        for note in f.notes:
            console.print(guard(f"{shorten(f.file)}: {shorten(note, 2000)}"), soft_wrap=True)
    if report.quarantine_by_rule:
        console.print("Quarantined rows by rule (see raw.quarantine):")
        for (entity, rule), n in sorted(report.quarantine_by_rule.items()):
            console.print(f"  {entity}: {rule} {n:,}")
    for entity, n in report.orphaned.items():
        console.print(f"Quarantined: {n:,} {entity} rows of earlier deliveries refer to rows this "
                      "full delivery removed (rule unknown_reference). They load again when those "
                      "rows are delivered, or when this delivery is withdrawn.", soft_wrap=True)
    if report.released or report.rechecked:
        released = ", ".join(f"{entity} {n:,}" for entity, n in report.released.items())
        console.print(f"Re-checked quarantined rows (recheck): {released or 'none'} load now.")
    if report.before and report.after:
        console.print(before_after_table(report))
    for warning in report.warnings:
        console.print(f"[yellow]Warning:[/] {warning}", soft_wrap=True)
    if report.dry_run and not report.errors:
        console.print("Dry run: everything was rolled back; the warehouse is unchanged.")
    if report.files and not report.errors:
        console.print(f"Done in {report.seconds:.1f} s; exit code {report.exit_code}.")


def before_after_table(report: IngestReport) -> Table:
    """Rows per raw table before and after the delivery (only the tables that changed)."""
    table = Table(title="Rows in the warehouse: before → after")
    for name in ("table", "before", "after", "change"):
        table.add_column(name, justify="left" if name == "table" else "right")
    changed = [(t, n, report.after.get(t, n)) for t, n in report.before.items()
               if report.after.get(t, n) != n]
    for name, before, after in changed:
        table.add_row(name, f"{before:,}", f"{after:,}", f"{after - before:+,}")
    if not changed:
        table.add_row("(no table changed)", "", "", "")
    return table
