{#-
    Engine-specific SQL, written once per engine (adapter.dispatch: DuckDB, Spark, and a default).
    Models and the other macros call these instead of an engine's own syntax; the portability check
    (tests/test_portability.py) fails on a raw engine-specific construct anywhere else.
    How to add one: DEVELOPMENT.md, "Portable SQL".
-#}

{#- The element at 1-based position `index` of a list/array expression. -#}
{% macro list_element(list_expr, index) -%}
    {{ return(adapter.dispatch('list_element', 'samrehab')(list_expr, index)) }}
{%- endmacro %}

{% macro default__list_element(list_expr, index) -%}
    ({{ list_expr }})[{{ index }}]
{%- endmacro %}

{% macro spark__list_element(list_expr, index) -%}
    element_at({{ list_expr }}, {{ index }})
{%- endmacro %}

{#- Continuous quantiles on Spark: `percentile` interpolates linearly between the order statistics,
    as DuckDB's quantile_cont does (the duckdb and default versions are in macros/metrics/attributes.sql). -#}
{% macro spark__quantile_cont(expr, fraction) -%}
    percentile({{ expr }}, {{ fraction }})
{%- endmacro %}

{% macro spark__quantiles_cont(expr, fractions) -%}
    percentile({{ expr }}, array({{ fractions | join(', ') }}))
{%- endmacro %}

{#- Every column of `alias` except `columns` (a list of names). DuckDB: `* exclude`. Spark: a
    quoted regular expression for the column names, which needs the session setting
    spark.sql.parser.quotedRegexColumnNames=true (samrehab/spark/session.py sets it, and the
    cluster targets in profiles.yml pass it as a server-side parameter). -#}
{% macro star_except(alias, columns) -%}
    {{ return(adapter.dispatch('star_except', 'samrehab')(alias, columns)) }}
{%- endmacro %}

{% macro default__star_except(alias, columns) -%}
    {{ alias }}.* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(alias, columns) -%}
    {{ alias }}.`(?!({{ columns | join('|') }})$).+`
{%- endmacro %}

{#- Integer division truncated toward zero, as an integer. -#}
{% macro int_div(numerator, denominator) -%}
    {{ return(adapter.dispatch('int_div', 'samrehab')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__int_div(numerator, denominator) -%}
    cast(trunc(({{ numerator }}) / ({{ denominator }})) as bigint)
{%- endmacro %}

{% macro duckdb__int_div(numerator, denominator) -%}
    (({{ numerator }}) // ({{ denominator }}))
{%- endmacro %}

{% macro spark__int_div(numerator, denominator) -%}
    (({{ numerator }}) div ({{ denominator }}))
{%- endmacro %}

{#- The grouping-sets id over several columns: bit i (most significant first) is 1 when column i is
    aggregated away. DuckDB and standard SQL: grouping(a, b, ...); Spark: grouping_id(a, b, ...)
    (its grouping() takes one column). -#}
{% macro grouping_id(columns) -%}
    {{ return(adapter.dispatch('grouping_id', 'samrehab')(columns)) }}
{%- endmacro %}

{% macro default__grouping_id(columns) -%}
    grouping({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__grouping_id(columns) -%}
    grouping_id({{ columns | join(', ') }})
{%- endmacro %}
