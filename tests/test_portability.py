"""Portable SQL by rule: no engine-specific construct in models/, macros/ or analyses/ outside the
adapter.dispatch implementations (samrehab/portability.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samrehab.config import DBT_PROJECT_DIR
from samrehab.portability import RULES, check_text, find_violations


def test_the_dbt_project_has_no_engine_specific_sql_outside_dispatch_macros() -> None:
    violations = find_violations()
    assert not violations, "engine-specific SQL outside adapter.dispatch macros:\n" + "\n".join(map(str, violations))


def test_an_inserted_group_by_all_in_a_model_fails_the_check(tmp_path: Path) -> None:
    """A copy of the project with `group by all` in one model: the check names file and line."""
    for folder in ("models", "macros", "analyses"):
        shutil.copytree(DBT_PROJECT_DIR / folder, tmp_path / folder)
    model = tmp_path / "models" / "marts" / "funnel_limits.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- appended\ngroup by all\n", encoding="utf-8")
    violations = find_violations(tmp_path)
    assert [(str(v.path), v.construct) for v in violations] == [("models/marts/funnel_limits.sql", "group by all")]
    assert violations[0].line == len(model.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    ("sql", "construct"),
    [
        ("select x::date from t", "cast with ::"),
        ("select a, sum(b) from t group  by\n all", "group by all"),
        ("select a, sum(b) from t GROUP BY ALL", "group by all"),
        ("select * from t qualify row_number() over (order by a) = 1", "qualify"),
        ("select list_sort(x) from t", "list function"),
        ("select xs[1] from t", "list literal or index"),
        ("select quantile_cont(x, 0.5) from t", "quantile function"),
        ("select median(x) from t", "quantile function"),
        ("select date_diff('day', a, b) from t", "engine date function"),
        ("select a + interval '1 day' from t", "interval literal"),
        ("select t.* exclude (a) from t", "star exclude/replace/except"),
        ("select a // 2 from t", "integer division //"),
        ("select cast(a as varchar) from t", "varchar/text type"),
        ("select row_number() over () from t", "unordered row_number"),
        ("select count_if(a) from t", "engine-only function"),
        ("select grouping(a, b) as gid from t group by grouping sets ((a), (b))", "grouping over several columns"),
    ],
)
def test_each_rule_catches_its_construct(sql: str, construct: str) -> None:
    found = {violation.construct for violation in check_text(sql, Path("m.sql"))}
    assert found == {construct}
    assert construct in RULES


def test_comments_jinja_and_dispatch_implementations_are_not_checked() -> None:
    sql = """
-- a comment may say group by all
{# so may a jinja comment: x::int #}
/* and a block comment: qualify */
select {{ quantile_cont('x', 0.5) }}, cast(a as {{ dbt.type_string() }}) from t
{% macro duckdb__thing(x) %} list_sort({{ x }})[1] {% endmacro %}
{% macro spark__thing(x) %} element_at(array_sort({{ x }}), 1) {% endmacro %}
{% macro thing(x) %} {{ x }} group by all {% endmacro %}
"""
    found = check_text(sql, Path("m.sql"))
    assert [(v.line, v.construct) for v in found] == [(8, "group by all")]


def test_a_varchar_seed_column_type_is_found() -> None:
    from samrehab.portability import check_seed_properties

    text = "seeds:\n  - name: s\n    config:\n      column_types: {code: varchar, n: integer}\n      # code: varchar\n"
    found = check_seed_properties(text, Path("seeds/s.yml"))
    assert [(v.line, v.construct) for v in found] == [(4, "varchar/text type")]
    assert check_seed_properties(text.replace("varchar", "string"), Path("seeds/s.yml")) == []
