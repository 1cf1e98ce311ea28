"""Data-quality checks (great-expectations) over the built warehouse.

``run_quality_checks(db_path)`` runs every suite, writes ``marts.data_quality_results`` and the
report under ``reports/data_quality/``, and returns a :class:`~samrehab.quality.model.QualityOutcome`
whose ``passed`` is False when an error-level check failed. Importing this package is cheap:
great-expectations is imported only when the checks run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samrehab.quality.model import QualityOutcome

__all__ = ["preload", "run_quality_checks"]


def run_quality_checks(db_path: Path, report_dir: Path | None = Path("reports/data_quality"), *,
                       write: bool = True, verbose: bool = True) -> QualityOutcome:
    """Run the data-quality suites over ``db_path``; see :mod:`samrehab.quality.runner`."""
    from samrehab.quality.runner import run_quality_checks as run

    return run(db_path, report_dir, write=write, verbose=verbose)


def preload() -> None:
    """Start importing great-expectations in a background thread (seconds of Python), for a caller
    that runs the checks later and waits on something else meanwhile, such as ``samrehab build``
    while dbt runs in its child process. Returns once pandas and DuckDB are imported (a second or
    two, which the checks need anyway). The checks then find great-expectations imported; without
    it they import it themselves, overlapping their SQL."""
    from samrehab.quality.gx_runner import start_gx_import

    start_gx_import()
