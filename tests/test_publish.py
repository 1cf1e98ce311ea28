"""Published snapshot: aggregates only, atomic swap, survives a killed publish or build."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from samrehab.publish import PATIENT_LEVEL_COLUMNS, REFERENCE_TABLES, publish_snapshot

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _tables(path: Path) -> dict[str, set[str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "select table_schema || '.' || table_name, column_name from information_schema.columns"
        ).fetchall()
    finally:
        con.close()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


def _wait_until_unlocked(path: Path, timeout: float = 30.0) -> None:
    """Wait until no killed process still holds the DuckDB file (the kernel releases locks on exit)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            duckdb.connect(str(path), read_only=True).close()
            return
        except duckdb.IOException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_snapshot_holds_only_aggregated_marts(published_snapshot: Path) -> None:
    tables = _tables(published_snapshot)
    assert "marts.metric_values" in tables
    assert all(name.startswith(("marts.", "reference.")) for name in tables), sorted(tables)
    assert {name for name in tables if name.startswith("reference.")} == {f"reference.{t}" for t in REFERENCE_TABLES}
    for name, columns in tables.items():
        assert not columns & PATIENT_LEVEL_COLUMNS, f"{name} has patient-level columns"
    con = duckdb.connect(str(published_snapshot), read_only=True)
    try:
        leaked = con.execute(
            "select count(*) from marts.metric_values where suppressed and "
            "(value is not null or numerator is not null or denominator is not null)"
        ).fetchone()[0]
    finally:
        con.close()
    assert leaked == 0


def test_snapshot_is_owner_readable_only(published_snapshot: Path) -> None:
    assert oct(published_snapshot.stat().st_mode & 0o777) == "0o600"


def test_publish_refuses_a_mart_with_patient_ids(warehouse_copy: Path, tmp_path: Path) -> None:
    from samrehab.publish import PublishError

    con = duckdb.connect(str(warehouse_copy))
    con.execute("create table marts.leak as select patient_id from staging.stg_patients limit 3")
    con.close()
    target = tmp_path / "snapshot.duckdb"
    with pytest.raises(PublishError, match="patient_id"):
        publish_snapshot(warehouse_copy, target)
    assert not target.exists()
    assert list(tmp_path.glob(".snapshot.duckdb.*")) == []


def test_unwritable_folder_gives_a_clear_message(warehouse_copy: Path, tmp_path: Path) -> None:
    from samrehab.publish import PublishError

    if os.geteuid() == 0:
        blocker = tmp_path / "not_a_folder"
        blocker.write_text("a file where the folder should be")
        target = blocker / "snapshot.duckdb"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "snapshot.duckdb"
    with pytest.raises(PublishError, match="cannot"):
        publish_snapshot(warehouse_copy, target)


# `make test` kills once; `make test-full` at three moments
@pytest.mark.parametrize("delay_seconds", [pytest.param(0.05, marks=pytest.mark.full), 0.3,
                                           pytest.param(0.8, marks=pytest.mark.full)])
def test_killed_publish_keeps_the_previous_snapshot(warehouse_copy: Path, tmp_path: Path, delay_seconds: float) -> None:
    target = tmp_path / "published" / "snapshot.duckdb"
    publish_snapshot(warehouse_copy, target)
    before = _digest(target)
    previous_file = target.resolve()
    process = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from samrehab.publish import publish_snapshot;"
         "publish_snapshot(Path(sys.argv[1]), Path(sys.argv[2]))",
         str(warehouse_copy), str(target)],
        cwd=PROJECT_ROOT,
    )
    time.sleep(delay_seconds)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Whatever the moment of the kill, readers find a complete snapshot: the previous one, or the
    # new one if the publish had already swapped it in.
    assert "marts.metric_values" in _tables(target)
    assert target.resolve() != previous_file or _digest(target) == before
    publish_snapshot(warehouse_copy, target)  # the next run recovers without manual steps
    leftovers = [p.name for p in target.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == [], "half-written temporaries must be cleaned up by the next publish"
    assert target.resolve().is_file() and "marts.metric_values" in _tables(target)


@pytest.mark.full
def test_killed_build_keeps_raw_data_and_snapshot(warehouse_copy: Path) -> None:
    """Killed 9 s in, while dbt builds the first models (`make test-full`; `make test` kills a build while
    dbt writes a table, tests/test_reliability_faults.py; a kill at 3 s, before dbt opened the warehouse,
    was dropped)."""
    delay_seconds = 9.0
    from samrehab.build import build_warehouse
    from samrehab.config import published_path

    snapshot = publish_snapshot(warehouse_copy)
    snapshot_digest = _digest(snapshot)
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    raw_before = con.execute("select count(*) from raw.visits").fetchone()[0]
    con.close()

    process = subprocess.Popen(
        [sys.executable, "-m", "samrehab.cli", "build", "--db", str(warehouse_copy)],
        cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    time.sleep(delay_seconds)
    os.killpg(process.pid, signal.SIGKILL)  # the build and its dbt child, as a crash or an OOM kill would
    process.wait()
    _wait_until_unlocked(warehouse_copy)

    assert published_path(warehouse_copy) == snapshot
    assert _digest(snapshot) == snapshot_digest, "a killed build must not touch the published snapshot"
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    assert con.execute("select count(*) from raw.visits").fetchone()[0] == raw_before
    con.close()
    # The next build runs without manual steps (the marts are rebuilt from what the killed build left).
    assert build_warehouse(warehouse_copy, ["int_metric_cells_e1", "metric_values"])
