"""Acceptance tests of the data-quality suites: deliveries with injected problems fail the right
checks with the right severity, a clean delivery passes every error-level check.

One small delivery (4 000 patients, 2025) is generated, ingested and built (dbt seeds and staging
views only: the checks read nothing else) once per module; each test works on a copy. Problems
are injected into the delivery files (then ingested into a copy whose raw tables were emptied:
the staging views read raw, so no rebuild is needed) or, where the ingest would quarantine them
at the door, straight into the raw tables of a copy.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from ingest.pipeline import ingest_delivery
from samrehab.dbt_runner import run_dbt
from samrehab.generator import generate_delivery
from samrehab.generator.effects import DATA_GAP_MONTHS, DATA_GAP_UNIT_ID
from samrehab.quality import run_quality_checks
from samrehab.quality.datasets import unit_month_visits_dataset
from samrehab.quality.model import QualityOutcome

pytestmark = pytest.mark.slow

PATIENTS, SEED, START, END = 4000, 11, date(2025, 1, 1), date(2025, 12, 31)
LATE_EXTRACT = date(2026, 3, 31)  # three months after the last event
REQUIRED_EVENT_ENTITIES = {"referrals", "visits", "plans", "admissions"}


#: The intermediate models (and their parents) the quality checks select from: cut-off and wait days.
QUALITY_MODELS = ["+int_cutoff", "+int_referrals"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("quality")


@pytest.fixture(scope="module")
def delivery(workdir: Path) -> Path:
    out = workdir / "delivery"
    generate_delivery(out, patients=PATIENTS, seed=SEED, start=START, end=END)
    return out


@pytest.fixture(scope="module")
def dbt_slot(workdir: Path) -> Path:
    """The one warehouse path at which this module runs dbt (see :func:`check`)."""
    return workdir / "slot" / "warehouse.duckdb"


@pytest.fixture(scope="module")
def clean_warehouse(workdir: Path, delivery: Path, dbt_slot: Path) -> Path:
    db = workdir / "clean.duckdb"
    report = ingest_delivery(delivery, db)
    assert report.exit_code == 0, report.errors
    with in_slot(db, dbt_slot):
        outcome = run_dbt(
            ["build", "--select", "resource_type:seed", "path:models/staging", *QUALITY_MODELS,
             "--exclude", "path:seeds/validation", "resource_type:test", *dbt_paths(dbt_slot)],
            dbt_slot,
        )
    assert outcome.success, "\n".join(outcome.failures)
    return db


def copy_of(db: Path, target: Path) -> Path:
    shutil.copy2(db, target)
    return target


def execute(db: Path, *statements: str) -> None:
    con = duckdb.connect(str(db))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def reingest(clean: Path, delivery_dir: Path, target: Path) -> Path:
    """A copy of the built warehouse with its raw tables emptied and ``delivery_dir`` ingested."""
    db = copy_of(clean, target)
    con = duckdb.connect(str(db))
    try:
        for (table,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'").fetchall():
            con.execute(f'delete from raw."{table}"')
    finally:
        con.close()
    report = ingest_delivery(delivery_dir, db)
    assert not report.errors, report.errors
    return db


def dbt_paths(slot: Path) -> list[str]:
    """dbt's target and log folders for the warehouse at ``slot``, shared by every dbt call of the module."""
    return ["--target-path", str(slot.parent / "target"), "--log-path", str(slot.parent / "logs")]


@contextmanager
def in_slot(db: Path, slot: Path) -> Iterator[None]:
    """Move ``db`` to ``slot`` for the duration of the block, then back.

    dbt parses the whole project again whenever the warehouse path changes (the path is part of the
    profile, which its partial parsing checks); every dbt call of this module on the same path and
    target folder re-parses only what changed (nothing), which saves most of a call's time.
    """
    slot.parent.mkdir(parents=True, exist_ok=True)
    assert not slot.exists(), f"{slot} is in use"
    shutil.move(db, slot)
    try:
        yield
    finally:
        shutil.move(slot, db)


def refresh_quality_models(db: Path) -> None:
    """Rebuild the intermediate models the quality checks read, as ``samrehab build`` does before them
    (a test that changes raw would otherwise check stale tables)."""
    outcome = run_dbt(["run", "--select", *QUALITY_MODELS, *dbt_paths(db)], db)
    assert outcome.success, "\n".join(outcome.failures)


