{#-
    Cells of one or more metrics in the shape every `int_metric_cells_*` model returns (the input of
    marts.metric_values): keys, numerator/denominator with person counts for suppression, and
    `point_*` columns for statistics that are not a ratio of sums.

    statistic: 'sum' (proportions, rates, ratios, counts: value computed in metric_values; with the
               persons' sums of squares and products, cluster_yy/xy/xx, for a cluster-robust
               interval), 'median', 'p90' (continuous quantiles with the order-statistic
               interval at 95 % and 99.8 %), 'mean' (t interval).
    metric_id: the id of the cells (default: the relation's metric_id column).
    outputs:   several metrics from the same observations, aggregated once: a list of
               [metric_id, statistic] pairs (then statistic and metric_id are not used).
-#}
{% macro metric_cells(relation, dimensions, statistic='sum', snapshot=false, metric_id=none, outputs=none) %}
{%- set outputs = outputs if outputs else [[metric_id, statistic]] -%}
{%- set statistics = [] -%}
{%- for output in outputs if output[1] != 'sum' -%}{%- do statistics.append(output[1]) -%}{%- endfor -%}
select
    coalesce(outputs.output_metric_id, aggregated.metric_id) as metric_id,
    aggregated.period_type,
    aggregated.period_start,
    aggregated.region_code,
    aggregated.care_level,
    aggregated.dimension,
    aggregated.group_code,
    case when outputs.statistic = 'sum' then aggregated.numerator end as numerator,
    case when outputs.statistic = 'sum' then aggregated.denominator else cast(aggregated.observed_n as double) end as denominator,
    case when outputs.statistic = 'sum' then aggregated.numerator_persons else cast(0 as bigint) end as numerator_persons,
    aggregated.denominator_persons,
    case outputs.statistic
        when 'median' then aggregated.observed_median
        when 'p90' then aggregated.observed_p90
        when 'mean' then aggregated.observed_mean
    end as point_value,
    case when outputs.statistic = 'mean' then aggregated.observed_sd end as point_sd,
    aggregated.observed_n as point_n,
    {%- for column in ['ci_low', 'ci_high', 'ci_low_998', 'ci_high_998'] %}
    case outputs.statistic
        when 'median' then aggregated.median_{{ column }}
        when 'p90' then aggregated.p90_{{ column }}
    end as point_{{ column }},
    {%- endfor %}
    case when outputs.statistic = 'sum' then aggregated.cluster_yy end as cluster_yy,
    case when outputs.statistic = 'sum' then aggregated.cluster_xy end as cluster_xy,
    case when outputs.statistic = 'sum' then aggregated.cluster_xx end as cluster_xx
from ({{ aggregate_observations(relation, dimensions, snapshot, statistics) }}) as aggregated
cross join (
    values
    {%- for output in outputs %}
        ({% if output[0] %}'{{ output[0] }}'{% else %}cast(null as {{ dbt.type_string() }}){% endif %}, '{{ output[1] }}'){% if not loop.last %},{% endif %}
    {%- endfor %}
) as outputs (output_metric_id, statistic)
{% endmacro %}
