{#-
    Cells of marts.metric_values are built in two steps.

    expand_observations(relation, dimensions, columns, snapshot=false, has_periods=false)
      A SELECT statement (wrap it in parentheses) with one row per observation × period type
      (month/quarter/year) × care-level slice (`all` and the unit's level) × dimension (`total` +
      `dimensions`): the keys period_type, period_start, region_code, care_level_slice, dimension,
      group_code, then the carried `columns`. Rows whose group is unknown (null) are left out of
      that dimension (they stay in the total).
      `relation` has attribution_date (unless has_periods: then it already has period_type and
      period_start), region_code, care_level (may be null) and one column per breakdown dimension
      (municipality -> municipality_code, others by the dimension's name).
      `snapshot=true` is for stock metrics attributed to month ends (waiting at period end): a
      quarter takes only its last month's snapshot, a year only December's.

    aggregate_observations(relation, dimensions, snapshot=false, statistics=[])
      Sums over the expansion of observations with the columns person_id (whom the observation is
      about: patient, staff member or response), numerator_value, denominator_value and
      observed_value. `statistics` names what to compute of observed_value: 'median', 'p90',
      'mean' (mean and sample sd); the others are null (quantiles are costly).
-#}
{% macro dimension_column(dimension) -%}
    {%- if dimension == 'municipality' -%}municipality_code{%- else -%}{{ dimension }}{%- endif -%}
{%- endmacro %}

{% macro expand_observations(relation, dimensions, columns, snapshot=false, has_periods=false) %}
with by_period as (
    {% if has_periods %}
    select * from {{ relation }}
    {% else %}
    select
        observations.*,
        period_types.period_type,
        case period_types.period_type
            when 'month' then {{ period_start('month', 'observations.attribution_date') }}
            when 'quarter' then {{ period_start('quarter', 'observations.attribution_date') }}
            else {{ period_start('year', 'observations.attribution_date') }}
        end as period_start
    from {{ relation }} as observations
    cross join (
        select 'month' as period_type union all select 'quarter' union all select 'year'
    ) as period_types
    {% if snapshot %}
    where period_types.period_type = 'month'
        or (period_types.period_type = 'quarter' and extract(month from observations.attribution_date) in (3, 6, 9, 12))
        or (period_types.period_type = 'year' and extract(month from observations.attribution_date) = 12)
    {% endif %}
    {% endif %}
),

expanded as (
    select
        by_period.period_type,
        by_period.period_start,
        by_period.region_code,
        case when slices.slice_kind = 'all' then 'all' else by_period.care_level end as care_level_slice,
        breakdowns.dimension,
        case breakdowns.dimension
            when 'total' then 'total'
            {% for dimension in dimensions %}
            when '{{ dimension }}' then cast(by_period.{{ dimension_column(dimension) }} as varchar)
            {% endfor %}
        end as group_code
        {% for column in columns %}, by_period.{{ column }}{% endfor %}
    from by_period
    cross join (select 'all' as slice_kind union all select 'unit') as slices
    cross join (
        select 'total' as dimension
        {% for dimension in dimensions %}union all select '{{ dimension }}'{% endfor %}
    ) as breakdowns
    where slices.slice_kind = 'all' or by_period.care_level is not null
)

select * from expanded where group_code is not null
{% endmacro %}

{% macro aggregate_observations(relation, dimensions, snapshot=false, statistics=[]) %}
{%- set keys = 'metric_id, period_type, period_start, region_code, care_level_slice, dimension, group_code' -%}
{%- if statistics | length == 0 %}
{#- Sums only: add up each person's observations per cell first, then count persons with plain
    counts (two phases instead of count(distinct), about a third less work on large data). -#}
select
    metric_id,
    period_type,
    period_start,
    region_code,
    care_level_slice as care_level,
    dimension,
    group_code,
    cast(sum(person_numerator) as double) as numerator,
    cast(sum(person_denominator) as double) as denominator,
    count(case when person_numerator > 0 then 1 end) as numerator_persons,
    count(case when person_denominator > 0 then 1 end) as denominator_persons,
    cast(null as double) as observed_median,
    cast(null as double) as observed_p90,
    cast(null as double) as observed_mean,
    cast(null as double) as observed_sd,
    sum(person_observations) as observed_n
from (
    select
        {{ keys }},
        person_id,
        sum(numerator_value) as person_numerator,
        sum(denominator_value) as person_denominator,
        count(observed_value) as person_observations
    from (
        {{ expand_observations(relation, dimensions, ['metric_id', 'person_id', 'numerator_value', 'denominator_value', 'observed_value'], snapshot) }}
    ) as expanded_observations
    group by {{ keys }}, person_id
) as per_person
group by 1, 2, 3, 4, 5, 6, 7
{%- else %}
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
    {% if 'median' in statistics %}cast({{ quantile_cont('observed_value', 0.5) }} as double){% else %}cast(null as double){% endif %} as observed_median,
    {% if 'p90' in statistics %}cast({{ quantile_cont('observed_value', 0.9) }} as double){% else %}cast(null as double){% endif %} as observed_p90,
    {% if 'mean' in statistics %}cast(avg(observed_value) as double){% else %}cast(null as double){% endif %} as observed_mean,
    {% if 'mean' in statistics %}cast(stddev_samp(observed_value) as double){% else %}cast(null as double){% endif %} as observed_sd,
    count(observed_value) as observed_n
from (
    {{ expand_observations(relation, dimensions, ['metric_id', 'person_id', 'numerator_value', 'denominator_value', 'observed_value'], snapshot) }}
) as expanded_observations
group by 1, 2, 3, 4, 5, 6, 7
{%- endif %}
{% endmacro %}
