{#- Funnel-plot control limits for proportions around the pooled average, as PHEindicatormethods
    computes them (phe_funnels / sigma_adjustment, Fingertips technical guidance): for a
    denominator n, the limit is the proportion whose Wilson score interval at level z has the
    pooled average p as its end point; in closed form, with q = z^2,

        first = p (n/q + 1)
        root  = sqrt(first^2 - (1/q + 1/n) p (n (p (n/q + 2) - 1) + q (p - 1)))
        limit = (first -/+ root) / (1/q + 1/n) / n

    funnel_prop_limit(p_avg, n, level, side)
      p_avg: the pooled average sum(x)/sum(n) (e.g. a window sum over the comparison set),
      n:     the denominator at which the limit is wanted,
      level: '2s' (95 %, z = qnorm(0.975)), '3s' (99.8 %, z = qnorm(0.999)), or as stats_z,
      side:  'lower' or 'upper'.
    Returns a proportion, clipped to [0, 1] (PHEindicatormethods clips its plotting table to
    [0, 100] per cent). Null when p_avg or n is null or n <= 0.

    funnel_prop_significance(x, n, p_avg) classifies an observed proportion x/n as in
    phe_funnel_significance (unclipped limits, strict inequalities, first match wins):
    'low_3s', 'low_2s', 'high_3s', 'high_2s' or 'not_significant'; null when x or n is null or
    n <= 0. -#}

{% macro funnel_prop_limit(p_avg, n, level, side) -%}
    {%- if side not in ['lower', 'upper'] -%}
        {{ exceptions.raise_compiler_error("funnel_prop_limit: side must be 'lower' or 'upper', not '" ~ side ~ "'") }}
    {%- endif -%}
    {%- set sql -%}
    (case
        when ({{ p_avg }}) is null or ({{ n }}) is null or ({{ n }}) <= 0 then null
        else least(1.0, greatest(0.0, {{ samrehab._funnel_prop_raw(p_avg, n, level, side) }}))
    end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}

{% macro _funnel_prop_raw(p_avg, n, level, side) -%}
    {%- set zz = samrehab.stats_z(level) -%}
    {%- set q = zz * zz -%}
    {%- set p = samrehab.stats_float(p_avg) -%}
    {%- set nf = samrehab.stats_float(n) -%}
    {%- set first = '(' ~ p ~ ' * (' ~ nf ~ ' / ' ~ q ~ ' + 1))' -%}
    {%- set last = '(1 / ' ~ q ~ ' + 1 / ' ~ nf ~ ')' -%}
    {%- set root -%}
        sqrt(greatest(0.0, {{ first }} * {{ first }} - {{ last }} * {{ p }}
             * ({{ nf }} * ({{ p }} * ({{ nf }} / {{ q }} + 2) - 1) + {{ q }} * ({{ p }} - 1))))
    {%- endset -%}
    {{ return('((' ~ first ~ (' - ' if side == 'lower' else ' + ') ~ root ~ ') / ' ~ last ~ ' / ' ~ nf ~ ')') }}
{%- endmacro %}

{% macro funnel_prop_significance(x, n, p_avg) -%}
    {%- set obs = samrehab.stats_float(x) ~ ' / ' ~ samrehab.stats_float(n) -%}
    {%- set sql -%}
    (case
        when ({{ x }}) is null or ({{ n }}) is null or ({{ n }}) <= 0 or ({{ p_avg }}) is null then null
        when {{ obs }} < {{ samrehab._funnel_prop_raw(p_avg, n, '3s', 'lower') }} then 'low_3s'
        when {{ obs }} < {{ samrehab._funnel_prop_raw(p_avg, n, '2s', 'lower') }} then 'low_2s'
        when {{ obs }} > {{ samrehab._funnel_prop_raw(p_avg, n, '3s', 'upper') }} then 'high_3s'
        when {{ obs }} > {{ samrehab._funnel_prop_raw(p_avg, n, '2s', 'upper') }} then 'high_2s'
        else 'not_significant'
    end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}
