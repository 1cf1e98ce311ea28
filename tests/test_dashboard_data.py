"""Dashboard data layer: the synthetic snapshot used by the dashboard tests, and tests of
``dashboards.data_access``, ``samrehab.read.formatting`` and ``dashboards.exports``.

``build_synthetic_snapshot`` writes a small published snapshot whose ``marts.metric_values`` has
exactly the columns of the dbt model (see ``models/marts/_marts.yml``), with suppressed cells
(denominator under 5 persons, numerator of 1–4, one complementary cell) so the suppression tests
have something to find. With ``full=True`` it also writes the marts later issues add
(equity_gaps, metric_spc, effect_goal_status, before_after, data_quality_results) in their columns, and
``funnel_limits`` and ``snapshot_info``; their numbers are test data only.
"""

from __future__ import annotations

import io
import math
import os
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboards import data_access, exports
from samrehab.config import PROJECT_ROOT
from samrehab.publish import REFERENCE_TABLES
from samrehab.read.formatting import (
    SUPPRESSED,
    catalogue_info,
    display_table,
    format_count,
    format_interval,
    format_value,
    visible_columns,
)

Z95 = 1.959963984540054
THRESHOLD = 5
# metric_id, value type, polarity, base denominator (persons per quarter in a whole region), base value
METRICS = [
    ("E1.access_rate", "rate", True, 90_000, 0.0045),
    ("E1.seen_within_90d_share", "proportion", True, 900, 0.8),
    ("E1.wait_days_median", "median", False, 700, 28.0),
    ("E1.waiting_count", "count", False, 300, 300.0),
    ("E2.plan_guideline_share", "proportion", True, 500, 0.55),
    ("E5.handover_within_14d_share", "proportion", True, 150, 0.6),
    ("E5.patient_stories_count", "count", None, 30, 30.0),
    ("E6.readmission_30d_share", "proportion", False, 400, 0.12),
]
REGIONS = {"19": ["1980", "1984", "1962", "1904"], "20": ["2080", "2081", "2062", "2034"]}
MUNICIPALITY_NAMES = {"1980": "Västerås", "1984": "Arboga", "1962": "Norberg", "1904": "Skinnskatteberg",
                      "2080": "Falun", "2081": "Borlänge", "2062": "Mora", "2034": "Orsa"}
# (dimension, group_code, label_sv, label_en, sort order, share of the population)
GROUPS = {
    "sex": [("F", "Kvinnor", "Women", 1, 0.52), ("M", "Män", "Men", 2, 0.475), ("U", "Okänt kön", "Unknown sex", 3,
                                                                                 0.005)],
    "age_band": [("0-19", "0–19 år", "0–19 years", 1, 0.01), ("20-44", "20–44 år", "20–44 years", 2, 0.2),
                 ("45-64", "45–64 år", "45–64 years", 3, 0.3), ("65-79", "65–79 år", "65–79 years", 4, 0.3),
                 ("80+", "80 år och äldre", "80 years and over", 5, 0.19)],
    "care_level": [("specialist", "Specialistvård", "Specialist care", 1, 0.3),
                   ("primary", "Regional primärvård", "Primary care", 2, 0.5),
                   ("municipal", "Kommunal hälso- och sjukvård", "Municipal health care", 3, 0.2)],
    "profession": [("physio", "Fysioterapeut", "Physiotherapist", 1, 0.6),
                   ("ot", "Arbetsterapeut", "Occupational therapist", 2, 0.4)],
    "diagnosis_group": [("stroke", "Stroke", "Stroke", 1, 0.15), ("hip_fracture", "Höftfraktur", "Hip fracture", 2,
                                                                  0.1),
                        ("musculoskeletal", "Muskuloskeletala sjukdomar", "Musculoskeletal diseases", 5, 0.75)],
}
THEMES = [("handover", "Överrapportering och övergångar", "Handover and transitions", 1, 0.3),
          ("waiting", "Väntan", "Waiting", 2, 0.5), ("other", "Övrigt", "Other", 6, 0.2)]
