{#-
    Aggregate a metric's observations into cells of marts.metric_values.

    `relation` holds one row per observation with the columns
      metric_id, attribution_date, region_code, care_level (of the unit, may be null),
      person_id (whom the observation is about: patient, staff member or response),
      numerator_value, denominator_value (numbers; 0/1 for proportions),
      observed_value (for medians, quantiles and means; may be null),
    plus one column per breakdown dimension named in `dimensions` (municipality -> municipality_code,
    others by the dimension's name). Rows are expanded over the period types month/quarter/year,
    the care-level slices (`all` and the unit's level) and the dimensions, then summed.

    `snapshot=true` is for stock metrics attributed to month ends (e.g. waiting at period end): a
    quarter takes only its last month's snapshot, a year only December's.
-#}
{% macro dimension_column(dimension) -%}
    {%- if dimension == 'municipality' -%}municipality_code{%- else -%}{{ dimension }}{%- endif -%}
{%- endmacro %}

{% macro aggregate_observations(relation, dimensions, snapshot=false) %}
with observations as (
    select * from {{ relation }}
),

by_period as (
    {% for period_type in ['month', 'quarter', 'year'] %}
    select
        observations.*,
        '{{ period_type }}' as period_type,
        {{ period_start(period_type, 'attribution_date') }} as period_start
    from observations
    {% if snapshot and period_type == 'quarter' %}where extract(month from attribution_date) in (3, 6, 9, 12){% endif %}
    {% if snapshot and period_type == 'year' %}where extract(month from attribution_date) = 12{% endif %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

by_slice as (
    select by_period.*, 'all' as care_level_slice from by_period
    union all
    select by_period.*, care_level as care_level_slice from by_period where care_level is not null
),

by_dimension as (
    {% for dimension in ['total'] + dimensions %}
    select
        metric_id, period_type, period_start, region_code, care_level_slice,
        '{{ dimension }}' as dimension,
        {% if dimension == 'total' %}'total'{% else %}cast({{ dimension_column(dimension) }} as varchar){% endif %} as group_code,
        person_id, numerator_value, denominator_value, observed_value
    from by_slice
    {% if dimension != 'total' %}where {{ dimension_column(dimension) }} is not null{% endif %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    metric_id,
    period_type,
    period_start,
    region_code,
    care_level_slice as care_level,
    dimension,
    group_code,
    cast(sum(numerator_value) as double) as numerator,
    cast(sum(denominator_value) as double) as denominator,
    count(distinct case when numerator_value > 0 then person_id end) as numerator_persons,
    count(distinct case when denominator_value > 0 then person_id end) as denominator_persons,
    cast({{ quantile_cont('observed_value', 0.5) }} as double) as observed_median,
    cast({{ quantile_cont('observed_value', 0.9) }} as double) as observed_p90,
    cast(avg(observed_value) as double) as observed_mean,
    cast(stddev_samp(observed_value) as double) as observed_sd,
    count(observed_value) as observed_n
from by_dimension
group by 1, 2, 3, 4, 5, 6, 7
{% endmacro %}
