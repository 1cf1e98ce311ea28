"""The chunked ingest: a delivery read in small chunks gives exactly what one chunk gives.

Every test ingests the same delivery twice, with ``chunk_rows`` small (files span several
chunks) and large (every file one chunk), and compares the whole raw layer – rows,
quarantine rows and messages, ingest log – besides checking the expected outcome itself.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest
from fixtures.bad_input.delivery import PNR_LIKE_VALUES, base_rows, write_csv, write_delivery

from contracts import get_entity
from ingest.pipeline import ingest_delivery
from ingest.reader import open_file
from ingest.writer import Writer

REPO = Path(__file__).resolve().parent.parent
CHUNK = 1000
ONE_CHUNK = 1_000_000
#: columns that hold the time of the run, not its result
RUN_TIMES = ("loaded_at", "quarantined_at")


def raw_state(db: Path) -> dict[str, list[tuple]]:
    """Every raw table's rows without the run's timestamps, sorted."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' "
            "ORDER BY 1").fetchall()]
        state = {}
        for t in tables:
            cols = [r[0] for r in con.sql(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' "
                f"AND table_name = '{t}' ORDER BY ordinal_position").fetchall()
                    if r[0] not in RUN_TIMES]
            rows = con.sql(f"SELECT {', '.join(cols)} FROM raw.{t}").fetchall()
            state[t] = sorted(rows, key=repr)
        return state
    finally:
        con.close()


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def many_visits(n: int) -> list[dict[str, str]]:
    """``n`` valid visits V00001… (three patients, referral R1 or none)."""
    template = base_rows()["visits"][0]
    patients = ("P001", "P002", "P003")
    return [{**template, "visit_id": f"V{i:05d}", "patient_id": patients[i % 3],
             "referral_id": "R1" if i % 3 == 0 else "",
             "visit_date": (dt.date(2025, 1, 1) + dt.timedelta(days=i % 180)).isoformat()}
            for i in range(1, n + 1)]


def ingest_both(tmp_path: Path, *deliveries: Path) -> tuple[Path, Path, list, list]:
    """Ingest ``deliveries`` in order into two warehouses: small chunks and one chunk."""
    small, whole = tmp_path / "small.duckdb", tmp_path / "whole.duckdb"
    small_reports = [ingest_delivery(d, small, chunk_rows=CHUNK) for d in deliveries]
    whole_reports = [ingest_delivery(d, whole, chunk_rows=ONE_CHUNK) for d in deliveries]
    assert raw_state(small) == raw_state(whole)
    for a, b in zip(small_reports, whole_reports, strict=True):
        assert a.files == b.files
        assert a.quarantine_by_rule == b.quarantine_by_rule
        assert (a.exit_code, a.extract_date, a.region_code) == (b.exit_code, b.extract_date,
                                                                b.region_code)
    return small, whole, small_reports, whole_reports


def test_duplicate_across_chunks_and_late_bad_rows(tmp_path: Path) -> None:
    rows = base_rows()
    visits = many_visits(2500)
    visits[1499]["visit_id"] = "V00010"        # row 1500 (2nd chunk) repeats row 10 (1st)
    visits[2199]["status"] = "attendedd"       # a bad row in the 3rd chunk
    visits[2299]["visit_date"] = "2025-02-30"  # and one that also repeats a key of chunk 1
    visits[2299]["visit_id"] = "V00020"
    visits[4]["patient_id"] = "P404"           # a bad row in the 1st chunk
    rows["visits"] = visits
    delivery = write_delivery(tmp_path / "d", rows)

    small, _, reports, _ = ingest_both(tmp_path, delivery)
    got = set(query(small, "SELECT row_number, column_name, rule FROM raw.quarantine "
                           "WHERE entity = 'visits'"))
    assert got == {
        (10, "visit_id", "duplicate_id"), (1500, "visit_id", "duplicate_id"),
        (20, "visit_id", "duplicate_id"), (2300, "visit_id", "duplicate_id"),
        (2300, "visit_date", "bad_date"),
        (2200, "status", "unknown_code"),
        (5, "patient_id", "unknown_reference"),
    }
    result = reports[0].file("visits.csv")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2500, 2494, 6)
    assert reports[0].quarantine_by_rule[("visits", "duplicate_id")] == 4
    assert query(small, "SELECT count(*) FROM raw.visits WHERE visit_id IN "
                        "('V00010', 'V00020', 'V01500', 'V02300')") == [(0,)]
    # a duplicate that was loaded with its chunk carries the row as read, like the others
    row_json = query(small, "SELECT row_json FROM raw.quarantine WHERE row_number = 10")[0][0]
    assert '"visit_id":"V00010"' in row_json and '"status":"attended"' in row_json