def check(db: Path, slot: Path) -> QualityOutcome:
    """The quality checks on ``db`` after rebuilding what they read (dbt runs on ``db`` moved to ``slot``)."""
    with in_slot(db, slot):
        refresh_quality_models(slot)
        return run_quality_checks(slot, report_dir=None, write=False, verbose=False)


def rows(outcome: QualityOutcome, name: str, **where: str) -> pd.DataFrame:
    frame = outcome.results[outcome.results["check_name"] == name]
    for column, value in where.items():
        frame = frame[frame[column] == value]
    assert not frame.empty, f"no result rows for {name} {where}"
    return frame


def failed(outcome: QualityOutcome) -> pd.DataFrame:
    return outcome.results[~outcome.results["passed"]]


def assert_no_broken_checks(outcome: QualityOutcome) -> None:
    broken = outcome.results[outcome.results["message_en"].str.contains("could not run")]
    assert broken.empty, broken["message_en"].tolist()


def test_clean_delivery_passes_every_error_level_check_and_finds_the_data_gap(
        clean_warehouse: Path, tmp_path: Path) -> None:
    db = copy_of(clean_warehouse, tmp_path / "clean.duckdb")
    report_dir = tmp_path / "reports" / "data_quality"
    outcome = run_quality_checks(db, report_dir=report_dir, verbose=False)

    assert_no_broken_checks(outcome)
    errors = failed(outcome)[failed(outcome)["severity"] == "error"]
    assert errors.empty, errors["message_en"].tolist()
    assert outcome.passed
    assert set(outcome.results["dimension"]) == {
        "completeness", "conformance", "plausibility", "consistency", "timeliness"}

    # the generator's documented problem: a unit that stops reporting for two months
    gap = rows(outcome, "plausibility.visit_volume_drop", unit_id=DATA_GAP_UNIT_ID)
    flagged = gap[~gap["passed"]]
    assert set(flagged["period"]) == set(DATA_GAP_MONTHS)
    assert (flagged["severity"] == "warning").all()
    assert (flagged["observed_value"] == 0.0).all()
    assert flagged["message_sv"].str.contains("0 besök").all()

    # the results table in the warehouse, aggregate only
    con = duckdb.connect(str(db), read_only=True)
    try:
        table = con.execute("select * from marts.data_quality_results").df()
        types = dict(con.execute("select column_name, data_type from information_schema.columns "
                                 "where table_schema = 'marts' and table_name = 'data_quality_results'").fetchall())
    finally:
        con.close()
    assert len(table) == len(outcome.results)
    assert types["observed_value"] == "DOUBLE" and types["passed"] == "BOOLEAN"
    from samrehab.publish import PATIENT_LEVEL_COLUMNS

    assert not set(types) & PATIENT_LEVEL_COLUMNS
    assert not table["period"].dropna().map(lambda p: bool(re.fullmatch(r"\d{4}-\d{2}", p))).eq(False).any()
    text = " ".join(table["message_sv"]) + " ".join(table["message_en"])
    assert not re.search(r"\b(P|V|R|PL|A)\d{6,}\b", text), "a person's or an event's id in a message"

    # the steward's page and the great-expectations Data Docs
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    assert DATA_GAP_UNIT_ID in page and "plausibility.visit_volume_drop" in page
    assert (report_dir / "gx" / "index.html").is_file()
    assert list((report_dir / "gx" / "validations").rglob("*.html"))


