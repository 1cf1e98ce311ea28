"""The product and the two benchmark baselines give the same five headline metrics.

On the committed sample delivery (20 000 patients, about 81 000 visits): ``marts.metric_values``
(dimension municipality, care level all, quarters), the hand-written DuckDB script and the pandas
computation over the raw files must agree on numerator, denominator and value of every cell to 1e-9;
suppressed mart cells are compared with the metric-cell models before disclosure control.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from samrehab.config import SAMPLE_DELIVERY
from tests.benchmarks import baseline_duckdb, baseline_pandas
from tests.benchmarks.compare import (
    HEADLINE_METRICS,
    compare_cells,
    product_mart_cells,
    product_unsuppressed_cells,
    summarise,
)


@pytest.fixture(scope="module")
def duckdb_cells() -> pd.DataFrame:
    return baseline_duckdb.compute_metrics(SAMPLE_DELIVERY)


@pytest.fixture(scope="module")
def pandas_cells() -> pd.DataFrame:
    return baseline_pandas.compute_metrics(SAMPLE_DELIVERY)


@pytest.fixture(scope="module")
def mart_cells(sample_warehouse: Path) -> pd.DataFrame:
    return product_mart_cells(sample_warehouse)


@pytest.fixture(scope="module")
def model_cells(sample_warehouse: Path) -> pd.DataFrame:
    return product_unsuppressed_cells(sample_warehouse)


def test_every_headline_metric_has_shown_cells(mart_cells: pd.DataFrame) -> None:
    shown = mart_cells[~mart_cells["suppressed"]]
    counts = shown.groupby("metric_id").size().to_dict()
    for metric in HEADLINE_METRICS:
        assert counts.get(metric, 0) >= 20, f"{metric}: {counts.get(metric, 0)} unsuppressed municipality cells"


@pytest.mark.parametrize("baseline", ["duckdb_cells", "pandas_cells"])
def test_baseline_agrees_with_the_mart(baseline: str, mart_cells: pd.DataFrame,
                                       request: pytest.FixtureRequest) -> None:
    cells = request.getfixturevalue(baseline)
    mismatches = compare_cells(mart_cells, cells, skip_suppressed=True)
    assert not mismatches, summarise(mismatches)


@pytest.mark.parametrize("baseline", ["duckdb_cells", "pandas_cells"])
def test_baseline_agrees_with_every_cell_before_suppression(baseline: str, model_cells: pd.DataFrame,
                                                            request: pytest.FixtureRequest) -> None:
    cells = request.getfixturevalue(baseline)
    assert set(model_cells["metric_id"]) == set(HEADLINE_METRICS)
    mismatches = compare_cells(model_cells, cells)
    assert not mismatches, summarise(mismatches)


def test_the_two_baselines_agree(duckdb_cells: pd.DataFrame, pandas_cells: pd.DataFrame) -> None:
    assert len(duckdb_cells) > 1000
    mismatches = compare_cells(duckdb_cells, pandas_cells)
    assert not mismatches, summarise(mismatches)


def test_the_comparison_finds_a_changed_a_missing_and_an_extra_cell(duckdb_cells: pd.DataFrame) -> None:
    changed = duckdb_cells.copy()
    row = changed.index[changed["metric_id"] == "E3.coordinated_visit_share"][0]
    changed.loc[row, "numerator"] += 1
    missing = duckdb_cells.drop(index=duckdb_cells.index[0])
    extra = pd.concat([duckdb_cells, duckdb_cells.iloc[[0]].assign(group_code="9999")], ignore_index=True)
    assert [m.field for m in compare_cells(duckdb_cells, changed)] == ["numerator"]
    assert [m.field for m in compare_cells(duckdb_cells, missing)] == ["presence"]
    assert [m.field for m in compare_cells(duckdb_cells, extra)] == ["presence"]
    tiny = duckdb_cells.copy()
    tiny["value"] = tiny["value"] * (1 + 1e-12)
    assert compare_cells(duckdb_cells, tiny) == []


def _admission(admission_id: str, admit: str, discharge: str | None, kind: str = "acute",
               to: str | None = "home", patient: str = "P1", unit: str = "U1") -> dict[str, object]:
    return {"admission_id": admission_id, "patient_id": patient, "unit_id": unit,
            "admit_date": pd.Timestamp(admit), "discharge_date": pd.Timestamp(discharge) if discharge else pd.NaT,
            "admission_type": kind, "discharge_to": to}


def test_pandas_stay_merging_follows_the_definition() -> None:
    admissions = pd.DataFrame([
        _admission("A1", "2025-01-01", "2025-01-05", kind="planned", to="other_hospital", unit="U1"),
        _admission("A2", "2025-01-06", "2025-01-10", unit="U2"),          # transfer, next day: same stay
        _admission("A3", "2025-01-09", "2025-01-12", unit="U3"),          # overlaps A2: same stay
        _admission("A4", "2025-01-14", "2025-01-20"),                     # gap of 2 days: new stay
        _admission("A5", "2025-02-01", "2025-02-03", to="home"),          # home, then next day: new stay
        _admission("A6", "2025-02-04", None),                             # still admitted
        _admission("B1", "2025-01-01", "2025-01-03", patient="P2", to="deceased"),
    ])
    stays = baseline_pandas.merge_stays(admissions, pd.Timestamp("2025-12-31"))
    p1 = stays[stays["patient_id"] == "P1"].sort_values("admit_date").reset_index(drop=True)
    assert p1["admit_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-01", "2025-01-14", "2025-02-01",
                                                                  "2025-02-04"]
    first = p1.iloc[0]
    assert first["discharge_date"] == pd.Timestamp("2025-01-12")
    assert first["admission_type"] == "planned" and first["unit_id"] == "U3"
    assert pd.isna(p1.iloc[3]["discharge_date"])
    assert len(stays[stays["patient_id"] == "P2"]) == 1


def test_pandas_readmission_window_counts_day_30_not_day_31() -> None:
    admissions = pd.DataFrame([
        _admission("A1", "2025-01-01", "2025-01-10", patient="P1"),
        _admission("A2", "2025-02-09", "2025-02-12", patient="P1"),                  # day 30: readmitted
        _admission("B1", "2025-01-01", "2025-01-10", patient="P2"),
        _admission("B2", "2025-02-10", "2025-02-12", patient="P2"),                  # day 31: not
        _admission("C1", "2025-01-01", "2025-01-10", patient="P3"),
        _admission("C2", "2025-01-15", "2025-01-16", kind="planned", patient="P3"),  # planned: not
        _admission("D1", "2025-01-01", "2025-01-10", patient="P4", to="deceased"),   # not an index stay
        _admission("E1", "2025-12-01", "2025-12-05", patient="P5"),                  # window not observed
    ])
    data = {
        "admissions": admissions,
        "cutoff": pd.Timestamp("2025-12-31"),
        "units": pd.DataFrame({"unit_id": ["U1"], "region_code": ["20"]}),
        "patients": pd.DataFrame({"patient_id": ["P1", "P2", "P3", "P4", "P5"], "municipality_code": ["2080"] * 5}),
    }
    cells = baseline_pandas.readmission_share(data).set_index("period")
    # index stays: A1, A2, B1, B2, C1, C2 discharged in Q1 (D1 died, E1's window ends after the cut-off)
    assert cells.loc["2025Q1", "denominator"] == 6
    assert cells.loc["2025Q1", "numerator"] == 1
    assert "2025Q4" not in cells.index
