"""Deliveries over time: idempotence, corrected redeliveries, older deliveries, atomicity."""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from fixtures.bad_input.delivery import base_rows, row_count, write_csv, write_delivery

from contracts import ENTITIES
from ingest.pipeline import ingest_delivery

REPO = Path(__file__).resolve().parent.parent


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every raw table's rows, sorted (timestamps included): the warehouse's full state."""
    con = duckdb.connect(str(db))
    try:
        tables = [r[0] for r in con.sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' "
            "ORDER BY 1").fetchall()]
        return {t: sorted(con.sql(f"SELECT * FROM raw.{t}").fetchall(), key=repr)
                for t in tables}
    finally:
        con.close()


def count(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def test_same_delivery_twice_changes_nothing(tmp_path: Path) -> None:
    delivery = write_delivery(tmp_path / "d1")
    db = tmp_path / "w.duckdb"
    first = ingest_delivery(delivery, db)
    assert first.exit_code == 0
    assert first.totals["rows_loaded"] == row_count()
    before = snapshot(db)

    second = ingest_delivery(delivery, db)
    assert second.exit_code == 0
    assert {f.status for f in second.files} == {"already_loaded"}
    assert second.totals["rows_loaded"] == 0
    assert snapshot(db) == before


def test_warehouse_file_is_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "new" / "w.duckdb"
    ingest_delivery(write_delivery(tmp_path / "d1"), db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def _corrected(rows: dict[str, list[dict[str, str]]]) -> None:
    rows["visits"][1]["cost_sek"] = "900"            # V2 corrected
    rows["visits"].append({**rows["visits"][0], "visit_id": "V6", "visit_date": "2025-08-01"})
    rows["patients"][0]["birth_year"] = "1951"       # P001 corrected
    rows["staff_survey"] = [{"staff_id": "S1", "survey_date": "2025-05-15",
                             "competence_development_score": "5"}]


def test_corrected_redelivery_replaces_by_key(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert ingest_delivery(write_delivery(tmp_path / "d1"), db).exit_code == 0
    counts_before = {e.name: count(db, f"SELECT count(*) FROM raw.{e.name}")[0][0]
                     for e in ENTITIES}

    rows = base_rows()
    _corrected(rows)
    report = ingest_delivery(write_delivery(tmp_path / "d2", rows, extract_date="2025-09-30"),
                             db)
    assert report.exit_code == 0
    visits = report.file("visits.csv")
    assert (visits.rows_read, visits.rows_loaded, visits.rows_quarantined,
            visits.rows_replaced) == (6, 6, 0, 5)
    assert report.file("patients.csv").rows_replaced == 3
    survey = report.file("staff_survey.csv")
    assert (survey.rows_loaded, survey.rows_replaced) == (1, 2)   # replaced per survey_date
    # the same bytes under a new extract date are read again: the rows now carry it
    units = report.file("units.csv")
    assert (units.status, units.rows_loaded, units.rows_replaced) == ("loaded", 2, 2)

    assert count(db, "SELECT cost_sek, _extract_date::VARCHAR FROM raw.visits "
                     "WHERE visit_id = 'V2'") == [(900.0, "2025-09-30")]
    assert count(db, "SELECT birth_year FROM raw.patients WHERE patient_id = 'P001'") == [(1951,)]
    counts_after = {e.name: count(db, f"SELECT count(*) FROM raw.{e.name}")[0][0]
                    for e in ENTITIES}
    assert counts_after == {**counts_before, "visits": 6, "staff_survey": 1}
    assert count(db, "SELECT count(*), max(extract_date)::VARCHAR FROM raw.deliveries") == [
        (2, "2025-09-30")]


def test_older_delivery_does_not_overwrite_newer_rows(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    rows = base_rows()
    _corrected(rows)
    assert ingest_delivery(write_delivery(tmp_path / "new", rows, extract_date="2025-09-30"),
                           db).exit_code == 0
    old_rows = base_rows()
    old_rows["visits"][1]["cost_sek"] = "1"
    old_rows["visits"][1]["visit_date"] = "2025-01-21"
    report = ingest_delivery(write_delivery(tmp_path / "old", old_rows,
                                            extract_date="2025-06-30"), db)
    assert report.exit_code == 0
    visits = report.file("visits.csv")
    assert (visits.rows_read, visits.rows_loaded, visits.rows_quarantined) == (5, 0, 5)
    assert count(db, "SELECT cost_sek FROM raw.visits WHERE visit_id = 'V2'") == [(900.0,)]
    assert count(db, "SELECT DISTINCT rule FROM raw.quarantine WHERE entity = 'visits'") == [
        ("superseded",)]


def _big_delivery(directory: Path, n_visits: int) -> Path:
    """The valid delivery with a corrected patient and many visits (to be killed mid-load)."""
    rows = base_rows()
    rows["patients"][0]["birth_year"] = "1951"
    visits = rows.pop("visits")
    write_delivery(directory, rows, extract_date="2025-09-30")
    template = visits[0]
    pl.DataFrame({
        **{k: [v] * n_visits for k, v in template.items()},
        "visit_id": [f"X{i:07d}" for i in range(n_visits)],
    }).write_csv(directory / "visits.csv")
    return directory


def test_kill_mid_delivery_leaves_warehouse_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert ingest_delivery(write_delivery(tmp_path / "d1"), db).exit_code == 0
    before = snapshot(db)
    delivery = _big_delivery(tmp_path / "d2", 400_000)

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "samrehab.cli", "ingest", str(delivery), "--db", str(db)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        seen.append(line)
        # patients are written inside the transaction; visits (400k rows) are still to come
        if "patients.csv: checked and loaded" in line:
            proc.send_signal(signal.SIGKILL)
            break
        assert time.monotonic() < deadline, "ingest did not reach the patients step"
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    assert not any("Done in" in line for line in seen), "killed too late: the ingest finished"

    assert snapshot(db) == before

    report = ingest_delivery(delivery, db)
    assert report.exit_code == 0
    assert report.file("visits.csv").rows_loaded == 400_000
    assert count(db, "SELECT count(*) FROM raw.visits") == [(400_005,)]
    assert count(db, "SELECT birth_year FROM raw.patients WHERE patient_id = 'P001'") == [(1951,)]


def test_cli_reports_rejection_with_exit_code_2(tmp_path: Path) -> None:
    rows = base_rows()
    rows["patient_stories"][0]["summary"] = "pnr 19121212-1212"
    delivery = write_delivery(tmp_path / "d", rows)
    result = subprocess.run(
        [sys.executable, "-m", "samrehab.cli", "ingest", str(delivery), "--db",
         str(tmp_path / "w.duckdb")], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    out = result.stdout
    assert "19121212" not in out and "1212-1212" not in out
    assert "patient_stories.csv, column 'summary': 1 value looks like" in out
    for header in ("file", "entity", "read", "loaded", "quarantined", "replaced"):
        assert header in out
    assert "Traceback" not in result.stderr


def test_cli_summary_counts(tmp_path: Path) -> None:
    rows = base_rows()
    rows["visits"][0]["status"] = "unknown"
    delivery = write_delivery(tmp_path / "d", rows)
    result = subprocess.run(
        [sys.executable, "-m", "samrehab.cli", "ingest", str(delivery), "--db",
         str(tmp_path / "w.duckdb")], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(ln for ln in result.stdout.splitlines() if "visits.csv" in ln and "│" in ln)
    cells = [c.strip() for c in line.split("│") if c.strip()]
    assert cells == ["visits.csv", "visits", "5", "4", "1", "0", "loaded"]
    assert "visits: unknown_code 1" in result.stdout


def test_unwritable_warehouse_folder_gives_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = subprocess.run(
        [sys.executable, "-m", "samrehab.cli", "ingest",
         str(write_delivery(tmp_path / "d")), "--db", str(blocker / "sub" / "w.duckdb")],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Cannot create the folder" in result.stdout and "Fix:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_full_disk_gives_clear_message_and_rolls_back(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import load
    from ingest.errors import WarehouseError

    db = tmp_path / "w.duckdb"
    assert ingest_delivery(write_delivery(tmp_path / "d1"), db).exit_code == 0
    before = snapshot(db)
    rows = base_rows()
    _corrected(rows)
    real = load.insert_quarantine

    def full_disk(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise duckdb.IOException("Could not write file: No space left on device")

    monkeypatch.setattr(load, "insert_quarantine", full_disk)
    with pytest.raises(WarehouseError, match="disk is full.*Fix: free disk space"):
        ingest_delivery(write_delivery(tmp_path / "d2", rows, extract_date="2025-09-30"), db)
    assert snapshot(db) == before


def test_missing_folder_and_bad_manifest_load_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    missing = ingest_delivery(tmp_path / "nope", db)
    assert missing.exit_code == 2 and "no such delivery folder" in missing.errors[0]

    delivery = write_delivery(tmp_path / "d")
    (delivery / "manifest.json").write_text("{not json", encoding="utf-8")
    report = ingest_delivery(delivery, db)
    assert report.exit_code == 2
    assert "manifest.json" in report.errors[0] and "Fix:" in report.errors[0]
    assert not db.exists()  # rejected before the warehouse was opened


def test_several_files_of_one_entity_are_concatenated(tmp_path: Path) -> None:
    rows = base_rows()
    visits = rows.pop("visits")
    delivery = write_delivery(tmp_path / "d", rows)
    write_csv(delivery / "visits_2025Q1.csv", visits[:2])
    write_csv(delivery / "visits-part2.csv", visits[2:])
    db = tmp_path / "w.duckdb"
    report = ingest_delivery(delivery, db)
    assert report.exit_code == 0
    assert report.file("visits_2025Q1.csv").rows_loaded == 2
    assert report.file("visits-part2.csv").rows_loaded == 3
    assert count(db, "SELECT _source_file, count(*) FROM raw.visits GROUP BY 1 ORDER BY 1") == [
        ("visits-part2.csv", 3), ("visits_2025Q1.csv", 2)]
    assert report.extract_date == dt.date(2025, 6, 30)


def test_committed_sample_delivery_loads_without_quarantine(tmp_path: Path) -> None:
    from samrehab.config import SAMPLE_DELIVERY

    if not (SAMPLE_DELIVERY / "manifest.json").exists():
        pytest.skip(f"no sample delivery at {SAMPLE_DELIVERY} (run `samrehab generate`)")
    report = ingest_delivery(SAMPLE_DELIVERY, tmp_path / "w.duckdb")
    assert report.exit_code == 0
    assert report.quarantine_by_rule == {}
    totals = report.totals
    assert totals["rows_read"] == totals["rows_loaded"] > 0
    assert {f.entity for f in report.files} == {e.name for e in ENTITIES}
    assert report.warnings == []