def test_unit_volume_halved_is_flagged_as_a_warning(clean_warehouse: Path, tmp_path: Path, dbt_slot: Path) -> None:
    """Halve a unit's visits in two months where it ran at its usual level (within ±10 % of its
    expected volume, at least 45 visits): both months fall below 60 % of expected and are flagged;
    no other month of the unit is."""
    db = copy_of(clean_warehouse, tmp_path / "halved.duckdb")
    con = duckdb.connect(str(db))
    try:
        volume = con.execute(unit_month_visits_dataset().sql).df()
        usual = volume[volume["volume_ratio"].between(0.9, 1.1) & (volume["expected_visits"] >= 45)
                       & (volume["unit_id"] != DATA_GAP_UNIT_ID)]
        unit = usual["unit_id"].value_counts().sort_index().idxmax()
        months = sorted(usual[usual["unit_id"] == unit].nlargest(2, "expected_visits")["period"])
        assert len(months) == 2, "the generated delivery has no unit running at its usual level"
        count = "select count(*) from raw.visits where unit_id = ? and strftime(visit_date, '%Y-%m') in (?, ?)"
        before = con.execute(count, [unit, *months]).fetchone()[0]
        con.execute("""
            delete from raw.visits where visit_id in (
                select visit_id from (
                    select visit_id, row_number() over (order by visit_id) as n
                    from raw.visits where unit_id = ? and strftime(visit_date, '%Y-%m') in (?, ?))
                where n % 2 = 0)""", [unit, *months])
        after = con.execute(count, [unit, *months]).fetchone()[0]
    finally:
        con.close()
    assert after == (before + 1) // 2

    outcome = check(db, dbt_slot)
    assert_no_broken_checks(outcome)
    result = rows(outcome, "plausibility.visit_volume_drop", unit_id=unit)
    flagged = result[~result["passed"]]
    assert sorted(flagged["period"]) == months, result[["period", "observed_value"]].to_string()
    assert (flagged["severity"] == "warning").all()
    assert (flagged["observed_value"] < 0.6).all()
    assert flagged["message_en"].str.contains("Check plausibility.visit_volume_drop. Fix:").all()
    assert outcome.passed, "a volume drop is a warning: it does not stop the build"


def test_missing_diagnosis_codes_in_the_delivery_stop_the_build(
        clean_warehouse: Path, delivery: Path, tmp_path: Path, dbt_slot: Path) -> None:
    broken = tmp_path / "delivery"
    shutil.copytree(delivery, broken)
    referrals = pl.read_csv(broken / "referrals.csv", infer_schema=False)
    blank = pl.int_range(pl.len()) % 10 < 3  # 30 % of the rows
    referrals.with_columns(pl.when(blank).then(None).otherwise(pl.col("diagnosis_code")).alias("diagnosis_code")) \
        .write_csv(broken / "referrals.csv")
    db = reingest(clean_warehouse, broken, tmp_path / "missing.duckdb")

    outcome = check(db, dbt_slot)
    assert_no_broken_checks(outcome)
    row = rows(outcome, "completeness.quarantined_rows", entity="referrals").iloc[0]
    assert not row["passed"] and row["severity"] == "error"
    assert row["observed_value"] == pytest.approx(0.3, abs=0.01)
    assert "diagnosis_code (missing_value)" in row["message_en"]
    assert "Check completeness.quarantined_rows. Fix:" in row["message_en"]
    # the referrals held back take their visits with them: a broken-reference error, too
    visits = rows(outcome, "consistency.quarantined_rows", entity="visits").iloc[0]
    assert not visits["passed"] and visits["severity"] == "error"
    assert not outcome.passed


def test_missing_diagnosis_codes_in_the_warehouse_stop_the_build(
        clean_warehouse: Path, tmp_path: Path, dbt_slot: Path) -> None:
    db = copy_of(clean_warehouse, tmp_path / "nulls.duckdb")
    execute(db, """
        update raw.referrals set diagnosis_code = null where referral_id in (
            select referral_id from (
                select referral_id, row_number() over (order by referral_id) as n from raw.referrals)
            where n % 10 < 3)""")

    outcome = check(db, dbt_slot)
    assert_no_broken_checks(outcome)
    required = rows(outcome, "completeness.required_values", entity="referrals", column_name="diagnosis_code")
    assert len(required) == 1
    assert not required["passed"].iloc[0] and required["severity"].iloc[0] == "error"
    assert required["observed_value"].iloc[0] == pytest.approx(0.3, abs=0.01)
    by_month = rows(outcome, "completeness.missing_by_unit_month", entity="referrals", column_name="diagnosis_code")
    assert (~by_month["passed"]).sum() > 0.5 * len(by_month)
    assert set(by_month["severity"]) == {"warning"}
    assert rows(outcome, "completeness.required_values", entity="referrals", column_name="profession")["passed"].all()
    assert not outcome.passed


