"""The data-quality check definitions, without a warehouse: reference sets, suites, messages."""

from __future__ import annotations

import re

import pytest

from samrehab.quality.datasets import all_datasets
from samrehab.quality.model import DIMENSIONS, ReferenceSets
from samrehab.quality.reference import ICD10_FORMAT, icd10_categories, icd10_chapter, icd10_chapter_regex
from samrehab.quality.results import format_value
from samrehab.quality.suites import all_checks

REFERENCE = ReferenceSets(
    sexes=("F", "M", "U"), municipalities=("2080", "1980"), regions=("19", "20"),
    care_levels=("specialist", "primary", "municipal"), professions=("physio", "ot", "slp", "dietitian"),
    need_levels=("basic", "advanced", "special"), story_themes=("waiting",),
)


@pytest.mark.parametrize(("code", "chapter"), [
    ("A09", "I"), ("C509", "II"), ("D489", "II"), ("D500", "III"), ("E90", "IV"), ("H599", "VII"),
    ("H60", "VIII"), ("I639", "IX"), ("K929", "XI"), ("S720", "XIX"), ("T983", "XIX"), ("V011", "XX"),
    ("Y98", "XX"), ("Z039", "XXI"), ("U071", "XXII"), ("U099", "XXII"),
])
def test_codes_inside_a_chapter(code: str, chapter: str) -> None:
    assert icd10_chapter(code) == chapter
    assert re.match(icd10_chapter_regex(), code)


@pytest.mark.parametrize("code", ["D49", "D959", "E97", "H97", "K99", "P98", "T99", "V00", "Y99", "I63.9", "63I"])
def test_codes_outside_every_chapter(code: str) -> None:
    assert icd10_chapter(code) is None
    assert not re.match(icd10_chapter_regex(), code)


def test_chapter_regex_matches_exactly_the_chapter_categories() -> None:
    regex = re.compile(icd10_chapter_regex())
    valid = icd10_categories()
    every = [f"{letter}{n:02d}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for n in range(100)]
    assert [c for c in every if bool(regex.match(c)) != (c in valid)] == []
    assert len(valid) == 2564
    # the chapter regex is stricter than the format, never looser
    assert all(re.match(ICD10_FORMAT, c) for c in valid)


def test_every_check_is_complete_and_unique() -> None:
    checks = all_checks(REFERENCE)
    datasets = all_datasets()
    assert len({c.key for c in checks}) == len(checks)
    assert {c.dimension for c in checks} == set(DIMENSIONS)
    for check in checks:
        assert check.dataset in datasets, check.key
        assert check.severity in ("error", "warning"), check.key
        assert check.title_sv and check.title_en and check.fix_sv and check.fix_en and check.threshold, check.key
        assert check.name.split(".")[0] == check.dimension, check.key
        assert check.kind in ("column", "aggregate", "groups"), check.key
    assert set(datasets) == {c.dataset for c in checks}, "a dataset no check uses"
    for check in checks:  # column and aggregate checks are counted in SQL over a row source
        assert datasets[check.dataset].is_row_source == (check.kind != "groups"), check.key


def test_every_column_and_aggregate_check_can_be_counted_in_sql() -> None:
    from samrehab.quality.profiles import _measure

    checks = [c for c in all_checks(REFERENCE) if c.kind != "groups"]
    types = {c.validated_column: "VARCHAR" for c in checks} | {col: "BOOLEAN" for c in checks for col, _, _ in
                                                                c.conditions}
    for check in checks:
        measure = _measure(check, types)
        assert (measure.aggregate is not None) == (check.kind == "aggregate"), check.key
        assert check.validated_column in datasets_columns(check.dataset), check.key


def datasets_columns(name: str) -> set[str]:
    return set(all_datasets()[name].columns)


def test_sql_literals_keep_the_value() -> None:
    import duckdb

    from samrehab.quality.profiles import sql_literal

    values = [0.6, 3.09, 1e-7, 2_000_000, True, "O'Brien", "D95"]
    con = duckdb.connect()
    assert list(con.execute(f"select {', '.join(sql_literal(v) for v in values)}").fetchall()[0]) == values
    with pytest.raises(ValueError):
        sql_literal(object())


def test_severities_follow_the_documented_policy() -> None:
    checks = {c.key: c for c in all_checks(REFERENCE)}
    by_name: dict[str, set[str]] = {}
    for check in checks.values():
        by_name.setdefault(check.name, set()).add(check.severity)
    assert by_name["conformance.reference_codes"] == {"error"}
    assert by_name["conformance.icd10_chapter"] == {"error"}
    assert by_name["completeness.required_values"] == {"error"}
    assert by_name["plausibility.visit_volume_drop"] == {"warning"}
    assert by_name["timeliness.entity_lag"] == {"error", "warning"}  # required entities stop the build
    assert checks["completeness.required_values:entity.referrals:diagnosis_code"].severity == "error"


def test_no_dataset_hands_ids_of_persons_or_events_to_great_expectations() -> None:
    id_columns = re.compile(r"\b(patient_id|visit_id|referral_id|plan_id|admission_id|staff_id|response_id|"
                            r"story_id|audit_id|summary)\b")
    for dataset in all_datasets().values():
        select_list = dataset.sql.rsplit("select", 1)[-1].split(" from ")[0]
        assert not id_columns.search(select_list), dataset.name


def test_values_are_formatted_per_language() -> None:
    assert format_value(0.305, "share", "sv") == "30,5 %"
    assert format_value(0.305, "share", "en") == "30.5 %"
    assert format_value(92.0, "days", "sv") == "92 dagar"
    assert format_value(0.0, "ratio", "en") == "0.00 × expected"
    assert format_value(None, "share", "sv") == "–"
