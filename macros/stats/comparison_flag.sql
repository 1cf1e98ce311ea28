{#- Comparison of a group with its benchmark (metrics.md, "Comparison"):
      'not_compared'  when suppressed, or the value, either interval limit, the benchmark or the
                      polarity is null (no interval, nothing to compare, or no direction);
      'better'/'worse' when the benchmark lies outside the group's interval
                      [ci_low, ci_high]: with higher_is_better, a benchmark below ci_low means
                      'better' and above ci_high 'worse' (the reverse for lower-is-better);
      'similar'       otherwise (a benchmark on an interval limit is inside).
    Arguments are SQL expressions; `higher_is_better` and `suppressed` are booleans. -#}

{% macro comparison_flag(value, ci_low, ci_high, benchmark, higher_is_better, suppressed) -%}
    {%- set sql -%}
    (case
        when coalesce(({{ suppressed }}), false) then 'not_compared'
        when ({{ value }}) is null or ({{ ci_low }}) is null or ({{ ci_high }}) is null
          or ({{ benchmark }}) is null or ({{ higher_is_better }}) is null then 'not_compared'
        when ({{ benchmark }}) < ({{ ci_low }}) then
            case when ({{ higher_is_better }}) then 'better' else 'worse' end
        when ({{ benchmark }}) > ({{ ci_high }}) then
            case when ({{ higher_is_better }}) then 'worse' else 'better' end
        else 'similar'
    end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}