def test_codes_outside_the_reference_sets_stop_the_build(
        clean_warehouse: Path, delivery: Path, tmp_path: Path, dbt_slot: Path) -> None:
    """ICD-10 code D95x (right shape, no chapter) and municipality 0180 (Stockholm: a valid code,
    not in the seed) pass the extract contract at ingest; the reference sets catch them."""
    broken = tmp_path / "delivery"
    shutil.copytree(delivery, broken)
    every_20th = pl.int_range(pl.len()) % 20 == 0
    referrals = pl.read_csv(broken / "referrals.csv", infer_schema=False)
    referrals.with_columns(pl.when(every_20th).then(pl.lit("D95.9")).otherwise(pl.col("diagnosis_code"))
                           .alias("diagnosis_code")).write_csv(broken / "referrals.csv")
    patients = pl.read_csv(broken / "patients.csv", infer_schema=False)
    patients.with_columns(pl.when(every_20th).then(pl.lit("0180")).otherwise(pl.col("municipality_code"))
                          .alias("municipality_code")).write_csv(broken / "patients.csv")
    units = pl.read_csv(broken / "units.csv", infer_schema=False)
    moved = units["unit_id"][0]
    units.with_columns(pl.when(pl.col("unit_id") == moved).then(pl.lit("0180")).otherwise(pl.col("municipality_code"))
                       .alias("municipality_code")).write_csv(broken / "units.csv")
    db = reingest(clean_warehouse, broken, tmp_path / "codes.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from raw.quarantine").fetchone()[0] == 0, "the contract lets them in"
    finally:
        con.close()

    outcome = check(db, dbt_slot)
    assert_no_broken_checks(outcome)
    chapter = rows(outcome, "conformance.icd10_chapter", entity="referrals").iloc[0]
    assert not chapter["passed"] and chapter["severity"] == "error"
    assert chapter["observed_value"] == pytest.approx(0.05, abs=0.005)
    assert rows(outcome, "conformance.code_format", entity="referrals")["passed"].all(), "the format is fine"
    assert rows(outcome, "conformance.icd10_chapter", entity="admissions")["passed"].all()
    for entity, share in (("units", 1 / 85), ("patients", 0.05)):
        municipality = rows(outcome, "conformance.reference_codes", entity=entity, column_name="municipality_code")
        assert not municipality["passed"].iloc[0] and municipality["severity"].iloc[0] == "error"
        assert municipality["observed_value"].iloc[0] == pytest.approx(share, rel=0.1)
    assert rows(outcome, "conformance.reference_codes", entity="patients", column_name="sex")["passed"].all()
    assert not outcome.passed


@pytest.fixture(scope="module")
def late_warehouse(clean_warehouse: Path, workdir: Path) -> Path:
    late = workdir / "late_delivery"
    generate_delivery(late, patients=PATIENTS, seed=SEED, start=START, end=END, extract_date=LATE_EXTRACT)
    return reingest(clean_warehouse, late, workdir / "late.duckdb")


def test_delivery_three_months_late_stops_the_build(late_warehouse: Path, dbt_slot: Path) -> None:
    outcome = check(late_warehouse, dbt_slot)
    assert_no_broken_checks(outcome)
    lag = rows(outcome, "timeliness.entity_lag")
    late = lag[~lag["passed"] & (lag["severity"] == "error")]
    assert set(late["entity"]) == REQUIRED_EVENT_ENTITIES
    assert (late["observed_value"] >= 85).all()
    assert late["message_en"].str.contains("Check timeliness.entity_lag. Fix: The delivery is late").all()
    units = rows(outcome, "timeliness.unit_last_visit")
    assert (~units["passed"]).sum() > 0.5 * len(units) and set(units["severity"]) == {"warning"}
    assert not outcome.passed
    # nothing else is wrong with the delivery
    others = failed(outcome)[(failed(outcome)["severity"] == "error")
                             & (failed(outcome)["check_name"] != "timeliness.entity_lag")]
    assert others.empty, others["message_en"].tolist()


def test_a_check_that_cannot_run_is_an_error_never_a_pass(clean_warehouse: Path, tmp_path: Path) -> None:
    db = copy_of(clean_warehouse, tmp_path / "broken.duckdb")
    execute(db, "drop view staging.stg_admissions")
    outcome = run_quality_checks(db, report_dir=None, write=False, verbose=False)  # no rebuild: the view stays dropped
    broken = outcome.results[outcome.results["message_en"].str.contains("could not run")]
    assert not broken.empty
    assert (broken["severity"] == "error").all() and not broken["passed"].any()
    assert broken["message_en"].str.contains("stg_admissions").all()
    assert "plausibility.length_of_stay_median" in set(broken["check_name"])
    assert rows(outcome, "completeness.required_values", entity="visits")["passed"].all(), "the rest still runs"
    assert not outcome.passed


