{#-
    Cells of one metric in the shape every `int_metric_cells_*` model returns (the input of
    marts.metric_values): keys, numerator/denominator with person counts for suppression, and
    `point_*` columns for statistics that are not a ratio of sums.

    statistic: 'sum' (proportions, rates, ratios, counts: value computed in metric_values),
               'median', 'p90' (continuous quantiles, no interval), 'mean' (t interval).
-#}
{% macro metric_cells(relation, dimensions, statistic='sum', snapshot=false, metric_id=none) %}
select
    {% if metric_id %}'{{ metric_id }}'{% else %}metric_id{% endif %} as metric_id,
    period_type,
    period_start,
    region_code,
    care_level,
    dimension,
    group_code,
    {% if statistic == 'sum' %}
    numerator,
    denominator,
    numerator_persons,
    denominator_persons,
    cast(null as double) as point_value,
    {% else %}
    cast(null as double) as numerator,
    cast(observed_n as double) as denominator,
    cast(0 as bigint) as numerator_persons,
    denominator_persons,
    {% if statistic == 'median' %}observed_median{% elif statistic == 'p90' %}observed_p90{% else %}observed_mean{% endif %} as point_value,
    {% endif %}
    observed_sd as point_sd,
    observed_n as point_n,
    cast(null as double) as point_ci_low,
    cast(null as double) as point_ci_high
from ({{ aggregate_observations(relation, dimensions, snapshot, [] if statistic == 'sum' else [statistic]) }}) as aggregated
{% endmacro %}
