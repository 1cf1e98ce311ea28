"""The contracts: columns as the spec names them, raw tables derived from them, the doc page."""

from __future__ import annotations

import duckdb
import pandera.polars as pa
import polars as pl
import pytest

from contracts import ENTITIES, get_entity
from contracts.docs import DOC_PATH, render_contract
from ingest.raw_tables import ensure_raw_schema

#: Column names and order of shared/spec/extracts.md.
SPEC_COLUMNS = {
    "patients": "patient_id birth_year sex municipality_code deceased_date",
    "units": "unit_id unit_name care_level provider_type municipality_code region_code",
    "referrals": "referral_id patient_id unit_id received_date sender_care_level profession "
                 "diagnosis_code need_level assessed_date need_confirmed closed_date close_reason",
    "visits": "visit_id patient_id referral_id unit_id visit_date profession contact_type status "
              "planned coordinated kva_code duration_minutes cost_sek",
    "plans": "plan_id patient_id referral_id unit_id created_date goals_documented icf_coded "
             "patient_participated responsibilities_assigned follow_up_planned_date "
             "followed_up_date shared_with_patient shared_with_next_provider status closed_date "
             "goals_met",
    "admissions": "admission_id patient_id unit_id admit_date discharge_date admission_type "
                  "main_diagnosis_code discharge_to cost_sek",
    "population": "year municipality_code sex age population",
    "record_audits": "audit_id unit_id audit_date plan_id criterion met",
    "decision_support_usage": "event_date unit_id profession support_name uses",
    "staff": "staff_id unit_id profession employment_start employment_end fte",
    "time_use": "staff_id week_start task_category minutes in_competence",
    "training": "staff_id event_date event_type hours",
    "staff_survey": "staff_id survey_date competence_development_score",
    "patient_survey": "response_id unit_id response_date patient_id participation_score "
                      "continuity_score",
    "patient_stories": "story_id unit_id story_date theme summary",
}

INTEGER_COLUMNS = {"birth_year", "age", "year", "population", "minutes", "uses",
                   "duration_minutes", "competence_development_score", "participation_score",
                   "continuity_score"}
DOUBLE_COLUMNS = {"cost_sek", "fte", "hours"}


def test_entities_and_columns_match_the_spec() -> None:
    assert [e.name for e in ENTITIES] == [
        "patients", "units", "referrals", "plans", "visits", "admissions", "population",
        "record_audits", "decision_support_usage", "staff", "time_use", "training",
        "staff_survey", "patient_survey", "patient_stories"]
    for entity in ENTITIES:
        assert list(entity.column_names) == SPEC_COLUMNS[entity.name].split(), entity.name


def test_references_point_backwards_in_load_order() -> None:
    order = [e.name for e in ENTITIES]
    for entity in ENTITIES:
        for col in entity.columns:
            if col.fk:
                assert order.index(col.fk) < order.index(entity.name), (entity.name, col.name)
                assert col.name == get_entity(col.fk).key[0]


def test_raw_tables_are_derived_from_the_contract() -> None:
    con = duckdb.connect()
    ensure_raw_schema(con)
    ensure_raw_schema(con)  # idempotent
    tables = {r[0] for r in con.sql("SELECT table_name FROM information_schema.tables "
                                    "WHERE table_schema = 'raw'").fetchall()}
    assert tables == {e.name for e in ENTITIES} | {"deliveries", "quarantine", "ingest_log"}
    for entity in ENTITIES:
        cols = con.sql(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'raw' AND table_name = ? ORDER BY ordinal_position",
            params=[entity.name]).fetchall()
        names = [c for c, _ in cols]
        assert names == [*entity.column_names, "_delivery_id", "_extract_date",
                         "_source_file", "_row_number", "_extra", "_owner"]
        for name, typ in cols[: len(entity.column_names)]:
            if name in INTEGER_COLUMNS:
                expected = "INTEGER"
            elif name in DOUBLE_COLUMNS:
                expected = "DOUBLE"
            elif name.endswith(("_date", "_start", "_end")) or name == "week_start":
                expected = "DATE"
            elif entity.column(name).kind == "bool":
                expected = "BOOLEAN"
            else:
                expected = "VARCHAR"
            assert typ == expected, (entity.name, name, typ)
    assert con.sql("SELECT count(*) FROM raw.visits").fetchall() == [(0,)]
    delivery_cols = [r[0] for r in con.sql(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' "
        "AND table_name = 'deliveries' ORDER BY ordinal_position").fetchall()]
    assert delivery_cols == ["delivery_id", "region_code", "extract_date", "source_system",
                             "loaded_at", "scope", "owner"]


def test_booleans_are_booleans() -> None:
    bools = {c.name for e in ENTITIES for c in e.columns if c.kind == "bool"}
    assert bools == {"need_confirmed", "planned", "coordinated", "goals_documented", "icf_coded",
                     "patient_participated", "responsibilities_assigned",
                     "shared_with_patient", "shared_with_next_provider", "met",
                     "in_competence"}


def test_models_are_strict_and_report_all_failures_at_once() -> None:
    model = get_entity("units").model
    good = pl.DataFrame({"unit_id": ["U1", "U2"], "unit_name": ["a", "b"],
                         "care_level": ["primary", "specialist"],
                         "provider_type": ["region", "private"],
                         "municipality_code": ["1980", "0180"], "region_code": ["19", "01"]})
    model.validate(good)
    with pytest.raises(pa.errors.SchemaError):
        model.validate(good.with_columns(pl.lit("x").alias("extra")))
    bad = good.with_columns(pl.Series("care_level", ["primary", "tertiary"]),
                            pl.Series("municipality_code", ["9999", "0180"]),
                            pl.Series("unit_id", ["U1", "U1"]))
    with pytest.raises(pa.errors.SchemaErrors) as info:
        model.validate(bad, lazy=True)
    checks = set(info.value.failure_cases.get_column("check").to_list())
    assert any(c.startswith("isin") for c in checks)
    assert any(c.startswith("str_matches") for c in checks)
    assert "field_uniqueness" in checks


def test_every_column_has_swedish_name_and_description() -> None:
    for entity in ENTITIES:
        for col in entity.columns:
            assert col.sv and col.description, (entity.name, col.name)


def test_contract_page_is_up_to_date() -> None:
    committed = DOC_PATH.read_text(encoding="utf-8")
    assert committed == render_contract(), (
        "docs/contract.md is stale: run `python -m contracts.docs` and commit the page")
    for entity in ENTITIES:
        assert f"### {entity.name} ({entity.sv})" in committed