#: The visit-referral consistency measures as each was once written, one join per measure: the
#: reference for the shared query that computes all three from one join.
SEPARATE_VISIT_REFERRAL_QUERIES = {
    "visit_referral_missing": """
        select visits.unit_id, case when referrals.referral_id is null then 1.0 else 0.0 end as flag
        from staging.stg_visits as visits
        left join staging.stg_referrals as referrals on referrals.referral_id = visits.referral_id
        where visits.referral_id is not null""",
    "visit_referral_other_patient": """
        select visits.unit_id, case when visits.patient_id <> referrals.patient_id then 1.0 else 0.0 end as flag
        from staging.stg_visits as visits
        join staging.stg_referrals as referrals on referrals.referral_id = visits.referral_id""",
    "visit_before_referral": """
        select visits.unit_id, case when visits.visit_date < referrals.received_date then 1.0 else 0.0 end as flag
        from staging.stg_visits as visits
        join staging.stg_referrals as referrals on referrals.referral_id = visits.referral_id
        where visits.status = 'attended'""",
}


def test_datasets_read_together_equal_their_own_queries(clean_warehouse: Path, tmp_path: Path) -> None:
    """Datasets computed by one shared query are, row for row, what their own query and the separate
    join per measure give, also with broken links (visits of other patients, before their referral,
    without a referral)."""
    from samrehab.quality.datasets import CONSISTENCY_MIN_ROWS, _unit_share, all_datasets
    from samrehab.quality.runner import _numpy_numbers, _read_reference, read_frames
    from samrehab.quality.suites import all_checks

    db = copy_of(clean_warehouse, tmp_path / "links.duckdb")
    execute(db, """
        update raw.visits set referral_id = 'R-NONE' where visit_id in (
            select visit_id from raw.visits where referral_id is not null order by visit_id limit 40)""",
            """update raw.visits set patient_id = (select min(patient_id) from raw.patients) where visit_id in (
            select visit_id from raw.visits where referral_id is not null order by visit_id desc limit 30)""",
            "update raw.referrals set received_date = received_date + interval 400 day where referral_id in ("
            "select referral_id from raw.referrals order by referral_id limit 50)")
    con = duckdb.connect(str(db), read_only=True)
    try:
        datasets = all_datasets()
        shared = {name: d for name, d in datasets.items() if d.shared_sql}
        assert {f"consistency.{m}" for m in SEPARATE_VISIT_REFERRAL_QUERIES} <= set(shared)
        checks = [c for c in all_checks(_read_reference(con)) if c.dataset in shared]
        frames, problems = read_frames(con, checks, datasets)
        assert problems == {}
        for measure, body in SEPARATE_VISIT_REFERRAL_QUERIES.items():
            name = f"consistency.{measure}"
            separate = _numpy_numbers(con.execute(_unit_share(measure, body, CONSISTENCY_MIN_ROWS.get(measure, 1)).sql)
                                      .df())
            assert (separate["share"] > 0).any(), f"{name}: the injected problems show"
            pd.testing.assert_frame_equal(frames[name], separate)
            pd.testing.assert_frame_equal(frames[name], _numpy_numbers(con.execute(datasets[name].sql).df()))
    finally:
        con.close()


def _tiny_rows() -> duckdb.DuckDBPyConnection:
    """An in-memory table with the edge cases of pandas' and great-expectations' semantics: nulls,
    NaN and infinity, a code with a final newline (Python's ``$`` matches before it), booleans with
    a null, and integers with a null (the old frames turned those into float64)."""
    con = duckdb.connect()
    con.execute("""
        create table tiny as select * from (values
            ('I639', 1.0::double, true, 1, date '2025-01-01'),
            ('D95', 'nan'::double, true, 2, null),
            (null, null, false, null, date '2025-01-03'),
            ('I639' || chr(10), 500.0, true, 4, date '2025-01-04'),
            ('i639', -1.0, null, 5, date '2025-01-05'),
            ('S720', 20.0, true, 6, date '2025-01-06'),
            ('XX', 30.0, false, 7, date '2025-01-07'),
            (null, 'inf'::double, true, 8, date '2025-01-08'),
            ('U071', 480.0, true, 9, date '2025-01-09'),
            ('K99', 2.0, true, 10, date '2025-01-10')
        ) as t(code, amount, flag, n, day)""")
    return con


