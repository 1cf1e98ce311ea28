{#- A cell relation with no rows and the right columns (for a goal whose cells are not built yet). -#}
{% macro empty_metric_cells() %}
select
    cast(null as {{ dbt.type_string() }}) as metric_id, cast(null as {{ dbt.type_string() }}) as period_type, cast(null as date) as period_start,
    cast(null as {{ dbt.type_string() }}) as region_code, cast(null as {{ dbt.type_string() }}) as care_level, cast(null as {{ dbt.type_string() }}) as dimension,
    cast(null as {{ dbt.type_string() }}) as group_code, cast(null as double) as numerator, cast(null as double) as denominator,
    cast(null as bigint) as numerator_persons, cast(null as bigint) as denominator_persons,
    cast(null as double) as point_value, cast(null as double) as point_sd, cast(null as bigint) as point_n,
    cast(null as double) as point_ci_low, cast(null as double) as point_ci_high
where 1 = 0
{% endmacro %}