CARE_SHARES = {"all": 1.0, "specialist": 0.3, "primary": 0.5, "municipal": 0.2}
MUNICIPALITY_SHARES = [0.6, 0.25, 0.012, 0.138]
SNAPSHOT_EXTRACT_DATE = date(2026, 1, 15)  # marts.snapshot_info; the goal-status cut-off is 2025-12-31


def _periods() -> list[tuple[str, str, date, float]]:
    """(period_type, period, period_start, length in quarters) for 2024–2025."""
    periods = []
    for year in (2024, 2025):
        periods.append(("year", str(year), date(year, 1, 1), 4.0))
        for quarter in range(1, 5):
            periods.append(("quarter", f"{year}Q{quarter}", date(year, 3 * quarter - 2, 1), 1.0))
        for month in range(1, 13):
            periods.append(("month", f"{year}-{month:02d}", date(year, month, 1), 1 / 3))
    return periods


def _wilson(x: float, n: float) -> tuple[float, float]:
    p = x / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _cell(kind: str, base_value: float, n: float, rng: np.random.Generator, shift: float) -> dict:
    """numerator, denominator, value, ci of one synthetic cell (test data, not a metric formula)."""
    n = float(max(0, round(n)))
    if kind == "proportion":
        x = float(rng.binomial(int(n), min(0.99, max(0.01, base_value + shift)))) if n > 0 else 0.0
        value = x / n if n else None
        low, high = _wilson(x, n) if n else (None, None)
        return {"numerator": x, "denominator": n, "value": value, "ci_low": low, "ci_high": high,
                "numerator_persons": x, "denominator_persons": n}
    if kind == "rate":
        population = n / base_value
        x = float(rng.poisson(n * (1 + shift)))
        value = x / population * 1000
        spread = Z95 * math.sqrt(max(x, 1))
        return {"numerator": x, "denominator": round(population), "value": value,
                "ci_low": max(0.0, (x - spread) / population * 1000), "ci_high": (x + spread) / population * 1000,
                "numerator_persons": x, "denominator_persons": round(population)}
    if kind == "count":
        x = float(rng.poisson(n * (1 + shift)))
        spread = Z95 * math.sqrt(max(x, 1))
        return {"numerator": x, "denominator": x, "value": x, "ci_low": max(0.0, x - spread), "ci_high": x + spread,
                "numerator_persons": x, "denominator_persons": x}
    value = float(round(base_value * (1 + shift) + rng.normal(0, 2)))
    return {"numerator": None, "denominator": n, "value": value, "ci_low": None, "ci_high": None,
            "numerator_persons": None, "denominator_persons": n}


