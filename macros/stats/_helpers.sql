{#- Shared helpers of the statistical macros.

    `stats_z(z)` resolves the two-sided confidence level to a standard normal quantile z:
      none            -> var('confidence_z') (95 %, dbt_project.yml)
      '2s' | '95'     -> 1.959963984540054  (qnorm(0.975))
      '3s' | '99.8'   -> 3.090232306167813  (qnorm(0.999))
      '90', '99'      -> 1.6448536269514722, 2.5758293035489004
      a number        -> used as z
    `stats_level_key(z)` is z formatted with 6 decimals, the key of the embedded constant tables
    (exact Poisson limits, t quantiles), which exist for 90 %, 95 %, 99 % and 99.8 %.

    Engine-specific SQL goes through adapter.dispatch (DuckDB is the default implementation):
    `stats_float(expr)` casts to a double precision float (so integer division never truncates),
    `stats_pow(expr, k)` raises to a power. -#}

{% macro stats_z(z=none) -%}
    {%- set named = {
        '90': 1.6448536269514722,
        '2s': 1.959963984540054,
        '95': 1.959963984540054,
        '99': 2.5758293035489004,
        '3s': 3.090232306167813,
        '99.8': 3.090232306167813,
    } -%}
    {%- if z is none -%}
        {{ return(var('confidence_z') | float) }}
    {%- elif z is string and z in named -%}
        {{ return(named[z]) }}
    {%- elif z is number -%}
        {{ return(z | float) }}
    {%- else -%}
        {%- set parsed = z | float(-1.0) -%}
        {%- if parsed <= 0 -%}
            {{ exceptions.raise_compiler_error("stats_z: cannot read a confidence level or z from '" ~ z ~ "'") }}
        {%- endif -%}
        {{ return(parsed) }}
    {%- endif -%}
{%- endmacro %}

{% macro stats_level_key(z) -%}
    {{ return("%.6f" | format(z)) }}
{%- endmacro %}

{% macro stats_float(expr) -%}
    {{ return(adapter.dispatch('stats_float', 'samrehab')(expr)) }}
{%- endmacro %}

{% macro default__stats_float(expr) -%}
    cast(({{ expr }}) as double)
{%- endmacro %}

{% macro duckdb__stats_float(expr) -%}
    cast(({{ expr }}) as double)
{%- endmacro %}

{% macro stats_pow(expr, k) -%}
    {{ return(adapter.dispatch('stats_pow', 'samrehab')(expr, k)) }}
{%- endmacro %}

{% macro default__stats_pow(expr, k) -%}
    power(({{ expr }}), {{ k }})
{%- endmacro %}

{% macro duckdb__stats_pow(expr, k) -%}
    pow(({{ expr }}), {{ k }})
{%- endmacro %}
