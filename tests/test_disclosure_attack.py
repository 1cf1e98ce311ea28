"""The differencing attack (tests/disclosure_attack.py, written without the suppression macros) finds
nothing in the sample warehouse: no published total minus its published groups reveals 1–4, no
family with a published total has exactly one suppressed group, across dimensions, care-level
slices and periods, and no cell is published under one key and suppressed under an equivalent one.

The same attack runs on any warehouse: ``python -m tests.disclosure_attack --db PATH`` (the
20 000-patient delivery with 5 % sex U and 10 % missing need level: docs/metric_decisions.md)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.disclosure_attack import attack, load_cells, summary


@pytest.fixture(scope="module")
def found(sample_warehouse: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        return attack(con)
    finally:
        con.close()


@pytest.mark.parametrize("family", ["dimension", "slices", "periods", "equivalent"])
def test_differencing_attack_finds_nothing(found: dict[str, pd.DataFrame], family: str) -> None:
    frame = found[family]
    if not frame.empty:
        print(summary({family: frame}).to_string(index=False))
        print(frame.head(10).to_string(index=False))
    assert frame.empty, f"{len(frame)} {family} families reveal a small or suppressed number"


def test_attack_sees_the_persons_outside_the_groups() -> None:
    """The attack itself: a total of 20 with groups F 9 and M 8 (3 persons of sex U) is a gap of 3;
    one suppressed group beside a published total is found; a care level's cell published in the
    `all` slice but suppressed as the slice's total is found."""
    rows = [
        # metric, period_type, start, region, slice, dimension, group, numerator, denominator, suppressed
        ("M", "year", "2025-01-01", "19", "all", "total", "total", 20.0, 100.0, False),
        ("M", "year", "2025-01-01", "19", "all", "sex", "F", 9.0, 50.0, False),
        ("M", "year", "2025-01-01", "19", "all", "sex", "M", 8.0, 50.0, False),
        ("M", "year", "2025-01-01", "19", "all", "age_band", "0-19", None, None, True),
        ("M", "year", "2025-01-01", "19", "all", "age_band", "20-44", 10.0, 40.0, False),
        ("M", "year", "2025-01-01", "19", "all", "age_band", "45-64", 10.0, 60.0, False),
        ("M", "year", "2025-01-01", "19", "all", "care_level", "primary", 12.0, 60.0, False),
        ("M", "year", "2025-01-01", "19", "primary", "total", "total", None, None, True),
    ]
    con = duckdb.connect()
    frame = pd.DataFrame(rows, columns=["metric_id", "period_type", "period_start", "region_code", "care_level",
                                        "dimension", "group_code", "numerator", "denominator", "suppressed"])
    frame["period_start"] = pd.to_datetime(frame.period_start).dt.date
    con.sql("create schema marts")
    con.sql("create table marts.metric_values as select * from frame")
    cells = load_cells(con)
    assert cells.loc[(cells.care_level == "primary"), "known"].all(), "equivalent cell makes the slice known"
    result = attack(con)
    dimension = result["dimension"]
    gaps = dimension[(dimension.kind == "gap") & (dimension.family == "dimension:sex")]
    assert set(gaps.column) == {"numerator"} and gaps.gap.tolist() == [3.0]
    assert (dimension[dimension.kind == "single_unknown"].family == "dimension:age_band").all()
    assert len(result["equivalent"]) == 1