def synthetic_metric_values(seed: int = 7) -> pd.DataFrame:
    """A synthetic ``marts.metric_values`` (test data) with intervals, benchmark, comparison, suppression."""
    rng = np.random.default_rng(seed)
    rows = []
    for metric_id, kind, polarity, base_n, base_value in METRICS:
        for period_type, period, start, length in _periods():
            trend = (start.year - 2024) * 0.02 + (start.month - 1) * 0.002
            for region, municipalities in REGIONS.items():
                for care_level, care_share in CARE_SHARES.items():
                    n_total = base_n * length * care_share
                    groups = [("total", "total", "Totalt", "Total", 0, 1.0)]
                    if metric_id == "E5.patient_stories_count":
                        groups += [("theme",) + group for group in THEMES]
                    else:
                        groups += [("municipality", code, MUNICIPALITY_NAMES[code], MUNICIPALITY_NAMES[code],
                                    int(code), share) for code, share in zip(municipalities, MUNICIPALITY_SHARES,
                                                                              strict=True)]
                        for dimension, members in GROUPS.items():
                            if dimension == "care_level" and care_level != "all":
                                continue
                            groups += [(dimension,) + member for member in members]
                    for dimension, code, label_sv, label_en, order, share in groups:
                        shift = 0.0 if dimension == "total" else rng.normal(0, 0.04) + trend
                        cell = _cell(kind, base_value, n_total * share, rng, shift if kind != "median" else shift * 5)
                        rows.append({
                            "metric_id": metric_id, "effect_goal": metric_id[:2], "period_type": period_type,
                            "period": period, "period_start": start, "region_code": region, "care_level": care_level,
                            "dimension": dimension, "group_code": code, "group_label": label_sv,
                            "group_label_en": label_en, "group_sort_order": order, "_polarity": polarity, **cell,
                        })
    frame = pd.DataFrame(rows)
    frame["primary"] = (frame["denominator_persons"].fillna(0) < THRESHOLD) | frame["numerator_persons"].between(
        1, THRESHOLD - 1)
    keys = ["metric_id", "period_type", "period", "region_code", "care_level", "dimension"]
    # Secondary suppression: a lone suppressed group takes the next-smallest group of its dimension with it.
    primary_in_dimension = frame.groupby(keys)["primary"].transform("sum")
    rank = frame.sort_values(["denominator_persons", "group_code"]).groupby(keys + ["primary"]).cumcount()
    secondary = (frame["dimension"] != "total") & (primary_in_dimension == 1) & ~frame["primary"] & (rank == 0)
    frame["suppressed"] = frame["primary"] | secondary
    totals = frame[(frame["dimension"] == "total") & ~frame["suppressed"]].set_index(
        keys[:-1])["value"].rename("benchmark_value")
    frame = frame.join(totals, on=keys[:-1])
    polarity = frame["_polarity"]
    comparable = ~frame["suppressed"] & frame["ci_low"].notna() & frame["benchmark_value"].notna() & polarity.notna()
    above = frame["ci_low"] > frame["benchmark_value"]
    below = frame["ci_high"] < frame["benchmark_value"]
    higher_better = polarity.fillna(False).astype(bool)
    frame["comparison"] = np.select(
        [~comparable, above & higher_better, above, below & higher_better, below],
        ["not_compared", "better", "worse", "worse", "better"], default="similar",
    )
    for column in ("numerator", "denominator", "value", "ci_low", "ci_high"):
        frame[column] = frame[column].astype(float).where(~frame["suppressed"])
    columns = ["metric_id", "effect_goal", "period_type", "period", "period_start", "region_code", "care_level",
               "dimension", "group_code", "group_label", "group_label_en", "group_sort_order", "numerator",
               "denominator", "value", "ci_low", "ci_high", "benchmark_value", "comparison", "suppressed"]
    return frame[columns]


