"""Run every data-quality check against a built warehouse: read, validate, write, report.

1. Read the reference seeds and every dataset through one **read-only** connection (the build
   has finished; dbt holds no lock), close it: frame datasets as their query's result, row
   sources (entities) as the profile of their checks, counted in SQL
   (:mod:`samrehab.quality.profiles`). Meanwhile great-expectations is imported in a background
   thread.
2. Validate the frames with great-expectations (:mod:`samrehab.quality.gx_runner`).
3. Replace ``marts.data_quality_results`` through a short read-write connection.
4. Write the HTML report and the great-expectations Data Docs to ``reports/data_quality/``.

``passed`` is False when an error-level check failed, a check could not run, or the results
could not be written: the build then publishes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pandas as pd

from samrehab.quality.datasets import REFERENCE_SQL, Dataset, all_datasets
from samrehab.quality.gx_runner import run_suites, start_gx_import
from samrehab.quality.model import RESULT_COLUMNS, Check, QualityOutcome, ReferenceSets
from samrehab.quality.profiles import read_profile
from samrehab.quality.report import prepare_report_dir, publish_report_dir, render_report
from samrehab.quality.results import results_frame, write_results
from samrehab.quality.suites import all_checks

DEFAULT_REPORT_DIR = Path("reports/data_quality")
#: DuckDB memory for the checks' queries: above it DuckDB spills to ``<warehouse>.tmp`` rather than
#: grow (the largest, joins of visits and referrals, need about 1 GB at 10 million visits).
READ_MEMORY_LIMIT = "3GB"


def _read_reference(con: duckdb.DuckDBPyConnection) -> ReferenceSets:
    values = {name: tuple(str(r[0]) for r in con.execute(sql).fetchall()) for name, sql in REFERENCE_SQL.items()}
    return ReferenceSets(**values)


def _affected_metrics() -> dict[str, str]:
    """Entity → the metric ids the contract says it feeds, ``;``-separated (what the dashboard flags)."""
    from contracts import ENTITIES

    return {e.name: "; ".join(m for m in e.metrics if re.match(r"^E[1-6]\.", m)) for e in ENTITIES}


def _numpy_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable integer columns (DuckDB integers with nulls) as float64: great-expectations' pandas
    metrics are a third faster on numpy dtypes, and the values are the same."""
    nullable = [c for c, dtype in frame.dtypes.items() if isinstance(dtype, pd.api.extensions.ExtensionDtype)
                and pd.api.types.is_integer_dtype(dtype)]
    return frame.astype(dict.fromkeys(nullable, "float64")) if nullable else frame


def read_frames(con: duckdb.DuckDBPyConnection, checks: list[Check],
                datasets: dict[str, Dataset]) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The frame of every dataset the checks use, and (by check key) why a check's data could not
    be read. Frame datasets are their query's result; row sources the profile of their checks."""
    frames: dict[str, pd.DataFrame] = {}
    problems: dict[str, str] = {}
    shared: dict[str, pd.DataFrame | duckdb.Error] = {}  # shared query → its result, or why it failed
    by_dataset: dict[str, list[Check]] = defaultdict(list)
    for check in checks:
        by_dataset[check.dataset].append(check)
    for name, dataset_checks in by_dataset.items():
        dataset = datasets[name]
        if dataset.is_row_source:
            frames[name], errors = read_profile(con, dataset, dataset_checks)
            problems.update({key: f"reading {name}: {reason}" for key, reason in errors.items()})
            continue
        try:
            if dataset.shared_sql:
                if dataset.shared_sql not in shared:
                    try:
                        shared[dataset.shared_sql] = con.execute(dataset.shared_sql).df()
                    except duckdb.Error as exc:
                        shared[dataset.shared_sql] = exc
                result = shared[dataset.shared_sql]
                if isinstance(result, duckdb.Error):
                    raise result
                frame = result[result["dataset"] == name].drop(columns="dataset").reset_index(drop=True)
            else:
                frame = con.execute(dataset.sql).df()
            frames[name] = _numpy_numbers(frame)
        except duckdb.Error as exc:
            reason = f"reading {name}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
            problems.update(dict.fromkeys((c.key for c in dataset_checks), reason))
    return frames, problems