def _tiny_checks() -> list:
    from samrehab.quality.model import Check

    common = dict(dimension="completeness", severity="warning", dataset="tiny", entity="visits",
                  threshold="0 %", title_sv="t", title_en="t", fix_sv="f", fix_en="f")

    def check(name: str, expectation: str, column: str, kind: str = "column", conditions: tuple = (),
              **kwargs: object) -> Check:
        return Check(name=f"completeness.{name}", expectation=expectation, kwargs={"column": column, **kwargs},
                     kind=kind, column=column, conditions=conditions, **common)  # type: ignore[arg-type]

    return [
        check("code_filled", "ExpectColumnValuesToNotBeNull", "code"),
        check("amount_filled", "ExpectColumnValuesToNotBeNull", "amount", mostly=0.7),
        check("day_filled", "ExpectColumnValuesToNotBeNull", "day", mostly=0.9),
        check("code_set", "ExpectColumnValuesToBeInSet", "code", value_set=["I639", "K99", "S720"], mostly=0.5),
        check("code_regex", "ExpectColumnValuesToMatchRegex", "code", regex=r"^[A-Z][0-9]{2}[0-9A-Z]{0,2}$",
              mostly=0.8),
        check("amount_range", "ExpectColumnValuesToBeBetween", "amount", min_value=1, max_value=480, mostly=0.6),
        check("amount_strict", "ExpectColumnValuesToBeBetween", "amount", min_value=1, max_value=480,
              strict_min=True),
        check("amount_flagged", "ExpectColumnValuesToBeBetween", "amount", conditions=(("flag", "==", True),),
              min_value=0, max_value=100, mostly=0.5),
        check("n_not_flagged", "ExpectColumnValuesToBeBetween", "n", conditions=(("flag", "!=", True),),
              max_value=5),
        check("n_above", "ExpectColumnValuesToBeBetween", "n", conditions=(("amount", ">", 10),), min_value=7),
        check("n_not_k99", "ExpectColumnValuesToBeBetween", "n", conditions=(("code", "!=", "K99"),), max_value=8,
              mostly=0.8),
        check("flag_set", "ExpectColumnValuesToBeInSet", "flag", value_set=[True]),
        check("nothing", "ExpectColumnValuesToBeBetween", "n", conditions=(("n", ">", 100),), min_value=1),
        check("n_median", "ExpectColumnMedianToBeBetween", "n", kind="aggregate", min_value=1, max_value=5),
        check("amount_median", "ExpectColumnMedianToBeBetween", "amount", kind="aggregate", min_value=1,
              max_value=5),
        check("no_median", "ExpectColumnMedianToBeBetween", "n", kind="aggregate", conditions=(("n", ">", 100),),
              min_value=1, max_value=5),
    ]


def test_profile_counts_what_great_expectations_counts_on_the_rows() -> None:
    """The SQL profile of a row source gives exactly the share, verdict and median that
    great-expectations' pandas engine gives on the rows themselves (as the frames were read before)."""
    from samrehab.quality.datasets import Dataset
    from samrehab.quality.gx_runner import _import_gx, _row_condition, run_suites
    from samrehab.quality.profiles import read_profile
    from samrehab.quality.runner import _numpy_numbers

    con = _tiny_rows()
    checks = _tiny_checks()
    columns = {c: f"t.{c}" for c in ("code", "amount", "flag", "n", "day")}
    dataset = Dataset("tiny", "select * from tiny", columns, "tiny as t")
    profile, errors = read_profile(con, dataset, checks)
    assert errors == {}
    run = run_suites(checks, {"tiny": profile}).outcomes

    gx = _import_gx()
    rows = _numpy_numbers(con.execute("select * from tiny").df())
    batch = gx.get_context(mode="ephemeral").data_sources.add_pandas("rows").add_dataframe_asset("rows") \
        .add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": rows})
    for check in checks:
        kwargs = dict(check.kwargs)
        if check.conditions:
            kwargs["row_condition"] = _row_condition(check.conditions)
        direct = batch.validate(getattr(gx.expectations, check.expectation)(**kwargs))
        assert run[check.key].exception is None, (check.key, run[check.key].exception)
        assert run[check.key].success == direct.success, check.key
        row = profile[profile["check_key"] == check.key].iloc[0]
        if check.kind == "column":
            percent = direct.result["unexpected_percent"]
            expected = None if percent is None else percent / 100
            observed = None if pd.isna(row["unexpected_share"]) else row["unexpected_share"]
            assert observed == expected, (check.key, observed, expected)
            assert row["element_count"] == direct.result["element_count"], check.key
        else:
            statistic = None if pd.isna(row["statistic"]) else row["statistic"]
            assert statistic == direct.result["observed_value"], check.key
            assert run[check.key].result["observed_value"] == direct.result["observed_value"], check.key
    # the edge cases are exercised: NaN is missing, a final newline matches like Python's `$`
    shares = profile.set_index("check_key")["unexpected_share"]
    assert shares["completeness.amount_filled:tiny:amount"] == pytest.approx(0.2)
    assert shares["completeness.code_regex:tiny:code"] == pytest.approx(2 / 8)
    assert "XX (1)" in profile.set_index("check_key").loc["completeness.code_set:tiny:code", "unexpected_values"]