def _extra_tables(values: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Test data for the marts of issues 5 and 6 in their columns (``models/marts/_marts_equity_goals.yml``,
    ``samrehab.quality.model.RESULT_COLUMNS``), plus ``funnel_limits`` and ``snapshot_info``
    (``models/marts/_marts_reference.yml``). The snapshot's extract date (``SNAPSHOT_EXTRACT_DATE``)
    differs from the goal-status cut-off on purpose, so tests can tell which one the header shows."""
    total = values[(values["dimension"] == "total") & (values["care_level"] == "all")]
    status = []
    plan = (("E1", "E1.seen_within_90d_share", "on_track"), ("E2", "E2.plan_guideline_share", "off_track"),
            ("E5", "E5.handover_within_14d_share", "achieved"), ("E6", "E6.readmission_30d_share", "no_data"))
    for goal, metric_id, code in plan:
        for region in REGIONS:
            status.append({
                "effect_goal": goal, "metric_id": metric_id, "region_code": region, "owner_role_sv": "Verksamhetschef",
                "owner_role_en": "Head of services", "due_date": date(2027, 3, 31), "baseline_period": "2024",
                "baseline_value": 0.5, "baseline_ci_low": 0.48, "baseline_ci_high": 0.52, "current_period": "2025Q3",
                "current_value": None if code == "no_data" else 0.55, "target_value": 0.6, "change": 0.05,
                "change_ci_low": 0.01, "change_ci_high": 0.09, "status": code, "status_label_sv": None,
                "status_label_en": None, "cutoff_date": date(2025, 12, 31)})
    keys = ["metric_id", "period_type", "period", "region_code", "care_level", "dimension"]
    parts = values[values["dimension"].isin(["municipality", "sex", "age_band", "diagnosis_group"])]
    shown = parts[~parts["suppressed"]]
    gaps = parts.groupby(keys, as_index=False).agg(groups_total=("group_code", "size"),
                                                   groups_suppressed=("suppressed", "sum"))
    extremes = shown.groupby(keys, as_index=False).agg(groups_shown=("value", "size"), highest_value=("value", "max"),
                                                       lowest_value=("value", "min"))
    gaps = gaps.merge(extremes, on=keys, how="left").assign(
        highest_group_code="x", highest_group_label="Högsta gruppen", lowest_group_code="y",
        lowest_group_label="Lägsta gruppen", benchmark_value=0.5, index_of_disparity=12.5, groups_better=1,
        groups_similar=1, groups_worse=1, groups_not_compared=0)
    gaps["range_difference"] = gaps["highest_value"] - gaps["lowest_value"]
    gaps["range_ratio"] = gaps["highest_value"] / gaps["lowest_value"].where(gaps["lowest_value"] > 0)
    age = gaps["dimension"] == "age_band"
    for column, number in (("sii", 0.03), ("sii_ci_low", -0.01), ("sii_ci_high", 0.07), ("rii", 1.1),
                           ("rii_ci_low", 0.95), ("rii_ci_high", 1.3)):
        gaps[column] = np.where(age, number, np.nan)
    gaps["sii_status"] = np.where(age, "computed", None)
    monthly = total[(total["period_type"] == "month") & total["metric_id"].str.endswith("_share")
                    & ~total["suppressed"]].copy()
    spc = []
    for _, part in monthly.groupby(["metric_id", "region_code"]):
        part = part.sort_values("period_start")
        centre = float(part["numerator"].sum() / part["denominator"].sum())
        sigma = np.sqrt(centre * (1 - centre) / part["denominator"])
        spc.append(part[["metric_id", "effect_goal", "region_code", "care_level", "period", "period_start",
                         "numerator", "denominator", "value"]].assign(
            point_number=range(1, len(part) + 1), centre_line=centre, sigma=sigma,
            lcl=(centre - 3 * sigma).clip(lower=0), ucl=(centre + 3 * sigma).clip(upper=1),
            outside_limits=lambda f: (f["value"] > f["ucl"]) | (f["value"] < f["lcl"]),
            longest_run=5, longest_run_max=8, crossings=10, crossings_min=8, longest_run_signal=False,
            crossings_signal=False, runs_signal=False))
    before_after = pd.DataFrame([
        {"metric_id": metric_id, "region_code": region, "care_level": "all", "intervention_date": date(2025, 9, 1),
         "before_start": date(2024, 9, 1), "after_end": date(2025, 12, 31), "before_value": 0.13,
         "before_ci_low": 0.12, "before_ci_high": 0.14, "after_value": 0.11, "after_ci_low": 0.1,
         "after_ci_high": 0.12, "difference": -0.02, "difference_ci_low": -0.035, "difference_ci_high": -0.005,
         "change_assessment": "improved"}
        for metric_id in ("E6.readmission_30d_share",) for region in REGIONS
    ])
    quality = pd.DataFrame([
        {"check_name": "visits_volume_vs_unit_history", "dimension": "plausibility", "entity": "visits",
         "column_name": None, "unit_id": "U19-07", "region_code": "19", "period": "2025-05", "severity": "warning",
         "observed_value": 0.42, "threshold": ">= 0.5", "passed": False, "message_sv": "Enheten U19-07 rapporterade "
         "42 % av sin mediannivå.", "message_en": "Unit U19-07 reported 42 % of its median volume.",
         "affected_metrics": "E1.access_rate; E2.decision_support_per_100_patients",
         "checked_at": pd.Timestamp("2026-01-02")},
        {"check_name": "referrals_required_not_null", "dimension": "completeness", "entity": "referrals",
         "column_name": "received_date", "unit_id": None, "region_code": None, "period": None, "severity": "error",
         "observed_value": 0.0, "threshold": "0", "passed": True, "message_sv": "Inga saknade värden.",
         "message_en": "No missing values.", "affected_metrics": "E1.seen_within_90d_share",
         "checked_at": pd.Timestamp("2026-01-02")},
        {"check_name": "admissions_codes_conform", "dimension": "conformance", "entity": "admissions",
         "column_name": "discharge_to", "unit_id": None, "region_code": "20", "period": None, "severity": "warning",
         "observed_value": 0.0, "threshold": "0", "passed": True, "message_sv": "Alla koder giltiga.",
         "message_en": "All codes valid.", "affected_metrics": "E6.readmission_30d_share",
         "checked_at": pd.Timestamp("2026-01-02")},
    ])
    funnel = total[total["metric_id"].str.endswith("_share") & (total["period_type"] == "quarter")][
        ["metric_id", "period_type", "period", "region_code", "care_level", "value"]].dropna()
    limits = []
    for row in funnel.to_dict("records"):
        for n in (5, 10, 20, 50, 100, 200, 500, 1000):
            p = row["value"]
            half95, half998 = 1.96 * math.sqrt(p * (1 - p) / n), 3.09 * math.sqrt(p * (1 - p) / n)
            limits.append({**{k: row[k] for k in ("metric_id", "period_type", "period", "region_code", "care_level")},
                           "denominator": float(n), "benchmark_value": p,
                           "lower_95": max(0, p - half95), "upper_95": min(1, p + half95),
                           "lower_998": max(0, p - half998), "upper_998": min(1, p + half998)})
    return {
        "effect_goal_status": pd.DataFrame(status),
        "equity_gaps": gaps,
        "metric_spc": pd.concat(spc, ignore_index=True),
        "before_after": before_after,
        "data_quality_results": quality,
        "funnel_limits": pd.DataFrame(limits),
        "snapshot_info": pd.DataFrame([{"extract_date": SNAPSHOT_EXTRACT_DATE, "deliveries": 2,
                                        "region_codes": ",".join(REGIONS),
                                        "built_at": pd.Timestamp("2026-01-20 06:00", tz="UTC")}]),
    }


def seed_table(name: str) -> pd.DataFrame:
    """A reference seed of this repository as text (what publishing copies into ``reference.<name>``)."""
    return pd.read_csv(PROJECT_ROOT / "seeds" / f"{name}.csv", dtype=str, keep_default_na=False)


def write_reference_tables(con) -> None:  # noqa: ANN001 - a DuckDB connection
    """The snapshot's ``reference`` schema from the seed files, as ``samrehab publish`` writes it."""
    con.execute("create schema if not exists reference")
    for name in REFERENCE_TABLES:
        con.register("frame", seed_table(name))
        con.execute(f"create table reference.{name} as select * from frame")
        con.unregister("frame")


def build_synthetic_snapshot(path: Path, full: bool = False, seed: int = 7) -> Path:
    """Write a published-snapshot-like DuckDB file (schema ``marts``) at ``path`` by atomic rename."""
    import duckdb

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    values = synthetic_metric_values(seed)
    tables = {"metric_values": values, **(_extra_tables(values) if full else {})}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    con = duckdb.connect(str(temporary))
    try:
        con.execute("create schema marts")
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f"create table marts.{name} as select * from frame")
            con.unregister("frame")
        con.execute("alter table marts.metric_values alter group_sort_order type integer")
        write_reference_tables(con)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(temporary, path)
    return path


