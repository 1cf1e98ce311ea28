{#- Directly standardised rate (DSR) with Dobson's confidence limits. AGGREGATE expressions: use
    them in a query grouped by the unit of comparison, over one row per age band holding the
    band's event count, its population and its standard population weight (ESP 2013, seed
    `esp2013_age_band_weights`). Every band must be present (a band without events with count 0
    or null), because the weights are summed over the rows.

        DSR   = sum(w_i x_i / n_i) / sum(w_i) * multiplier
        var   = sum(w_i^2 x_i / n_i^2) / (sum w_i)^2
        limit = (DSR/multiplier + sqrt(var / O) * (O_limit - O)) * multiplier,   O = sum(x_i)
    with O_lower/O_upper Byar's limits of O (as PHEindicatormethods phe_dsr).

    Null counts count as 0. All three are null when O < min_count (default 10: the DSR is not
    reported below 10 events) or O is null.
    Example: {{ dsr_value('persons', 'population', 'weight', 1000) }}. -#}

{% macro dsr_value(count, population, weight, multiplier=100000, min_count=10) -%}
    {%- set parts = samrehab._dsr_parts(count, population, weight) -%}
    {%- set sql -%}
    (case when {{ parts.o }} is null or {{ parts.o }} < {{ min_count }} then null
          else {{ parts.dsr }} * {{ multiplier }} end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}

{% macro dsr_lower(count, population, weight, multiplier=100000, z=none, min_count=10) -%}
    {{ return(samrehab._dsr_limit(count, population, weight, multiplier, z, min_count, 'lower')) }}
{%- endmacro %}

{% macro dsr_upper(count, population, weight, multiplier=100000, z=none, min_count=10) -%}
    {{ return(samrehab._dsr_limit(count, population, weight, multiplier, z, min_count, 'upper')) }}
{%- endmacro %}

{% macro _dsr_parts(count, population, weight) -%}
    {%- set x = 'coalesce(' ~ samrehab.stats_float(count) ~ ', 0)' -%}
    {%- set n = samrehab.stats_float(population) -%}
    {%- set w = samrehab.stats_float(weight) -%}
    {{ return({
        'o': 'sum(' ~ x ~ ')',
        'dsr': '(sum(' ~ w ~ ' * ' ~ x ~ ' / ' ~ n ~ ') / sum(' ~ w ~ '))',
        'var': '(sum(' ~ w ~ ' * ' ~ w ~ ' * ' ~ x ~ ' / (' ~ n ~ ' * ' ~ n ~ ')) / (sum(' ~ w ~ ') * sum(' ~ w ~ ')))',
    }) }}
{%- endmacro %}

{% macro _dsr_limit(count, population, weight, multiplier, z, min_count, side) -%}
    {%- set parts = samrehab._dsr_parts(count, population, weight) -%}
    {%- set zz = samrehab.stats_z(z) -%}
    {%- set o_limit = samrehab.byar_lower(parts.o, zz) if side == 'lower' else samrehab.byar_upper(parts.o, zz) -%}
    {%- set sql -%}
    (case when {{ parts.o }} is null or {{ parts.o }} < {{ min_count }} then null
          else ({{ parts.dsr }} + sqrt({{ parts.var }} / {{ parts.o }}) * ({{ o_limit }} - {{ parts.o }})) * {{ multiplier }}
     end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}
