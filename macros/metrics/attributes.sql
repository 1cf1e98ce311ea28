{#- Person and code attributes shared by the intermediate models. -#}

{% macro age_at(date_expr, birth_year_expr) -%}
    (extract(year from {{ date_expr }}) - {{ birth_year_expr }})
{%- endmacro %}

{#- Age band of the metric catalogue (seed age_bands): 0-19, 20-44, 45-64, 65-79, 80+. -#}
{% macro age_band(age_expr) -%}
    case
        when {{ age_expr }} is null or {{ age_expr }} < 0 then null
        when {{ age_expr }} <= 19 then '0-19'
        when {{ age_expr }} <= 44 then '20-44'
        when {{ age_expr }} <= 64 then '45-64'
        when {{ age_expr }} <= 79 then '65-79'
        else '80+'
    end
{%- endmacro %}

{#- The data cut-off: the latest extract date of any loaded delivery. -#}
{% macro cutoff_date() -%}
    (select extract_date from {{ ref('int_cutoff') }})
{%- endmacro %}

{#- Continuous quantile (linear interpolation) of an aggregate; engine-specific, so dispatched. -#}
{% macro quantile_cont(expr, fraction) -%}
    {{ return(adapter.dispatch('quantile_cont', 'samrehab')(expr, fraction)) }}
{%- endmacro %}

{% macro default__quantile_cont(expr, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expr }})
{%- endmacro %}

{% macro duckdb__quantile_cont(expr, fraction) -%}
    quantile_cont({{ expr }}, {{ fraction }})
{%- endmacro %}

{#- Several continuous quantiles of one aggregate at once (a list, in the order of `fractions`). -#}
{% macro quantiles_cont(expr, fractions) -%}
    {{ return(adapter.dispatch('quantiles_cont', 'samrehab')(expr, fractions)) }}
{%- endmacro %}

{% macro default__quantiles_cont(expr, fractions) -%}
    percentile_cont(array[{{ fractions | join(', ') }}]) within group (order by {{ expr }})
{%- endmacro %}

{% macro duckdb__quantiles_cont(expr, fractions) -%}
    quantile_cont({{ expr }}, [{{ fractions | join(', ') }}])
{%- endmacro %}