# ---------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def full_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_synthetic_snapshot(tmp_path_factory.mktemp("dash") / "full.marts.duckdb", full=True)


@pytest.fixture(scope="module")
def minimal_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_synthetic_snapshot(tmp_path_factory.mktemp("dash") / "minimal.marts.duckdb")


def _direct(path: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def test_synthetic_snapshot_has_suppressed_cells_and_the_mart_columns(minimal_snapshot: Path) -> None:
    columns = _direct(minimal_snapshot, "describe marts.metric_values")["column_name"].tolist()
    assert columns == ["metric_id", "effect_goal", "period_type", "period", "period_start", "region_code",
                       "care_level", "dimension", "group_code", "group_label", "group_label_en", "group_sort_order",
                       "numerator", "denominator", "value", "ci_low", "ci_high", "benchmark_value", "comparison",
                       "suppressed"]
    counts = _direct(minimal_snapshot, "select suppressed, count(*) n, count(value) v from marts.metric_values "
                                       "group by all order by all")
    assert counts["suppressed"].tolist() == [False, True]
    assert counts.loc[1, "n"] > 100 and counts.loc[1, "v"] == 0


def test_metric_values_applies_filters_only(minimal_snapshot: Path) -> None:
    snapshot = data_access.require_snapshot(minimal_snapshot)
    got = data_access.metric_values(snapshot, metric_ids=["E1.seen_within_90d_share"], region="20",
                                    period_type="quarter", period="2025Q2", care_level="primary",
                                    dimension="municipality")
    expected = _direct(minimal_snapshot, "select * from marts.metric_values where metric_id = ? and region_code = ? "
                       "and period_type = 'quarter' and period = '2025Q2' and care_level = 'primary' and "
                       "dimension = 'municipality' order by group_sort_order", ["E1.seen_within_90d_share", "20"])
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)
    until = data_access.metric_values(snapshot, metric_ids="E1.access_rate", region="19", period_type="month",
                                      care_level="all", dimension="total", until=date(2024, 6, 1))
    assert until["period"].tolist() == [f"2024-0{m}" for m in range(1, 7)]


