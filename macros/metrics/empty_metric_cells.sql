{#- A cell relation with no rows and the right columns (for a goal whose cells are not built yet). -#}
{% macro empty_metric_cells() %}
select
    cast(null as {{ dbt.type_string() }}) as metric_id, cast(null as {{ dbt.type_string() }}) as period_type, cast(null as date) as period_start,
    cast(null as {{ dbt.type_string() }}) as region_code, cast(null as {{ dbt.type_string() }}) as care_level, cast(null as {{ dbt.type_string() }}) as dimension,
    cast(null as {{ dbt.type_string() }}) as group_code, cast(null as double) as numerator, cast(null as double) as denominator,
    cast(null as bigint) as numerator_persons, cast(null as bigint) as denominator_persons,
    cast(null as double) as point_value, cast(null as double) as point_sd, cast(null as bigint) as point_n,
    cast(null as double) as point_ci_low, cast(null as double) as point_ci_high,
    {{ no_cell_extras() }}
where 1 = 0
{% endmacro %}

{#- The cell columns after point_ci_high, for a cell model that has none of them: the 99.8 %
    interval of its own (point_ci_low_998/high_998) and the persons' sums of squares and products
    (cluster_yy, cluster_xy, cluster_xx) of the cluster-robust ratio interval. -#}
{% macro no_cell_extras(ci_low_998='cast(null as double)', ci_high_998='cast(null as double)') -%}
    {{ ci_low_998 }} as point_ci_low_998, {{ ci_high_998 }} as point_ci_high_998,
    cast(null as double) as cluster_yy, cast(null as double) as cluster_xy, cast(null as double) as cluster_xx
{%- endmacro %}
