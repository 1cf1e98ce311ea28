"""The bad-input corpus: every case states exactly what the ingest must do with it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from fixtures.bad_input.corpus import ALL_CASES, Case
from fixtures.bad_input.delivery import PNR_LIKE_VALUES

from ingest.pipeline import ingest_delivery


def test_corpus_is_large_enough() -> None:
    assert len(ALL_CASES) >= 40
    assert len({c.name for c in ALL_CASES}) == len(ALL_CASES)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.name)
def test_case(case: Case, tmp_path: Path) -> None:
    delivery = tmp_path / "delivery"
    delivery.mkdir()
    case.build(delivery)
    db = tmp_path / "wh" / "w.duckdb"
    report = ingest_delivery(delivery, db)

    assert report.exit_code == case.exit_code, report.errors or [f.message for f in report.files]
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = set(con.sql(
            "SELECT source_file, row_number, column_name, rule FROM raw.quarantine").fetchall())
        assert got == case.quarantined
        for column, message in con.sql(
                "SELECT column_name, message FROM raw.quarantine").fetchall():
            assert message.startswith(column.split(",")[0]) and "Fix:" in message, message

        # every loaded file: read = loaded + quarantined, in the report and in the log
        for f in report.files:
            if f.status == "loaded":
                assert f.rows_read == f.rows_loaded + f.rows_quarantined, f
        log = con.sql("SELECT source_file, rows_read, rows_loaded, rows_quarantined "
                      "FROM raw.ingest_log WHERE status = 'loaded'").fetchall()
        for name, read, loaded, quarantined in log:
            assert read == loaded + quarantined, name
            assert quarantined == len({(q[0], q[1]) for q in case.quarantined if q[0] == name})
        raw_rows = sum(
            con.sql(f"SELECT count(*) FROM raw.{f.entity} WHERE _source_file = ?",
                    params=[f.file]).fetchall()[0][0]
            for f in report.files if f.status == "loaded")
        assert raw_rows == report.totals["rows_loaded"]

        rejected = {f.file: f for f in report.files if f.status == "rejected"}
        assert set(rejected) == set(case.rejected)
        for name, expect in case.rejected.items():
            result = rejected[name]
            assert result.rule == expect.rule
            if expect.column:
                assert f"column '{expect.column}'" in result.message
            for word in expect.words:
                assert word in result.message, result.message
            for value in PNR_LIKE_VALUES:
                assert value not in result.message
            assert con.sql("SELECT count(*) FROM raw.ingest_log WHERE source_file = ? "
                           "AND status = 'rejected'", params=[name]).fetchall() == [(1,)]
        # nothing that may hold an identity number is stored anywhere
        for value in PNR_LIKE_VALUES:
            hits = con.sql("SELECT count(*) FROM raw.quarantine WHERE contains(row_json, ?)",
                           params=[value]).fetchall()[0][0]
            assert hits == 0
        if case.check:
            case.check(report, con)
    finally:
        con.close()