def test_new_snapshot_is_picked_up_on_the_next_query(tmp_path: Path) -> None:
    path = build_synthetic_snapshot(tmp_path / "swap.marts.duckdb", seed=1)
    before = data_access.require_snapshot(path)
    first = data_access.metric_values(before, metric_ids="E1.waiting_count", region="19", period="2025Q4",
                                      care_level="all", dimension="total")["value"].iloc[0]
    build_synthetic_snapshot(path, seed=2)  # publish again: atomic rename over the same name
    after = data_access.require_snapshot(path)
    assert after.key != before.key, "a new publish must change the snapshot identity"
    second = data_access.metric_values(after, metric_ids="E1.waiting_count", region="19", period="2025Q4",
                                       care_level="all", dimension="total")["value"].iloc[0]
    expected = _direct(path, "select value from marts.metric_values where metric_id = 'E1.waiting_count' and "
                       "region_code = '19' and period = '2025Q4' and care_level = 'all' and dimension = 'total'")
    assert second == expected["value"].iloc[0]
    assert first != second


def test_reader_holds_no_lock_between_queries(minimal_snapshot: Path, tmp_path: Path) -> None:
    import duckdb

    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(minimal_snapshot.read_bytes())
    snapshot = data_access.require_snapshot(copy)
    assert not data_access.metric_values(snapshot, region="19", period="2025Q1", dimension="total").empty
    writer = duckdb.connect(str(copy))  # a writer would fail if the dashboard still held the file open
    writer.execute("create table marts.extra as select 1 as x")
    writer.close()


def test_absent_tables_read_as_none(minimal_snapshot: Path) -> None:
    snapshot = data_access.require_snapshot(minimal_snapshot)
    for table in ("equity_gaps", "metric_spc", "effect_goal_status", "before_after", "data_quality_results"):
        assert data_access.read_table(snapshot, table) is None
    assert data_access.data_as_of(snapshot) is None
    assert data_access.flagged_metrics(snapshot, data_access.reference(snapshot, "metric_catalogue")) == {}
    with pytest.raises(ValueError):
        data_access.read_table(snapshot, "stg_visits")
    assert data_access.current_snapshot(minimal_snapshot.with_name("missing.duckdb")) is None


def test_patient_level_columns_are_refused(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "leak.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.equity_gaps as select 'x' as metric_id, 'p1' as patient_id")
    con.close()
    with pytest.raises(PermissionError):
        data_access.read_table(data_access.require_snapshot(path), "equity_gaps")


