"""Shared fixtures: the sample delivery ingested, built and published once per test session.

Under pytest-xdist (``make test`` runs three workers, one test file per worker at a time) the workers
share one sample build: the first worker to need it builds it in the run's common temporary folder
while holding a file lock, the others wait for it and then read the same file. Test files start in
the order of :data:`FILE_ORDER` (longest first), so no long file is left for the end of the run.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from samrehab.config import SAMPLE_DELIVERY

#: Test files that take longest, longest first (measured with ``--durations``). Under xdist's
#: ``--dist loadfile --no-loadscope-reorder`` each worker first takes two files, in this order and in
#: turn, then the next file of the collection whenever it runs out of work. With ``make test``'s three
#: workers: the first builds the shared sample (for the notebooks), the second starts the Spark job at
#: once (it ingests the sample itself) and the third runs test files that need no sample warehouse
#: (quality, then an ingest file) while the sample is built; every worker's second file needs no sample
#: either; the rest follow longest first, so no long file is left for the end of the run.
FILE_ORDER = [
    # the first file of each of the three workers
    "test_notebooks.py",  # builds the shared sample warehouse
    "test_spark_build.py",  # ingests the sample itself: the Spark job starts at once
    "test_quality.py",  # needs no sample warehouse
    # their second files, handed out at the start too: none needs the sample warehouse, so the worker
    # whose Spark job ends before the sample is built does not wait for it (it waited 60-90 s)
    "test_ingest_corpus.py",
    "test_ingest_delivery.py",
    "test_ingest_chunks.py",
    # then longest first
    "test_accessibility.py",
    "test_reliability_faults.py",
    "test_delivery_lifecycle.py",
    "test_browser.py",
    "test_publish.py",
    "test_dashboard_pages.py",
    "test_reliability_load.py",
    "test_equity_goals.py",
    "test_suppression_passes.py",
    "test_signin_e2e.py",
    "test_generator.py",
    "test_benchmark_replay.py",
    "test_dbt_unit_tests.py",
    "test_security.py",
    "test_report.py",
    "test_spark_python_models.py",
    "test_aggregation_macro.py",
    "test_provisional_periods.py",
    "test_snapshot_alone.py",
    "test_dbt_runner.py",
    "test_stats_sql.py",
    "test_interval_coverage.py",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the long test files first (a stable sort: the order within a file does not change)."""
    rank = {name: index for index, name in enumerate(FILE_ORDER)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_runtest_logfinish(nodeid: str, location: tuple) -> None:
    """With ``SAMREHAB_TEST_TIMELINE=<file>``, append when each test ended and on which worker (to order
    :data:`FILE_ORDER`: which worker ran what, and who waited at the end)."""
    timeline = os.environ.get("SAMREHAB_TEST_TIMELINE")
    if timeline:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "master")
        with open(timeline, "a", encoding="utf-8") as handle:
            handle.write(f"{time.time():.1f}\t{worker}\t{nodeid}\n")


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (released when the process ends, even if killed)."""
    with open(lock_file, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _once_per_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str,
                  make: Callable[[Path], Path]) -> Path:
    """``make(folder)`` once per test run, whatever the number of xdist workers; its result path.

    Without xdist the folder is a fresh temporary folder. With xdist it is shared by the workers
    (the parent of each worker's temporary folder); the first worker makes it, the others wait on the
    lock and reuse it. A failure is recorded, so that the other workers report it instead of trying
    again.
    """
    if worker_id == "master":
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    shared.mkdir(exist_ok=True)
    outcome = shared / "outcome.json"
    with _locked(shared.parent / f"shared-{name}.lock"):
        if not outcome.exists():
            try:
                result = make(shared / "work")
            except BaseException as exc:
                outcome.write_text(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), encoding="utf-8")
                raise
            outcome.write_text(json.dumps({"path": str(result)}), encoding="utf-8")
        recorded = json.loads(outcome.read_text(encoding="utf-8"))
    if "error" in recorded:
        pytest.fail(f"{name} failed in another xdist worker: {recorded['error']}")
    return Path(recorded["path"])


def _build_sample(folder: Path) -> Path:
    from ingest.pipeline import ingest_delivery
    from samrehab.build import build_warehouse
    from samrehab.quality import run_quality_checks

    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "samrehab.duckdb"
    report = ingest_delivery(SAMPLE_DELIVERY, db_path)
    assert report.exit_code == 0, "the sample delivery must ingest cleanly"
    assert build_warehouse(db_path), "dbt build of the sample warehouse failed (see the dbt log above)"
    quality = run_quality_checks(db_path)
    assert quality.passed, "error-level data-quality checks failed on the sample"
    return db_path


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A warehouse built from the committed sample delivery (ingest + dbt build + quality checks).

    Tests must not write to it: copy it (``warehouse_copy``) before changing anything. Under xdist
    every worker reads the same file.
    """
    return _once_per_run(tmp_path_factory, worker_id, "sample", _build_sample)


@pytest.fixture(scope="session")
def published_snapshot(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The published (marts-only, read-only) snapshot of the sample warehouse."""
    from samrehab.publish import publish_snapshot

    return _once_per_run(tmp_path_factory, worker_id, "snapshot", lambda folder: publish_snapshot(sample_warehouse))


@pytest.fixture()
def warehouse_copy(sample_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the sample warehouse that a test may change."""
    target = tmp_path / "samrehab.duckdb"  # the name of dbt's saved parse (samrehab/dbt_runner.py)
    shutil.copy2(sample_warehouse, target)
    return target