def test_rows_numbered_across_chunks_with_empty_lines_and_quoted_newlines(
        tmp_path: Path) -> None:
    rows = base_rows()
    stories = [{**rows["patient_stories"][0], "story_id": f"ST{i}", "summary": f"berättelse {i}"}
               for i in range(1, 2201)]
    stories[998]["summary"] = "rad ett\nrad två, \"citat\""  # record 999 spans two lines
    rows.pop("patient_stories")
    delivery = write_delivery(tmp_path / "d", rows)
    path = write_csv(delivery / "patient_stories.csv", stories)
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[1500:1500] = [",,,,\n", ",,,,\n"]           # two empty lines in the 2nd chunk
    path.write_text("".join(text), encoding="utf-8")

    reader = open_file(path, get_entity("patient_stories"))
    chunks = list(reader.chunks(CHUNK))
    assert len(chunks) == 3
    numbers = pl.concat(chunks).get_column("_row_number").to_list()
    # line 1500 of the text is record 1499 (record 999 spans two lines): the two empty
    # records take the numbers 1499 and 1500, and the numbering goes on after them
    assert numbers == [*range(1, 1499), *range(1501, 2203)]
    assert (reader.rows_read, reader.empty_rows_skipped) == (2200, 2)

    small, _, reports, _ = ingest_both(tmp_path, delivery)
    assert reports[0].file("patient_stories.csv").rows_loaded == 2200
    assert query(small, "SELECT _row_number, summary FROM raw.patient_stories "
                        "WHERE story_id IN ('ST999', 'ST2200') ORDER BY 1") == [
        (999, "rad ett\nrad två, \"citat\""), (2202, "berättelse 2200")]


def test_identity_number_late_in_a_file_rejects_all_of_it(tmp_path: Path) -> None:
    rows = base_rows()
    visits = many_visits(3000)
    rows["visits"] = visits[:1500]
    delivery = write_delivery(tmp_path / "d", rows)
    second = visits[1500:]
    for v in second:
        v["note"] = ""
    second[1400]["note"] = PNR_LIKE_VALUES[0]  # 2nd chunk of the second file, after the 1st was loaded
    write_csv(delivery / "visits_part2.csv", second)

    small, _, reports, _ = ingest_both(tmp_path, delivery)
    report = reports[0]
    assert report.exit_code == 2
    rejected = report.file("visits_part2.csv")
    assert (rejected.status, rejected.rule) == ("rejected", "identity_number")
    assert "column 'note': 1 value looks like" in rejected.message
    assert report.file("visits.csv").rows_loaded == 1500
    # nothing of the rejected file: no rows, no quarantine, no trace of its extra column
    assert query(small, "SELECT count(*), count(_extra) FROM raw.visits") == [(1500, 0)]
    assert query(small, "SELECT count(*) FROM raw.quarantine") == [(0,)]


def test_redelivery_replaces_across_chunks(tmp_path: Path) -> None:
    rows = base_rows()
    rows["visits"] = many_visits(2500)
    first = write_delivery(tmp_path / "d1", rows)
    later = base_rows()
    later["visits"] = [{**v, "cost_sek": "999"} for v in many_visits(2500)[500:2300]]
    later["staff_survey"] = [{"staff_id": "S1", "survey_date": "2025-05-15",
                              "competence_development_score": "5"}]
    later.pop("units")  # the same bytes: already loaded
    second = write_delivery(tmp_path / "d2", later, extract_date="2025-09-30")
    older = base_rows()
    older["visits"] = [{**v, "cost_sek": "1"} for v in many_visits(2500)[2000:2400]]
    third = write_delivery(tmp_path / "d3", older, extract_date="2025-06-30")

    small, _, reports, _ = ingest_both(tmp_path, first, second, third)
    visits = reports[1].file("visits.csv")
    assert (visits.rows_loaded, visits.rows_replaced) == (1800, 1800)
    assert reports[1].file("staff_survey.csv").rows_replaced == 2
    assert query(small, "SELECT count(*) FROM raw.visits WHERE cost_sek = 999") == [(1800,)]
    # the older delivery: 300 keys held by the later one are superseded, 100 replace d1's rows
    old = reports[2].file("visits.csv")
    assert (old.rows_loaded, old.rows_quarantined, old.rows_replaced) == (100, 300, 100)
    assert query(small, "SELECT count(*) FROM raw.visits") == [(2500,)]


def test_chunk_rows_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="chunk_rows"):
        ingest_delivery(write_delivery(tmp_path / "d"), tmp_path / "w.duckdb", chunk_rows=0)


def test_cli_chunk_rows(tmp_path: Path) -> None:
    delivery = write_delivery(tmp_path / "d")
    cli = [sys.executable, "-m", "samrehab.cli", "ingest", str(delivery)]
    small = subprocess.run([*cli, "--db", str(tmp_path / "small.duckdb"), "--chunk-rows", "2"],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert small.returncode == 0, small.stdout + small.stderr
    ingest_delivery(delivery, tmp_path / "whole.duckdb")
    assert raw_state(tmp_path / "small.duckdb") == raw_state(tmp_path / "whole.duckdb")
    bad = subprocess.run([*cli, "--db", str(tmp_path / "bad.duckdb"), "--chunk-rows", "0"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "positive" in bad.stderr


def test_writer_hands_a_failed_write_to_the_ingest() -> None:
    done: list[int] = []

    def fail() -> None:
        raise duckdb.IOException("No space left on device")

    writer = Writer()
    writer.submit(lambda: done.append(1))
    writer.submit(fail)
    with pytest.raises(duckdb.IOException, match="No space left"):
        writer.submit(lambda: done.append(3))  # raises here, or is skipped and drain raises
        writer.drain()
    writer.close()
    assert done == [1]