def test_quality_flags_follow_the_catalogue_source_entities(full_snapshot: Path) -> None:
    snapshot = data_access.require_snapshot(full_snapshot)
    catalogue = data_access.reference(snapshot, "metric_catalogue")
    flags = data_access.flagged_metrics(snapshot, catalogue, region="19")
    visit_metrics = set(catalogue[catalogue["source_entity"].str.split(";").apply(lambda e: "visits" in e)]
                        ["metric_id"])
    # the failed visits check of region 19: metrics on visits plus those it lists in affected_metrics
    assert set(flags) == visit_metrics | {"E1.access_rate", "E2.decision_support_per_100_patients"}
    assert flags["E2.decision_support_per_100_patients"] == ["visits"]
    assert data_access.flagged_metrics(snapshot, catalogue, region="20") == {}


def test_data_as_of_reads_snapshot_info_else_the_goal_status_cutoff(full_snapshot: Path, tmp_path: Path) -> None:
    import duckdb

    assert data_access.data_as_of(data_access.require_snapshot(full_snapshot)) == SNAPSHOT_EXTRACT_DATE
    older = tmp_path / "without_info.duckdb"  # a snapshot published before marts.snapshot_info existed
    older.write_bytes(full_snapshot.read_bytes())
    con = duckdb.connect(str(older))
    con.execute("drop table marts.snapshot_info")
    con.close()
    snapshot = data_access.require_snapshot(older)
    assert not data_access.has_table(snapshot, "snapshot_info")
    assert data_access.data_as_of(snapshot) == date(2025, 12, 31)  # effect_goal_status.cutoff_date
    info = data_access.read_table(data_access.require_snapshot(full_snapshot), "snapshot_info")
    assert info is not None and info["deliveries"].tolist() == [2]


def test_formatting_shows_units_intervals_and_dots() -> None:
    catalogue = seed_table("metric_catalogue")
    sv, en = catalogue_info(catalogue, "sv"), catalogue_info(catalogue, "en")
    share = sv["E1.seen_within_90d_share"]
    assert format_value(0.4567, share, "sv") == "45,7\u00a0%"
    assert format_value(0.4567, en["E1.seen_within_90d_share"], "en") == "45.7\u00a0%"
    assert format_value(None, share, "sv", suppressed=True) == SUPPRESSED
    assert format_value(12345.678, sv["E1.waiting_count"], "sv") == "12\u00a0346 antal"
    assert format_interval(0.41, 0.5, share, "sv") == "41,0–50,0"
    assert format_interval(None, None, sv["E1.wait_days_median"], "sv") == "–"
    assert format_count(1234.0, "en") == "1,234" and format_count(12.25, "sv") == "12,2"


def test_display_table_never_shows_a_suppressed_number(minimal_snapshot: Path) -> None:
    snapshot = data_access.require_snapshot(minimal_snapshot)
    rows = data_access.metric_values(snapshot, region="19", period_type="quarter", period="2025Q3",
                                     care_level="all")
    infos = catalogue_info(data_access.reference(snapshot, "metric_catalogue"), "sv")
    table = display_table(rows, infos, "sv")
    hidden = table[rows["suppressed"].to_numpy()]
    assert len(hidden) > 0
    for column in visible_columns(table)[3:7]:
        assert set(hidden[column]) == {SUPPRESSED}


def test_exports_hold_exactly_the_shown_cells() -> None:
    table = pd.DataFrame({"Mått": ["Väntetid", "Andel"], "Värde": ["25,0 dagar", SUPPRESSED], "n": [12, 7.5]})
    csv = exports.to_csv_bytes(table, "sv").decode("utf-8-sig").splitlines()
    assert csv == ["Mått;Värde;n", "Väntetid;25,0 dagar;12.0", "Andel;..;7.5"]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(table, "sv"))).worksheets[0]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Mått", "Värde", "n"], ["Väntetid", "25,0 dagar", 12], ["Andel", "..", 7.5]]
