"""Small parts of the ingest: identity-number detection, file matching, sniffing, redaction."""

from __future__ import annotations

import polars as pl
import pytest

from ingest.discover import match_entity
from ingest.errors import redact
from ingest.pnr import count_identity_numbers, identity_number_mask
from ingest.reader import sniff_delimiter


@pytest.mark.parametrize(("value", "hit"), [
    ("19121212-1212", True),        # 12 digits with dash
    ("191212121212", True),         # 12 digits without dash
    ("121212-1212", True),          # 10 digits with dash
    ("1212121212", True),           # 10 digits
    ("121212+1212", True),          # 100 years or older
    ("701063-2391", True),          # samordningsnummer (day + 60)
    ("text 19121212-1212 text", True),
    ("a 121212-1212, b 121212-1213", True),
    ("121212-1213", False),         # wrong check digit
    ("19121312-1212", False),       # month 13
    ("701093-2391", False),         # day 33 after removing 60
    ("1912121212123", False),       # 13 digits
    ("2025-12-31", False),
    ("070-1234567", False),
    ("P0001234", False),
    ("", False),
    (None, False),
])
def test_identity_number_detection(value: str | None, hit: bool) -> None:
    mask = identity_number_mask(pl.Series("c", [value], dtype=pl.String))
    assert mask.to_list() == [hit]


def test_leap_day_in_ten_digit_number() -> None:
    # 000229 is valid in 2000; the check digit makes it a well-formed number
    digits = "000229123"
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    check = (10 - total % 10) % 10
    value = f"000229-123{check}"
    assert identity_number_mask(pl.Series([value])).to_list() == [True]


def test_counts_per_column_and_ignores_lineage_columns() -> None:
    frame = pl.DataFrame({
        "a": ["19121212-1212", "x", "121212-1212"],
        "b": ["ok", "ok", "ok"],
        "_row_number": ["191212121212"] * 3,
    })
    assert count_identity_numbers(frame) == {"a": 2}


@pytest.mark.parametrize(("name", "entity"), [
    ("visits.csv", "visits"),
    ("visits_2025Q3.parquet", "visits"),
    ("visits-part2.csv", "visits"),
    ("Visits.CSV", "visits"),
    ("staff_survey.csv", "staff_survey"),
    ("staff.csv", "staff"),
    ("staff_2025.csv", "staff"),
    ("patient_survey.csv", "patient_survey"),
    ("patients.csv", "patients"),
    ("visitsX.csv", None),
    ("readme.txt", None),
])
def test_match_entity(name: str, entity: str | None) -> None:
    assert match_entity(name) == entity


@pytest.mark.parametrize(("header", "sep"), [
    ("a,b,c", ","),
    ("a;b;c", ";"),
    ('"a;x",b,c', ","),
    ("a\tb\tc", "\t"),
    ("a", ","),
])
def test_sniff_delimiter(header: str, sep: str) -> None:
    assert sniff_delimiter(header) == sep


def test_redact_hides_long_digit_runs_only() -> None:
    assert redact("value 19121212-1212 at line 3") == "value … at line 3"
    assert redact("line 12, column 4") == "line 12, column 4"


def test_column_names_starting_with_underscore_are_rejected(tmp_path) -> None:  # noqa: ANN001
    from contracts import get_entity
    from ingest.errors import FileRejected
    from ingest.reader import open_file

    path = tmp_path / "training.csv"
    path.write_text("staff_id,event_date,event_type,hours,_note\nS1,2025-01-01,course,2,x\n",
                    encoding="utf-8")
    with pytest.raises(FileRejected, match="column '_note'.*reserved"):
        open_file(path, get_entity("training"))
