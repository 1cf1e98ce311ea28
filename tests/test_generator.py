"""Tests of the synthetic delivery generator: determinism, contract shape, consistency, effects."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from samrehab.cli import main as cli_main
from samrehab.generator import DOCUMENTED_EFFECTS, generate_delivery
from samrehab.generator import effects as fx

START, END = date(2023, 1, 1), date(2025, 12, 31)
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data_samples" / "delivery"
# The command documented in data_samples/README.md.
SAMPLE_ARGS = {"patients": 20000, "seed": 20250901, "start": START, "end": END}

# Column lists typed from ../shared/spec/extracts.md (independent of the generator's code).
CONTRACT: dict[str, list[str]] = {
    "patients": ["patient_id", "birth_year", "sex", "municipality_code", "deceased_date"],
    "units": ["unit_id", "unit_name", "care_level", "provider_type", "municipality_code",
              "region_code"],
    "referrals": ["referral_id", "patient_id", "unit_id", "received_date", "sender_care_level",
                  "profession", "diagnosis_code", "need_level", "assessed_date",
                  "need_confirmed", "closed_date", "close_reason"],
    "visits": ["visit_id", "patient_id", "referral_id", "unit_id", "visit_date", "profession",
               "contact_type", "status", "planned", "coordinated", "kva_code",
               "duration_minutes", "cost_sek"],
    "plans": ["plan_id", "patient_id", "referral_id", "unit_id", "created_date",
              "goals_documented", "icf_coded", "patient_participated",
              "responsibilities_assigned", "follow_up_planned_date", "followed_up_date",
              "shared_with_patient", "shared_with_next_provider", "status", "closed_date",
              "goals_met"],
    "admissions": ["admission_id", "patient_id", "unit_id", "admit_date", "discharge_date",
                   "admission_type", "main_diagnosis_code", "discharge_to", "cost_sek"],
    "population": ["year", "municipality_code", "sex", "age", "population"],
    "record_audits": ["audit_id", "unit_id", "audit_date", "plan_id", "criterion", "met"],
    "decision_support_usage": ["event_date", "unit_id", "profession", "support_name", "uses"],
    "staff": ["staff_id", "unit_id", "profession", "employment_start", "employment_end", "fte"],
    "time_use": ["staff_id", "week_start", "task_category", "minutes", "in_competence"],
    "training": ["staff_id", "event_date", "event_type", "hours"],
    "staff_survey": ["staff_id", "survey_date", "competence_development_score"],
    "patient_survey": ["response_id", "unit_id", "response_date", "patient_id",
                       "participation_score", "continuity_score"],
    "patient_stories": ["story_id", "unit_id", "story_date", "theme", "summary"],
}
TEXT_COLUMNS = {"patient_id", "unit_id", "municipality_code", "region_code", "referral_id",
                "plan_id", "staff_id", "audit_id", "response_id", "story_id", "admission_id"}


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _file(folder: Path, entity: str) -> Path:
    return folder / (f"{entity}.parquet" if entity == "visits" else f"{entity}.csv")


def _connect(folder: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for entity, cols in CONTRACT.items():
        path = _file(folder, entity)
        if entity == "visits":
            con.sql(f"create view {entity} as select * from read_parquet('{path}')")
        else:
            types = {c: "VARCHAR" for c in cols if c in TEXT_COLUMNS}
            con.sql(f"create view {entity} as select * from read_csv('{path}', header=true, "
                    f"types={types!r})")
    return con


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    return con.sql(sql).fetchall()[0][0]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small")
    generate_delivery(out, 500, 11, START, END)
    return out


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("medium")
    rows = generate_delivery(out, 20000, 3, START, END)
    return out, rows


def test_same_seed_gives_byte_identical_files(small: Path, tmp_path: Path) -> None:
    generate_delivery(tmp_path, 500, 11, START, END)
    assert _hashes(tmp_path) == _hashes(small)


def test_different_seed_gives_different_files(small: Path, tmp_path: Path) -> None:
    generate_delivery(tmp_path, 500, 12, START, END)
    a, b = _hashes(tmp_path), _hashes(small)
    assert a["visits.parquet"] != b["visits.parquet"]
    assert a["patients.csv"] != b["patients.csv"]
    assert a["units.csv"] == b["units.csv"]  # the organisation does not depend on the seed


def test_every_entity_present_with_contract_columns(small: Path) -> None:
    for entity, cols in CONTRACT.items():
        path = _file(small, entity)
        assert path.exists(), entity
        is_parquet = entity == "visits"
        frame = pl.read_parquet(path) if is_parquet else pl.read_csv(path, infer_schema=False)
        assert frame.columns == cols, entity
        assert frame.height > 0, entity


def test_manifest_without_region(small: Path) -> None:
    manifest = json.loads((small / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["extract_date"] == "2025-12-31"
    assert manifest["source_system"].startswith("samrehab-generator ")
    assert "region_code" not in manifest


def test_csv_formats(small: Path) -> None:
    text = (small / "patients.csv").read_text(encoding="utf-8")
    assert text.startswith("patient_id,birth_year,sex,municipality_code,deceased_date\n")
    plans = (small / "plans.csv").read_text(encoding="utf-8").splitlines()[1]
    assert re.search(r",(true|false),", plans)
    pop = pl.read_csv(small / "population.csv", schema_overrides={"municipality_code": pl.String})
    assert set(pop["municipality_code"].str.len_chars()) == {4}
    assert set(pop["sex"]) == {"F", "M"} and pop["age"].min() == 0 and pop["age"].max() == 100
    refs = pl.read_csv(small / "referrals.csv", infer_schema=False)
    assert refs["diagnosis_code"].str.contains(r"^[A-Z]\d\d(\.\d)?$").all()
    units = pl.read_csv(small / "units.csv", infer_schema=False)
    assert set(units["region_code"]) == {"19", "20"}
    assert set(units["care_level"]) == {"specialist", "primary", "municipal"}
    assert set(units["provider_type"]) == {"region", "private", "municipality"}


def test_ids_unique_and_foreign_keys_exist(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    for entity, key in (("patients", "patient_id"), ("units", "unit_id"),
                        ("referrals", "referral_id"), ("visits", "visit_id"),
                        ("plans", "plan_id"), ("admissions", "admission_id"),
                        ("record_audits", "audit_id"), ("staff", "staff_id"),
                        ("patient_survey", "response_id"), ("patient_stories", "story_id")):
        assert _scalar(con, f"select count(*) - count(distinct {key}) from {entity}") == 0, entity
    orphans = {
        "visit patient": "select count(*) from visits where patient_id not in "
                         "(select patient_id from patients)",
        "visit unit": "select count(*) from visits where unit_id not in (select unit_id from units)",
        "visit referral of same patient": (
            "select count(*) from visits v left join referrals r using (referral_id) "
            "where v.referral_id is not null and (r.patient_id is null "
            "or r.patient_id <> v.patient_id)"),
        "referral patient": "select count(*) from referrals where patient_id not in "
                            "(select patient_id from patients)",
        "referral unit": "select count(*) from referrals where unit_id not in "
                         "(select unit_id from units)",
        "plan referral": (
            "select count(*) from plans p left join referrals r using (referral_id) "
            "where p.referral_id is not null and (r.patient_id is null "
            "or r.patient_id <> p.patient_id or r.unit_id <> p.unit_id)"),
        "plan patient": "select count(*) from plans where patient_id not in "
                        "(select patient_id from patients)",
        "admission patient": "select count(*) from admissions where patient_id not in "
                             "(select patient_id from patients)",
        "admission unit": "select count(*) from admissions where unit_id not in "
                          "(select unit_id from units)",
        "audit plan": "select count(*) from record_audits where plan_id not in "
                      "(select plan_id from plans)",
        "survey patient": "select count(*) from patient_survey where patient_id is not null "
                          "and patient_id not in (select patient_id from patients)",
        "staff unit": "select count(*) from staff where unit_id not in (select unit_id from units)",
        "time_use staff": "select count(*) from time_use where staff_id not in "
                          "(select staff_id from staff)",
        "training staff": "select count(*) from training where staff_id not in "
                          "(select staff_id from staff)",
        "staff_survey staff": "select count(*) from staff_survey where staff_id is not null "
                              "and staff_id not in (select staff_id from staff)",
        "decision support unit": "select count(*) from decision_support_usage where unit_id "
                                 "not in (select unit_id from units)",
        "story unit": "select count(*) from patient_stories where unit_id not in "
                      "(select unit_id from units)",
        "patient municipality": "select count(*) from patients where municipality_code not in "
                                "(select distinct municipality_code from population)",
    }
    for name, sql in orphans.items():
        assert _scalar(con, sql) == 0, name


def test_keys_of_keyless_entities_unique(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    for entity, key in (("time_use", "staff_id, week_start, task_category"),
                        ("training", "staff_id, event_date, event_type"),
                        ("decision_support_usage", "event_date, unit_id, profession, support_name"),
                        ("population", "year, municipality_code, sex, age")):
        dup = _scalar(con, f"select count(*) from (select {key} from {entity} group by all "
                           "having count(*) > 1)")
        assert dup == 0, entity


EVENT_DATES = {
    "referrals": ["received_date", "assessed_date", "closed_date"],
    "visits": ["visit_date"],
    "plans": ["created_date", "followed_up_date", "closed_date"],
    "admissions": ["admit_date", "discharge_date"],
    "patient_survey": ["response_date"],
}


def test_no_event_after_extract_death_or_before_birth(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    for entity, cols in EVENT_DATES.items():
        for col in cols:
            after = _scalar(con, f"select count(*) from {entity} where {col} > date '2025-12-31'")
            assert after == 0, (entity, col)
            after_death = _scalar(con, f"select count(*) from {entity} e join patients p "
                                       f"using (patient_id) where e.{col} > p.deceased_date")
            assert after_death == 0, (entity, col)
            before_birth = _scalar(con, f"select count(*) from {entity} e join patients p "
                                        f"using (patient_id) where year(e.{col}) < p.birth_year")
            assert before_birth == 0, (entity, col)
    for sql in ("select count(*) from admissions where discharge_date < admit_date",
                "select count(*) from referrals where closed_date < received_date",
                "select count(*) from referrals where assessed_date < received_date",
                "select count(*) from plans where closed_date < created_date",
                "select count(*) from staff where employment_end < employment_start",
                "select count(*) from patients where deceased_date > date '2025-12-31'"):
        assert _scalar(con, sql) == 0, sql


def test_extract_date_before_end_cuts_events(tmp_path: Path) -> None:
    generate_delivery(tmp_path, 800, 5, START, END, extract_date=date(2025, 6, 30))
    con = _connect(tmp_path)
    assert json.loads((tmp_path / "manifest.json").read_text())["extract_date"] == "2025-06-30"
    for entity, cols in EVENT_DATES.items():
        for col in cols:
            late = _scalar(con, f"select count(*) from {entity} where {col} > date '2025-06-30'")
            assert late == 0, (entity, col)
    assert _scalar(con, "select max(week_start) from time_use") <= date(2025, 6, 30)


def test_content_variety_the_contract_asks_for(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    share = _scalar(con, "select avg((status <> 'attended')::int) from visits")
    assert 0.07 < share < 0.13
    assert _scalar(con, "select count(*) from visits where not planned and referral_id is null") > 0
    assert _scalar(con, "select count(*) from visits v join referrals r using (referral_id) "
                        "where v.visit_date < r.received_date") > 0
    reasons = {r[0] for r in con.sql("select distinct close_reason from referrals").fetchall()}
    assert {"completed", "declined", "deceased", "no_need", None} <= reasons
    assert _scalar(con, "select count(*) from referrals r where need_confirmed and not exists "
                        "(select 1 from visits v where v.referral_id = r.referral_id)") > 0
    assert _scalar(con, "select count(*) from referrals where closed_date is null and "
                        "referral_id not in (select referral_id from visits "
                        "where referral_id is not null)") > 0
    assert _scalar(con, "select avg((referral_id is null)::int) from plans") > 0.05
    assert _scalar(con, "select count(*) from plans where follow_up_planned_date is not null") > 0
    dest = {r[0] for r in con.sql("select distinct discharge_to from admissions").fetchall()}
    assert {"home", "municipal_care", "other_hospital", "deceased"} <= dest
    types = {r[0] for r in con.sql("select distinct admission_type from admissions").fetchall()}
    assert types == {"acute", "planned"}
    assert _scalar(con, "select count(*) from admissions a join admissions b using (patient_id) "
                        "where a.admission_id <> b.admission_id and b.admit_date = "
                        "a.discharge_date and a.discharge_to <> 'other_hospital'") > 0
    assert _scalar(con, "select count(*) from admissions a join admissions b using (patient_id) "
                        "where a.discharge_to = 'other_hospital' and b.admit_date = "
                        "a.discharge_date + 1") > 0
    old = _scalar(con, "select avg((year(admit_date) - birth_year >= 65)::int) from admissions "
                       "join patients using (patient_id)")
    assert old > 0.6
    assert _scalar(con, "select count(*) from staff where employment_end is not null") > 0
    themes = {r[0] for r in con.sql("select distinct theme from patient_stories").fetchall()}
    assert themes == {"handover", "waiting", "participation", "information"}
    assert _scalar(con, "select count(*) from patient_stories where regexp_matches(summary, "
                        "'[0-9]')") == 0


def test_population_totals_per_region(small: Path) -> None:
    pop = pl.read_csv(small / "population.csv", schema_overrides={"municipality_code": pl.String})
    assert sorted(pop["year"].unique()) == [2023, 2024, 2025]
    totals = pop.group_by("year", region=pl.col("municipality_code").str.slice(0, 2)).agg(
        pl.col("population").sum())
    for year, region, total in totals.iter_rows():
        target = {"20": 287000, "19": 280000}[region]
        assert abs(total - target) / target < 0.10, (year, region, total)
    by_muni = pop.filter(pl.col("year") == 2024).group_by("municipality_code").agg(
        old=(pl.col("population") * (pl.col("age") >= 65)).sum() / pl.col("population").sum())
    share = dict(by_muni.iter_rows())
    assert share["2039"] > share["1980"] + 0.1  # Älvdalen older than Västerås


def _first_visit_waits(con: duckdb.DuckDBPyConnection) -> None:
    con.sql("""
        create or replace temp view waits as
        select r.referral_id, r.diagnosis_code, r.received_date, p.municipality_code,
               min(v.visit_date) as first_visit, min(v.visit_date) - r.received_date as wait
        from referrals r
        join visits v on v.referral_id = r.referral_id and v.status = 'attended'
                     and v.visit_date >= r.received_date
        join patients p on p.patient_id = r.patient_id
        group by r.referral_id, r.diagnosis_code, r.received_date, p.municipality_code""")


def test_effect_fast_track_and_intervention_waits(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    _first_visit_waits(con)
    stroke = _scalar(con, "select median(wait) from waits where regexp_matches(diagnosis_code, "
                          "'^I6[0-4]')")
    hip = _scalar(con, "select median(wait) from waits where diagnosis_code in "
                       "('S72.0', 'S72.1', 'S72.2')")
    msk = _scalar(con, "select median(wait) from waits where diagnosis_code like 'M%'")
    assert stroke * 3 < msk and hip * 3 < msk
    before = _scalar(con, "select median(wait) from waits where first_visit < date '2025-09-01'")
    after = _scalar(con, "select median(wait) from waits where first_visit >= date '2025-09-01'")
    assert after < 0.8 * before


def test_effect_rural_municipalities(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    _first_visit_waits(con)
    rural = "('2039', '2021', '1904', '1962')"
    assert set(fx.LOW_ACCESS_MUNICIPALITIES) == {"2039", "2021", "1904", "1962"}
    w_rural = _scalar(con, f"select median(wait) from waits where municipality_code in {rural}")
    w_rest = _scalar(con, f"select median(wait) from waits where municipality_code not in {rural}")
    assert w_rural > 1.3 * w_rest
    con.sql("""create or replace temp view access as
        with persons as (select distinct v.patient_id, p.municipality_code,
                                year(v.visit_date) - p.birth_year as age
                         from visits v join patients p using (patient_id)
                         where v.status = 'attended' and year(v.visit_date) = 2024)
        select * from persons""")
    # Compare within the 65-79 band to avoid age-structure confounding.
    rate = {}
    for name, cond in (("rural", f"in {rural}"), ("rest", f"not in {rural}")):
        n = _scalar(con, f"select count(*) from access where age between 65 and 79 "
                         f"and municipality_code {cond}")
        pop = _scalar(con, f"select sum(population) from population where year = 2024 and age "
                           f"between 65 and 79 and municipality_code {cond}")
        rate[name] = n / pop
    assert rate["rural"] < 0.75 * rate["rest"]


def test_effect_access_rises_with_age(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    rates = {}
    for band, lo, hi in (("45-64", 45, 64), ("80+", 80, 200)):
        n = _scalar(con, "select count(distinct v.patient_id) from visits v join patients p "
                         "using (patient_id) where v.status = 'attended' and year(v.visit_date) "
                         f"= 2024 and 2024 - p.birth_year between {lo} and {hi}")
        pop = _scalar(con, "select sum(population) from population where year = 2024 and age "
                           f"between {lo} and {hi}")
        rates[band] = n / pop
    assert rates["80+"] > 3 * rates["45-64"]


def test_effect_readmissions_80plus_and_intervention(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    con.sql("""create or replace temp view idx as
        select a.*, year(a.discharge_date) - p.birth_year as age,
          exists (select 1 from admissions b where b.patient_id = a.patient_id
                  and b.admission_type = 'acute'
                  and b.admit_date between a.discharge_date + 1 and a.discharge_date + 30
                  and not (a.discharge_to = 'other_hospital'
                           and b.admit_date = a.discharge_date + 1)) as readmitted
        from admissions a join patients p using (patient_id)
        where a.discharge_to in ('home', 'municipal_care')
          and a.discharge_date <= date '2025-12-01'""")
    old = _scalar(con, "select avg(readmitted::int) from idx where age >= 80")
    young = _scalar(con, "select avg(readmitted::int) from idx where age < 80")
    assert old > 1.5 * young
    before = _scalar(con, "select avg(readmitted::int) from idx where discharge_date between "
                          "date '2024-09-01' and date '2025-08-31'")
    after = _scalar(con, "select avg(readmitted::int) from idx where discharge_date >= "
                         "date '2025-09-01'")
    assert after < 0.8 * before


def test_effect_plans_and_coordination_after_intervention(
    medium: tuple[Path, dict[str, int]],
) -> None:
    con = _connect(medium[0])
    share = ("avg((goals_documented and icf_coded and patient_participated and "
             "responsibilities_assigned and follow_up_planned_date is not null)::int)")
    before = _scalar(con, f"select {share} from plans where created_date < date '2025-09-01'")
    after = _scalar(con, f"select {share} from plans where created_date >= date '2025-09-01'")
    assert after > before + 0.2
    coord = "select avg(coordinated::int) from visits where status = 'attended' and visit_date "
    assert _scalar(con, coord + ">= date '2025-09-01'") > 1.5 * _scalar(
        con, coord + "< date '2025-09-01'")


def test_effect_summer_dip_and_data_gap(medium: tuple[Path, dict[str, int]]) -> None:
    con = _connect(medium[0])
    by_month = dict(con.sql("select month(visit_date), count(*) from visits "
                            "where year(visit_date) = 2024 group by 1").fetchall())
    spring = (by_month[3] + by_month[4] + by_month[5]) / 3
    assert by_month[7] < 0.6 * spring
    assert by_month[7] == min(by_month.values())
    gap = dict(con.sql(f"select strftime(visit_date, '%Y-%m'), count(*) from visits where "
                       f"unit_id = '{fx.DATA_GAP_UNIT_ID}' group by 1").fetchall())
    for month in fx.DATA_GAP_MONTHS:
        assert month not in gap
    assert gap["2025-09"] > 10 and gap["2025-12"] > 10


def test_documented_effects_are_named() -> None:
    assert set(DOCUMENTED_EFFECTS) == {
        "access_by_age", "rural_low_access", "fast_track", "readmission_80plus",
        "intervention", "summer_dip", "data_gap",
    }
    assert fx.DATA_GAP_UNIT_ID in DOCUMENTED_EFFECTS["data_gap"]
    assert date(2025, 9, 1) == fx.INTERVENTION_DATE


PNR_LIKE = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+]?\d{4}(?!\d)")


def _luhn_ok(ten: str) -> bool:
    total = 0
    for i, ch in enumerate(ten):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return total % 10 == 0


def test_pnr_detector_finds_a_known_pattern() -> None:
    assert PNR_LIKE.search("x 19121212-1212 y") and _luhn_ok("1212121212")
    assert not PNR_LIKE.search("V00000123,2025-09-01,12000.00")


def test_no_value_looks_like_a_personal_identity_number(
    medium: tuple[Path, dict[str, int]], small: Path,
) -> None:
    for folder in (medium[0], small):
        for path in sorted(folder.iterdir()):
            is_parquet = path.suffix == ".parquet"
            text = pl.read_parquet(path).write_csv() if is_parquet else path.read_text("utf-8")
            # Stricter than the contract's rule: no 10/12-digit run at all, valid date or not.
            assert PNR_LIKE.search(text) is None, path.name


def test_visits_per_patient_about_four(medium: tuple[Path, dict[str, int]]) -> None:
    rows = medium[1]
    assert 3.6 < rows["visits"] / rows["patients"] < 4.4
    assert pl.scan_parquet(_file(medium[0], "visits")).select(pl.len()).collect().item() == \
        rows["visits"]


def test_blocks_stream_and_stay_consistent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import samrehab.generator.delivery as delivery

    monkeypatch.setattr(delivery, "BLOCK_SIZE", 300)
    rows = generate_delivery(tmp_path, 1000, 9, START, END)
    meta = __import__("pyarrow.parquet", fromlist=["ParquetFile"]).ParquetFile(
        tmp_path / "visits.parquet").metadata
    assert meta.num_row_groups == 4
    con = _connect(tmp_path)
    assert _scalar(con, "select count(distinct patient_id) from patients") == 1000
    assert _scalar(con, "select count(distinct visit_id) from visits") == rows["visits"]
    assert _scalar(con, "select count(*) from visits where referral_id is not null and "
                        "referral_id not in (select referral_id from referrals)") == 0
    header_lines = (tmp_path / "referrals.csv").read_text().count("referral_id,patient_id")
    assert header_lines == 1


def test_cli_generate_prints_rows_and_time(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = cli_main(["generate", "--out", str(tmp_path / "d"), "--patients", "300",
                     "--seed", "4", "--start", "2024-01-01", "--end", "2024-12-31"])
    assert code == 0
    out = capsys.readouterr().out
    assert re.search(r"^visits\s+[\d,]+$", out, re.M)
    assert re.search(r"in \d+\.\d s", out)
    assert (tmp_path / "d" / "visits.parquet").exists()


def test_committed_sample_is_what_the_documented_command_produces(tmp_path: Path) -> None:
    if not SAMPLE_DIR.exists():
        pytest.fail(f"committed sample missing: {SAMPLE_DIR}")
    generate_delivery(tmp_path, **SAMPLE_ARGS)
    assert _hashes(tmp_path) == _hashes(SAMPLE_DIR)
    size = sum(p.stat().st_size for p in SAMPLE_DIR.iterdir())
    assert size < 10 * 1024 * 1024
