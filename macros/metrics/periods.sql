{#- Period helpers: start date and label of the month/quarter/year that contains a date. -#}

{% macro period_start(period_type, date_expr) -%}
    cast({{ dbt.date_trunc(period_type, date_expr) }} as date)
{%- endmacro %}

{% macro period_label(period_type, start_expr) -%}
    {%- if period_type == 'month' -%}
        cast(extract(year from {{ start_expr }}) as {{ dbt.type_string() }}) || '-' || lpad(cast(extract(month from {{ start_expr }}) as {{ dbt.type_string() }}), 2, '0')
    {%- elif period_type == 'quarter' -%}
        cast(extract(year from {{ start_expr }}) as {{ dbt.type_string() }}) || 'Q' || cast(extract(quarter from {{ start_expr }}) as {{ dbt.type_string() }})
    {%- else -%}
        cast(extract(year from {{ start_expr }}) as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- Label for a period_type column evaluated row by row. -#}
{% macro period_label_dynamic(period_type_expr, start_expr) -%}
    case {{ period_type_expr }}
        when 'month' then {{ period_label('month', start_expr) }}
        when 'quarter' then {{ period_label('quarter', start_expr) }}
        else {{ period_label('year', start_expr) }}
    end
{%- endmacro %}

{#- Last day of the period that starts at start_expr. -#}
{% macro period_end(period_type_expr, start_expr) -%}
    case {{ period_type_expr }}
        when 'month' then cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, start_expr)) }} as date)
        when 'quarter' then cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, start_expr)) }} as date)
        else cast({{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, start_expr)) }} as date)
    end
{%- endmacro %}

{#- Join condition: `left` and `right` are the same metric, period type, period and region (the grain of
    int_period_completeness). -#}
{% macro same_metric_period(left, right) -%}
    {{ left }}.metric_id = {{ right }}.metric_id
        and {{ left }}.period_type = {{ right }}.period_type
        and {{ left }}.period_start = {{ right }}.period_start
        and {{ left }}.region_code = {{ right }}.region_code
{%- endmacro %}