def test_great_expectations_exceptions_are_reported_per_check() -> None:
    """A check over a column the dataset lacks, or with an expectation the profile cannot count,
    is an error-level failure of that check alone; the other checks of the dataset still run."""
    from samrehab.quality.datasets import Dataset
    from samrehab.quality.model import Check
    from samrehab.quality.results import results_frame
    from samrehab.quality.runner import read_frames

    common = dict(dimension="completeness", severity="warning", dataset="tiny", kind="column", entity="visits",
                  threshold="0 %", title_sv="t", title_en="t", fix_sv="f", fix_en="f")
    good = Check(name="completeness.good", expectation="ExpectColumnValuesToNotBeNull",
                 kwargs={"column": "code"}, column="code", **common)
    missing_column = Check(name="completeness.bad", expectation="ExpectColumnValuesToNotBeNull",
                           kwargs={"column": "nope"}, column="nope", **common)
    uncountable = Check(name="completeness.odd", expectation="ExpectColumnValuesToBeUnique",
                        kwargs={"column": "code"}, column="code", **common)
    con = _tiny_rows()
    dataset = Dataset("tiny", "select code from tiny", {"code": "t.code", "nope": "t.nope"}, "tiny as t")
    checks = [good, missing_column, uncountable]
    frames, problems = read_frames(con, checks, {"tiny": dataset})
    assert set(problems) == {missing_column.key, uncountable.key}
    assert "nope" in problems[missing_column.key] and "ExpectColumnValuesToBeUnique" in problems[uncountable.key]

    from samrehab.quality.gx_runner import run_suites

    outcomes = run_suites(checks, frames, problems=problems).outcomes
    assert outcomes[good.key].exception is None and not outcomes[good.key].success
    assert "nope" in outcomes[missing_column.key].exception
    results = results_frame(outcomes, frames, {}, pd.Timestamp("2025-01-01").to_pydatetime())
    for check in (missing_column, uncountable):
        bad_row = results[results["check_name"] == check.name].iloc[0]
        assert bad_row["severity"] == "error" and not bad_row["passed"], "a warning-level check that breaks is an error"
        assert "could not run" in bad_row["message_en"]
    good_row = results[results["check_name"] == "completeness.good"].iloc[0]
    assert good_row["observed_value"] == pytest.approx(2 / 10)


def test_command_exit_codes(clean_warehouse: Path, late_warehouse: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    from samrehab.cli import main

    db = copy_of(clean_warehouse, tmp_path / "cli.duckdb")
    assert main(["quality", "--db", str(db), "--no-report"]) == 0
    out = capsys.readouterr().out
    assert "plausibility.visit_volume_drop" in out and DATA_GAP_UNIT_ID in out and "godkänd / passed" in out
    late = copy_of(late_warehouse, tmp_path / "late.duckdb")
    assert main(["quality", "--db", str(late), "--no-report"]) == 1
    out = capsys.readouterr().out
    assert "timeliness.entity_lag" in out and "underkänd / failed" in out
    assert main(["quality", "--db", str(tmp_path / "absent.duckdb"), "--no-report"]) == 1
