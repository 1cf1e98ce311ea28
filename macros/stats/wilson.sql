{#- Wilson score interval for a proportion x/n, without continuity correction.

    limit = (2x + z^2 -/+ z * sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))

    Returns the limit on the proportion scale (0..1); multiply by 100 for a percentage.
    Null when x or n is null, n = 0, x < 0 or x > n. `z` as in stats_z (default 95 %).
    Matches PHEindicatormethods wilson_lower/wilson_upper. -#}

{% macro wilson_lower(x, n, z=none) -%}
    {{ return(samrehab._wilson_limit(x, n, z, '-')) }}
{%- endmacro %}

{% macro wilson_upper(x, n, z=none) -%}
    {{ return(samrehab._wilson_limit(x, n, z, '+')) }}
{%- endmacro %}

{% macro _wilson_limit(x, n, z, sign) -%}
    {%- set zz = samrehab.stats_z(z) -%}
    {%- set z2 = zz * zz -%}
    {%- set xf = samrehab.stats_float(x) -%}
    {%- set nf = samrehab.stats_float(n) -%}
    {%- set sql -%}
    (case
        when ({{ x }}) is null or ({{ n }}) is null or ({{ n }}) = 0
          or ({{ x }}) < 0 or ({{ x }}) > ({{ n }}) then null
        else (2 * {{ xf }} + {{ z2 }} {{ sign }} {{ zz }} * sqrt({{ z2 }} + 4 * {{ xf }} * (1 - {{ xf }} / {{ nf }})))
             / (2 * ({{ nf }} + {{ z2 }}))
    end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}