def _failure(problem: str, started: float) -> QualityOutcome:
    return QualityOutcome(passed=False, results=pd.DataFrame(columns=list(RESULT_COLUMNS)),
                          seconds=time.perf_counter() - started, problems=[problem])


def run_quality_checks(
    db_path: Path, report_dir: Path | None = DEFAULT_REPORT_DIR, *, write: bool = True, verbose: bool = True,
) -> QualityOutcome:
    """Run the suites over the warehouse ``db_path``; see the module docstring.

    ``report_dir=None`` skips the HTML report and the Data Docs; ``write=False`` leaves the
    warehouse untouched (results are only returned); ``verbose`` prints the summary table.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    db_path = Path(db_path)
    if not db_path.exists():
        outcome = _failure(f"{db_path} finns inte / does not exist: run `samrehab ingest` and "
                           "`samrehab build` first.", started)
        _print(outcome, verbose)
        return outcome
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        outcome = _failure(f"Kan inte öppna / cannot open {db_path} read-only: {exc}. Fix: close other "
                           "connections to the warehouse (another build, a notebook) and try again.", started)
        _print(outcome, verbose)
        return outcome
    try:
        try:
            con.execute(f"set memory_limit = '{READ_MEMORY_LIMIT}'")
            reference = _read_reference(con)
        except duckdb.Error as exc:
            outcome = _failure(f"Referenstabellerna (seeds) saknas / the reference seeds are missing: {exc}. "
                               "Fix: run `samrehab build` (dbt seeds) first.", started)
            _print(outcome, verbose)
            return outcome
        start_gx_import()  # overlaps the SQL below
        checks = all_checks(reference)
        frames, problems = read_frames(con, checks, all_datasets())
    finally:
        con.close()
    timings["read"] = time.perf_counter() - started

    staging = prepare_report_dir(Path(report_dir)) if report_dir is not None else None
    try:
        run = run_suites(checks, frames, staging / "gx" if staging is not None else None, timings, problems)
        checked_at = dt.datetime.now().replace(microsecond=0)
        results = results_frame(run.outcomes, frames, _affected_metrics(), checked_at)
        failed_errors = results[(results["severity"] == "error") & ~results["passed"]]
        outcome = QualityOutcome(passed=failed_errors.empty, results=results, seconds=0.0, timings=timings)
        if run.docs_problem:
            outcome.problems.append(run.docs_problem)
        if write:
            _write(db_path, outcome)
        if staging is not None and report_dir is not None:
            outcome.seconds = time.perf_counter() - started
            try:
                _report(outcome, db_path, staging, Path(report_dir), run.docs_index is not None)
                staging = None
            except OSError as exc:
                outcome.problems.append(f"Rapporten kunde inte skrivas / the report could not be written to "
                                        f"{report_dir}: {exc}")
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    outcome.seconds = time.perf_counter() - started
    _print(outcome, verbose)
    return outcome


def _write(db_path: Path, outcome: QualityOutcome) -> None:
    started = time.perf_counter()
    try:
        write_results(db_path, outcome.results)
    except duckdb.Error as exc:
        outcome.passed = False
        outcome.problems.append(f"Resultaten kunde inte skrivas / results could not be written to "
                                f"marts.data_quality_results: {exc}. Fix: close other connections to "
                                "the warehouse and run `samrehab quality` again.")
    outcome.timings["write"] = time.perf_counter() - started


def _report(outcome: QualityOutcome, db_path: Path, staging: Path, report_dir: Path, with_docs: bool) -> None:
    """Write the steward's page next to the Data Docs and swap the folder in."""
    outcome.report_path = report_dir / "index.html"
    outcome.docs_path = report_dir / "gx" / "index.html" if with_docs else None
    page = render_report(outcome, db_path.name, "gx/index.html" if with_docs else None)
    (staging / "index.html").write_text(page, encoding="utf-8")
    publish_report_dir(staging, report_dir)


def _print(outcome: QualityOutcome, verbose: bool) -> None:
    if verbose:
        from samrehab.quality.summary import print_summary

        print_summary(outcome)
