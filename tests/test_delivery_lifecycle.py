"""Deliveries as a region sends them: corrected, resent, withdrawn, for a second region.

Each numbered case of the review of the delivery lifecycle is a test here (exit code, message,
rows accounted, warehouse state), and one test walks the whole lifecycle end to end. The
generated delivery (2 000 patients) is made once per session; tests copy it.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from test_ingest_delivery import snapshot as raw_state  # every raw table, timestamps included

from samrehab.cli import main

PNR_DIGITS = ("1212121212", "121212-1212", "19121212-1212", "191212121212")


# --------------------------------------------------------------------------- helpers

def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run ``samrehab`` in-process: (exit code, everything printed)."""
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def ingest(capsys: pytest.CaptureFixture[str], delivery: Path, db: Path,
           *extra: str) -> tuple[int, str]:
    return run_cli(capsys, "ingest", str(delivery), "--db", str(db), *extra)


def sql(db: Path, query: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(query, params=params).fetchall()
    finally:
        con.close()


def one(db: Path, query: str, params: list | None = None):
    return sql(db, query, params)[0][0]


def data_rows(path: Path) -> int:
    """Rows of a delivery file (``x.csv`` may be delivered as ``x.parquet``)."""
    if not path.exists() and path.with_suffix(".parquet").exists():
        import polars as pl
        return pl.read_parquet(path.with_suffix(".parquet")).height
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def set_manifest(delivery: Path, **fields: str | None) -> None:
    path = delivery / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for key, value in fields.items():
        if value is None:
            manifest.pop(key, None)
        else:
            manifest[key] = value
    path.write_text(json.dumps(manifest), encoding="utf-8")


def copy_delivery(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def all_text_in_warehouse(db: Path) -> str:
    """Every text value of every table of the warehouse, concatenated (for leak checks)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        parts = []
        for schema, table in con.sql(
                "SELECT table_schema, table_name FROM information_schema.tables").fetchall():
            cols = [r[0] for r in con.sql(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
                "AND table_name = ?", params=[schema, table]).fetchall()]
            parts.append(" ".join(cols))
            for row in con.sql(f'SELECT * FROM "{schema}"."{table}"').fetchall():
                parts.append(" ".join(str(v) for v in row))
        return "\n".join(parts)
    finally:
        con.close()


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``samrehab generate --out d --patients 2000 --seed 1``, once per session."""
    out = tmp_path_factory.mktemp("generated") / "d"
    assert main(["generate", "--out", str(out), "--patients", "2000", "--seed", "1"]) == 0
    return out


@pytest.fixture(scope="session")
def generated_db(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated delivery ingested into a fresh warehouse (tests copy it)."""
    db = tmp_path_factory.mktemp("generated_db") / "w.duckdb"
    assert main(["ingest", str(generated), "--db", str(db)]) == 0
    return db


@pytest.fixture()
def loaded(generated_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "w.duckdb"
    shutil.copy2(generated_db, target)
    return target


def extract_date(delivery: Path) -> str:
    return json.loads((delivery / "manifest.json").read_text(encoding="utf-8"))["extract_date"]


# --------------------------------------------------------------------------- case 1

def _to_cp1252(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert any(ord(ch) > 127 for ch in text), "the test needs non-ASCII unit names"
    path.write_bytes(text.encode("cp1252"))


def test_case1_quarantine_is_undone_when_the_referenced_file_is_corrected(
        generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    bad = copy_delivery(generated, tmp_path / "bad")
    _to_cp1252(bad / "units.csv")
    code, out = ingest(capsys, bad, db)
    assert code == 2
    assert "units.csv" in out and "UTF-8" in out
    orphans = one(db, "SELECT count(DISTINCT (entity, source_file, row_number)) "
                      "FROM raw.quarantine WHERE rule = 'unknown_reference'")
    assert orphans > 40_000

    good = copy_delivery(generated, tmp_path / "good")
    code, out = ingest(capsys, good, db)
    assert code == 0, out
    for entity in ("visits", "referrals", "units", "plans", "admissions"):
        expected = data_rows(generated / f"{entity}.csv")
        assert one(db, f"SELECT count(*) FROM raw.{entity}") == expected, entity
    assert one(db, "SELECT count(*) FROM raw.quarantine") == 0


def test_case1_stray_copy_can_be_resent_without_it(
        generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    stray = copy_delivery(generated, tmp_path / "stray")
    shutil.copy(stray / "plans.csv", stray / "plans_copy.csv")
    code, _ = ingest(capsys, stray, db)
    assert code == 0
    assert one(db, "SELECT count(*) FROM raw.plans") == 0        # every plan is a duplicate
    code, out = ingest(capsys, copy_delivery(generated, tmp_path / "fixed"), db)
    assert code == 0, out
    assert one(db, "SELECT count(*) FROM raw.plans") == data_rows(generated / "plans.csv")
    assert one(db, "SELECT count(*) FROM raw.quarantine") == 0


# --------------------------------------------------------------------------- case 2

def test_case2_extract_date_in_the_future_is_rejected(
        generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    future = copy_delivery(generated, tmp_path / "future")
    set_manifest(future, extract_date="2099-12-31")
    code, out = ingest(capsys, future, db)
    assert code == 2
    assert "extract_date" in out and "2099-12-31" in out and "Fix:" in out
    assert not db.exists() or one(db, "SELECT count(*) FROM raw.visits") == 0
    code, out = ingest(capsys, copy_delivery(generated, tmp_path / "right"), db)
    assert code == 0
    assert one(db, "SELECT count(*) FROM raw.quarantine") == 0


def test_case2_extract_date_far_after_the_events_is_rejected_threshold_configurable(
        generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    late = copy_delivery(generated, tmp_path / "late")
    set_manifest(late, extract_date="2026-11-30")   # 11 months after the latest event
    code, out = ingest(capsys, late, db)
    assert code == 2
    assert "extract_date" in out and "latest event" in out
    code, out = ingest(capsys, late, db, "--max-extract-lag-days", "400")
    assert code == 0, out


def test_case2_wrong_delivery_can_be_withdrawn_and_superseded_rows_load(
        generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    wrong = copy_delivery(generated, tmp_path / "wrong")
    set_manifest(wrong, extract_date="2026-01-31")   # plausible, but wrong
    assert ingest(capsys, wrong, db)[0] == 0
    right = copy_delivery(generated, tmp_path / "right")
    code, out = ingest(capsys, right, db)
    assert code == 0
    visits = data_rows(generated / "visits.csv")
    assert one(db, "SELECT count(*) FROM raw.quarantine WHERE rule = 'superseded' "
                   "AND entity = 'visits'") == visits
    wrong_id = one(db, "SELECT delivery_id FROM raw.deliveries WHERE extract_date = "
                       "DATE '2026-01-31'")

    code, out = run_cli(capsys, "withdraw", wrong_id, "--db", str(db))
    assert code == 0, out
    assert wrong_id in out and "before" in out.lower() and "after" in out.lower()
    assert one(db, "SELECT count(*) FROM raw.quarantine") == 0
    assert one(db, "SELECT count(*) FROM raw.visits") == visits
    assert sql(db, "SELECT DISTINCT CAST(_extract_date AS VARCHAR) FROM raw.visits") == [
        (extract_date(generated),)]
    assert one(db, "SELECT count(*) FROM raw.deliveries WHERE delivery_id = ?", [wrong_id]) == 0


# --------------------------------------------------------------------------- case 3

def _drop_fields(path: Path, row: int, n: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[row].rstrip("\r\n")
    lines[row] = ",".join(body.split(",")[:-n]) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_case3_short_and_long_rows_are_quarantined_per_row(
        generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    d = copy_delivery(generated, tmp_path / "ragged")
    _drop_fields(d / "referrals.csv", 5, 3)
    lines = (d / "admissions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[7] = lines[7].rstrip("\r\n") + ",extra\n"
    (d / "admissions.csv").write_text("".join(lines), encoding="utf-8")
    code, out = ingest(capsys, d, db)
    assert code == 0, out
    rows = sql(db, "SELECT source_file, row_number, message FROM raw.quarantine "
                   "WHERE rule = 'ragged_row' ORDER BY 1")
    assert [(f, n) for f, n, _ in rows] == [("admissions.csv", 7), ("referrals.csv", 5)]
    assert "fields" in rows[1][2] and "Fix:" in rows[1][2]
    referrals = data_rows(generated / "referrals.csv")
    assert one(db, "SELECT count(*) FROM raw.referrals") == referrals - 1
    read, loaded, quarantined = sql(
        db, "SELECT rows_read, rows_loaded, rows_quarantined FROM raw.ingest_log "
            "WHERE source_file = 'referrals.csv'")[0]
    assert (read, loaded + quarantined) == (referrals, referrals)


# --------------------------------------------------------------------------- case 4

def test_case4_another_region_never_replaces_a_row(
        loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sql(loaded, "SELECT * FROM raw.referrals WHERE referral_id = 'R00000004'")
    visits_before = sql(loaded, "SELECT visit_id, patient_id FROM raw.visits "
                                "WHERE referral_id = 'R00000004' ORDER BY 1")
    assert len(before) == 1 and visits_before
    d = tmp_path / "region20"
    d.mkdir()
    (d / "referrals.csv").write_text(
        "referral_id,patient_id,unit_id,received_date,sender_care_level,profession,"
        "diagnosis_code,need_level,assessed_date,need_confirmed,closed_date,close_reason\n"
        "R00000004,P0000001,U2021K01,2025-12-10,,physio,I64,,,,,\n", encoding="utf-8")
    set_manifest(d, region_code="20", extract_date="2025-12-31", source_system="Dalarna")
    code, out = ingest(capsys, d, loaded)
    assert sql(loaded, "SELECT * FROM raw.referrals WHERE referral_id = 'R00000004'") == before
    assert sql(loaded, "SELECT visit_id, patient_id FROM raw.visits "
                       "WHERE referral_id = 'R00000004' ORDER BY 1") == visits_before
    # the region-20 row is accounted for: quarantined, with a reason that names the conflict
    rules = sql(loaded, "SELECT rule, message FROM raw.quarantine WHERE entity = 'referrals'")
    assert {r for r, _ in rules} == {"region_conflict"}
    assert all("another region or source system" in m and "Fix:" in m for _, m in rules)
    assert "1 quarantined" in out or "region_conflict 1" in out
    assert code == 0, out


# --------------------------------------------------------------------------- case 5

@pytest.mark.parametrize("where", ["file_name", "column_name", "source_system"])
def test_case5_identity_numbers_outside_cells_reject_the_delivery_unechoed(
        where: str, generated: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    d = copy_delivery(generated, tmp_path / "d")
    if where == "file_name":
        (d / "patient_stories.csv").rename(d / "patient_stories_191212121212.csv")
    elif where == "column_name":
        text = (d / "patient_stories.csv").read_text(encoding="utf-8")
        header, rest = text.split("\n", 1)
        (d / "patient_stories.csv").write_text(header + ",19121212-1212\n" + rest.replace(
            "\n", ",x\n"), encoding="utf-8")
    else:
        set_manifest(d, source_system="export av 121212-1212")
    code, out = ingest(capsys, d, db)
    assert code == 2
    assert "identity number" in out and "Fix:" in out
    for digits in PNR_DIGITS:
        assert digits not in out
    if db.exists():
        text = all_text_in_warehouse(db)
        for digits in PNR_DIGITS:
            assert digits not in text
        assert one(db, "SELECT count(*) FROM raw.patients") == 0


# --------------------------------------------------------------------------- case 6

def _small(tmp_path: Path) -> Path:
    from fixtures.bad_input.delivery import write_delivery
    return write_delivery(tmp_path / "small")


def _ingest_subprocess(delivery: Path, db: Path) -> tuple[int, str]:
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "samrehab.cli", "ingest", str(delivery),
                           "--db", str(db)], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def test_case6_fifo_and_device_are_rejected_without_opening(tmp_path: Path) -> None:
    import os
    d = _small(tmp_path)
    os.mkfifo(d / "visits_pipe.csv")
    (d / "visits_zero.csv").symlink_to("/dev/zero")
    code, out = _ingest_subprocess(d, tmp_path / "w.duckdb")
    assert code == 2
    assert "visits_pipe.csv" in out and "not a regular file" in out
    assert "visits_zero.csv" in out
    assert one(tmp_path / "w.duckdb", "SELECT count(*) FROM raw.visits") == 5


def test_case6_symlink_leaving_the_delivery_is_rejected(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fixtures.bad_input.delivery import base_rows, write_csv
    d = _small(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    rows = base_rows()["patients"]
    write_csv(outside / "p.csv", [{**r, "patient_id": r["patient_id"] + "X"} for r in rows])
    (d / "patients_more.csv").symlink_to(outside / "p.csv")
    code, out = ingest(capsys, d, tmp_path / "w.duckdb")
    assert code == 2
    assert "patients_more.csv" in out and "outside the delivery folder" in out
    assert one(tmp_path / "w.duckdb", "SELECT count(*) FROM raw.patients") == 3


def _stories_bytes() -> bytes:
    return ("story_id,unit_id,story_date,theme,summary\n"
            "S1,U1,2025-03-01,waiting,Väntan var lång\n").encode()


@pytest.mark.parametrize("kind,words", [
    ("utf16_bom", ("UTF-16",)),
    ("utf16_no_bom", ("UTF-16",)),
    ("gzip", ("gzip",)),
    ("parquet", ("Parquet",)),
    ("cr_only", ("line endings",)),
    ("binary", ("binary",)),
])
def test_case6_encoding_and_content_are_diagnosed(
        kind: str, words: tuple[str, ...], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    import gzip
    import io

    import polars as pl
    d = _small(tmp_path)
    text = _stories_bytes()
    data = {
        "utf16_bom": text.decode().encode("utf-16"),
        "utf16_no_bom": text.decode().encode("utf-16-le"),
        "gzip": gzip.compress(text),
        "cr_only": text.replace(b"\n", b"\r"),
        "binary": b"\x00\x01\x02\x03\xff\xfe\x10" * 50,
    }.get(kind)
    if kind == "parquet":
        buf = io.BytesIO()
        pl.read_csv(io.BytesIO(text)).write_parquet(buf)
        data = buf.getvalue()
    (d / "patient_stories.csv").write_bytes(data)
    code, out = ingest(capsys, d, tmp_path / "w.duckdb")
    assert code == 2
    assert "required column" not in out
    for word in words:
        assert word in out, out


def test_case6_duplicated_column_name_is_rejected(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _small(tmp_path)
    text = (d / "referrals.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    (d / "referrals.csv").write_text(header + ",closed_date\n" + rest.replace("\n", ",\n"),
                                     encoding="utf-8")
    code, out = ingest(capsys, d, tmp_path / "w.duckdb")
    assert code == 2
    assert "closed_date" in out and "more than once" in out
    assert "duplicated_0" not in out
    assert one(tmp_path / "w.duckdb", "SELECT count(*) FROM raw.referrals") == 0


def test_case6_ambiguous_thousands_separator_is_quarantined(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fixtures.bad_input.delivery import base_rows
    d = _small(tmp_path)
    rows = base_rows()["visits"]
    rows[0]["cost_sek"] = "12.500"
    rows[1]["cost_sek"] = "1 250,50"
    cols = list(rows[0])
    (d / "visits.csv").write_text(
        ";".join(cols) + "\n" + "".join(";".join(r[c] for c in cols) + "\n" for r in rows),
        encoding="utf-8")
    code, out = ingest(capsys, d, tmp_path / "w.duckdb")
    assert code == 0, out
    db = tmp_path / "w.duckdb"
    assert sql(db, "SELECT row_number, column_name, rule FROM raw.quarantine") == [
        (1, "cost_sek", "ambiguous_number")]
    assert "12.500" in one(db, "SELECT message FROM raw.quarantine")
    assert one(db, "SELECT cost_sek FROM raw.visits WHERE visit_id = ?",
               [rows[1]["visit_id"]]) == 1250.5
    assert one(db, "SELECT count(*) FROM raw.visits WHERE cost_sek = 12.5") == 0


def test_case6_deeply_nested_or_huge_manifest_is_rejected_with_a_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _small(tmp_path)
    (d / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, out = ingest(capsys, d, tmp_path / "w.duckdb")
    assert code == 2
    assert "manifest.json" in out and "Traceback" not in out and "Fix:" in out
    (d / "manifest.json").write_text('{"extract_date": "2025-06-30", "x": "' + "a" * 3_000_000
                                     + '"}', encoding="utf-8")
    code, out = ingest(capsys, d, tmp_path / "w.duckdb")
    assert code == 2
    assert "manifest.json" in out and "too large" in out


def test_case6_oversize_column_name_is_truncated_in_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _small(tmp_path)
    text = (d / "patients.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    huge = "x" * 3_000_000
    (d / "patients.csv").write_text(header + "," + huge + "\n" + rest.replace("\n", ",1\n"),
                                    encoding="utf-8")
    code, out = ingest(capsys, d, tmp_path / "w.duckdb")
    assert len(out) < 20_000
    assert "xxxx…" in out or "…" in out
    stored = one(tmp_path / "w.duckdb", "SELECT max(length(message)) FROM raw.ingest_log")
    assert stored < 2_000
    assert code in (0, 2)


def test_case6_db_must_be_a_duckdb_warehouse(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os
    d = _small(tmp_path)
    target = tmp_path / "notes.csv"
    target.write_text("a,b\n1,2\n", encoding="utf-8")
    os.chmod(target, 0o644)
    code, out = ingest(capsys, d, target)
    assert code == 1
    assert "not a DuckDB" in out and "loaded" not in out.lower().split("not a duckdb")[0]
    assert target.read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert (target.stat().st_mode & 0o777) == 0o644


def test_case6_db_never_the_published_snapshot(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _small(tmp_path)
    db = tmp_path / "w.duckdb"
    assert ingest(capsys, d, db)[0] == 0
    published = tmp_path / "published" / "w.marts.duckdb"
    published.parent.mkdir()
    con = duckdb.connect(str(published))
    con.execute("CREATE SCHEMA marts; CREATE TABLE marts.metric_values AS SELECT 1 AS x")
    con.close()
    before = published.read_bytes()
    code, out = ingest(capsys, d, published)
    assert code == 1
    assert "published snapshot" in out
    assert published.read_bytes() == before


def test_case6_full_redelivery_reports_and_removes_rows_deleted_at_source(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fixtures.bad_input.delivery import base_rows, write_delivery
    db = tmp_path / "w.duckdb"
    assert ingest(capsys, write_delivery(tmp_path / "d1"), db)[0] == 0
    rows = base_rows()
    rows["visits"] = rows["visits"][:3]          # two visits deleted at source
    d2 = write_delivery(tmp_path / "d2", rows, extract_date="2025-07-31")
    code, out = ingest(capsys, d2, db)           # default scope: incremental, never deletes
    assert code == 0
    assert one(db, "SELECT count(*) FROM raw.visits") == 5
    assert "not in this delivery" in out
    d3 = write_delivery(tmp_path / "d3", rows, extract_date="2025-07-31")
    set_manifest(d3, scope="full")               # the same files: read again, being full
    code, out = ingest(capsys, d3, db)
    assert code == 0, out
    assert one(db, "SELECT count(*) FROM raw.visits") == 3
    assert "2 rows disappeared" in out


def test_case6_unreadable_delivery_folder_is_named_as_such(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    d = _small(tmp_path)
    real_iterdir = Path.iterdir

    def denied(self: Path):
        if self == d:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    code, out = ingest(capsys, d, tmp_path / "w.duckdb")
    assert code == 2
    assert "delivery folder" in out and "cannot be read" in out
    assert "warehouse" not in out.lower()


# --------------------------------------------------------------------------- lifecycle

def test_lifecycle_end_to_end(generated: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    visits = data_rows(generated / "visits.csv")
    # 1. good data
    code, out = ingest(capsys, generated, db)
    assert code == 0 and one(db, "SELECT count(*) FROM raw.visits") == visits
    code, listing = run_cli(capsys, "deliveries", "--db", str(db))
    assert code == 0 and extract_date(generated) in listing
    # 2. a bad units.csv: a new unit, in Windows-1252; the visits moved to it are orphans
    bad = copy_delivery(generated, tmp_path / "bad")
    units = list(csv.reader((bad / "units.csv").open(encoding="utf-8", newline="")))
    units.append([*units[1][:1], *units[1][1:]])
    units[-1][0] = "U19NEW01"
    units[-1][1] = "Rehab Köping"
    with (bad / "units.csv").open("w", encoding="cp1252", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(units)
    import polars as pl
    frame = pl.read_parquet(bad / "visits.parquet")
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()) < 3).then(pl.lit("U19NEW01"))
                               .otherwise(pl.col("unit_id")).alias("unit_id"))
    frame.write_parquet(bad / "visits.parquet")
    code, out = ingest(capsys, bad, db)
    assert code == 2 and "units.csv" in out
    assert one(db, "SELECT count(*) FROM raw.quarantine WHERE source_file = 'visits.parquet' "
                   "AND rule = 'unknown_reference'") == 3
    # 3. correct it: the dependents load without --recheck
    fixed = copy_delivery(bad, tmp_path / "fixed")
    with (fixed / "units.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(units)
    code, out = ingest(capsys, fixed, db)
    assert code == 0, out
    assert one(db, "SELECT count(*) FROM raw.quarantine") == 0
    assert one(db, "SELECT count(*) FROM raw.visits") == visits
    assert one(db, "SELECT count(*) FROM raw.visits WHERE unit_id = 'U19NEW01'") == 3
    # 4. extract_date 2099: rejected, nothing changes
    before = raw_state(db)
    future = copy_delivery(generated, tmp_path / "future")
    set_manifest(future, extract_date="2099-12-31")
    code, out = ingest(capsys, future, db)
    assert code == 2 and "2099-12-31" in out
    assert raw_state(db) == before
    # 5. a second region with colliding ids: both kept
    region20 = copy_delivery(generated, tmp_path / "region20")
    set_manifest(region20, region_code="20", source_system="Dalarna")
    code, out = ingest(capsys, region20, db)
    assert code == 0, out
    assert one(db, "SELECT count(*) FROM raw.visits") == 2 * visits
    assert one(db, "SELECT count(DISTINCT _owner) FROM raw.referrals") == 2
    dup = one(db, "SELECT count(*) FROM raw.referrals WHERE referral_id = 'R00000004'")
    assert dup == 2
    code, listing = run_cli(capsys, "deliveries", "--db", str(db))
    region20_id = one(db, "SELECT delivery_id FROM raw.deliveries WHERE region_code = '20'")
    assert region20_id in listing
    # 6. withdraw the second region's delivery: the state before it, table by table
    code, out = run_cli(capsys, "withdraw", region20_id, "--db", str(db), "--dry-run")
    assert code == 0 and "dry run" in out.lower()
    assert one(db, "SELECT count(*) FROM raw.visits") == 2 * visits
    code, out = run_cli(capsys, "withdraw", region20_id, "--db", str(db))
    assert code == 0, out
    after = raw_state(db)
    for table, rows_before in before.items():
        assert after[table] == rows_before, table
    assert set(after) == set(before)


def test_recheck_releases_rows_whose_reference_now_exists(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fixtures.bad_input.delivery import base_rows, write_delivery
    db = tmp_path / "w.duckdb"
    rows = base_rows()
    units = rows.pop("units")
    rows["units"] = units[:1]                      # U2 missing: its rows are orphans
    assert ingest(capsys, write_delivery(tmp_path / "d1", rows), db)[0] == 0
    orphans = one(db, "SELECT count(DISTINCT (source_file, row_number)) FROM raw.quarantine")
    assert orphans > 0
    only_units = write_delivery(tmp_path / "d2", {"units": units})
    code, out = ingest(capsys, only_units, db)     # a file the others refer to changed
    assert code == 0, out
    assert one(db, "SELECT count(*) FROM raw.quarantine") == 0
    code, out = ingest(capsys, only_units, db, "--recheck")
    assert code == 0 and "recheck" in out.lower()


def test_dry_run_and_unknown_delivery(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fixtures.bad_input.delivery import write_delivery
    db = tmp_path / "w.duckdb"
    d1 = write_delivery(tmp_path / "d1")
    assert ingest(capsys, d1, db)[0] == 0
    before = raw_state(db)
    from fixtures.bad_input.delivery import base_rows
    rows = base_rows()
    rows["visits"][0]["cost_sek"] = "777"
    code, out = ingest(capsys, write_delivery(tmp_path / "d2", rows, extract_date="2025-07-31"),
                       db, "--dry-run")
    assert code == 0 and "Dry run" in out and "before" in out and "after" in out
    assert raw_state(db) == before
    code, out = run_cli(capsys, "withdraw", "ffffffffffff", "--db", str(db))
    assert code == 2 and "no delivery" in out and "Fix:" in out
    code, out = run_cli(capsys, "deliveries", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "no warehouse" in out.lower()
    assert raw_state(db) == before


def _incremental(delivery: Path) -> Path:
    set_manifest(delivery, scope="incremental")
    return delivery


def test_withdrawing_an_earlier_delivery_quarantines_later_rows_that_refer_to_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Units U2 arrive in d2, admissions at U2 in d3; withdrawing d2 leaves no dangling id."""
    from fixtures.bad_input.delivery import base_rows, write_delivery
    db = tmp_path / "w.duckdb"
    rows = base_rows()
    units, admissions = rows["units"], rows.pop("admissions")
    rows["units"] = units[:1]
    for row in admissions:  # a column the contract does not name travels along
        row["ward_note"] = f"avd {row['admission_id']}"
    assert ingest(capsys, write_delivery(tmp_path / "d1", rows), db)[0] == 0
    d2 = _incremental(write_delivery(tmp_path / "d2", {"units": units[1:]},
                                     extract_date="2025-07-31"))
    assert ingest(capsys, d2, db)[0] == 0
    referral = {**rows["referrals"][0], "referral_id": "R9", "unit_id": "U2"}
    visit = {**rows["visits"][0], "visit_id": "V9", "referral_id": "R9"}  # at U1
    d3 = _incremental(write_delivery(tmp_path / "d3", {
        "admissions": admissions, "referrals": [referral], "visits": [visit]},
        extract_date="2025-08-31"))
    assert ingest(capsys, d3, db)[0] == 0
    loaded_visits = sql(db, "SELECT * FROM raw.visits ORDER BY visit_id")
    loaded_admissions = sql(db, "SELECT * FROM raw.admissions ORDER BY admission_id")
    assert len(loaded_admissions) == 2
    assert one(db, "SELECT count(*) FROM raw.admissions WHERE _extra LIKE '%avd A%'") == 2
    d2_id = one(db, "SELECT delivery_id FROM raw.deliveries WHERE extract_date = '2025-07-31'")
    d3_id = one(db, "SELECT delivery_id FROM raw.deliveries WHERE extract_date = '2025-08-31'")

    code, out = run_cli(capsys, "withdraw", d2_id, "--db", str(db))
    assert code == 0, out
    # no admission refers to a unit that is gone: both are quarantined, none vanished
    assert one(db, "SELECT count(*) FROM raw.admissions a WHERE NOT EXISTS (SELECT 1 FROM "
                   "raw.units u WHERE u.unit_id = a.unit_id AND u._owner = a._owner)") == 0
    quarantined = sql(db, "SELECT delivery_id, source_file, row_number, column_name, rule, "
                          "message FROM raw.quarantine WHERE entity = 'admissions' "
                          "ORDER BY row_number")
    assert [(q[0], q[1], q[2], q[3], q[4]) for q in quarantined] == [
        (d3_id, "admissions.csv", 1, "unit_id", "unknown_reference"),
        (d3_id, "admissions.csv", 2, "unit_id", "unknown_reference")]
    assert all(d2_id in q[5] and "Fix:" in q[5] for q in quarantined)
    # the referral at U2 goes, and the visit of that referral (at U1) goes with it
    assert sql(db, "SELECT entity, column_name FROM raw.quarantine WHERE entity <> "
                   "'admissions' ORDER BY entity") == [("referrals", "unit_id"),
                                                       ("visits", "referral_id")]
    assert one(db, "SELECT count(*) FROM raw.visits WHERE visit_id = 'V9'") == 0
    assert "2 admissions rows" in out and "quarantined" in out.lower()

    # the steward sends the units again: the admissions load as they were, unasked
    assert ingest(capsys, d2, db)[0] == 0
    assert one(db, "SELECT count(*) FROM raw.quarantine") == 0
    assert sql(db, "SELECT * FROM raw.admissions ORDER BY admission_id") == loaded_admissions
    assert sql(db, "SELECT * FROM raw.visits ORDER BY visit_id") == loaded_visits


def test_a_loaded_row_read_back_as_text_types_to_the_same_row(generated_db: Path) -> None:
    """The text a withdrawal quarantines a loaded row with types back to the loaded row."""
    from contracts import ENTITIES
    from ingest import check, recheck
    con = duckdb.connect(str(generated_db), read_only=True)
    try:
        for entity in ENTITIES:
            raw = con.sql(f"SELECT * FROM raw.{entity.name} ORDER BY _source_file, "
                          "_row_number").pl()
            assert raw.height > 0, entity.name
            text = recheck.text_frame(recheck.rows_as_read(raw, entity))
            typed = check.type_entity(entity, text)
            assert typed.cast_issues.height == 0, (entity.name, typed.cast_issues.head())
            names = list(entity.column_names)
            assert typed.typed.select(names).equals(raw.select(names)), entity.name
    finally:
        con.close()


def test_a_full_delivery_that_drops_a_row_quarantines_the_rows_that_refer_to_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A full units delivery without U2 removes U2: the admissions at U2 leave raw with it, and
    withdrawing that delivery gives the state before it, table by table."""
    from fixtures.bad_input.delivery import base_rows, write_delivery
    db = tmp_path / "w.duckdb"
    rows = base_rows()
    assert ingest(capsys, write_delivery(tmp_path / "d1", rows), db)[0] == 0
    before = raw_state(db)
    assert one(db, "SELECT count(*) FROM raw.admissions WHERE unit_id = 'U2'") == 2
    d2 = write_delivery(tmp_path / "d2", {"units": rows["units"][:1]}, extract_date="2025-07-31")
    set_manifest(d2, scope="full")
    code, out = ingest(capsys, d2, db)
    assert code == 0, out
    assert "1 rows disappeared" in out
    d2_id = one(db, "SELECT delivery_id FROM raw.deliveries WHERE extract_date = '2025-07-31'")
    assert one(db, "SELECT count(*) FROM raw.admissions a WHERE NOT EXISTS (SELECT 1 FROM "
                   "raw.units u WHERE u.unit_id = a.unit_id AND u._owner = a._owner)") == 0
    quarantined = sql(db, "SELECT entity, column_name, rule, message FROM raw.quarantine")
    assert sorted(q[:3] for q in quarantined) == [("admissions", "unit_id", "unknown_reference")] * 2
    assert all(d2_id in q[3] and "Fix:" in q[3] for q in quarantined)
    assert "2 admissions rows" in out
    # every row read is accounted for: raw + quarantine hold both admissions
    assert one(db, "SELECT count(*) FROM raw.admissions") + len(quarantined) == 2

    code, out = run_cli(capsys, "withdraw", d2_id, "--db", str(db))
    assert code == 0, out
    assert raw_state(db) == before
