-- Funnel-plot control limits (95 % and 99.8 %) around the region's value, for the municipality
-- comparison of every proportion and population rate: for each metric, period, region and slice,
-- a grid of 40 denominators (log-spaced from a quarter of the smallest to 1.5 × the largest shown
-- municipality denominator) with the limits a municipality of that size would have if it were no different
-- from the region. Proportions: PHEindicatormethods' Wilson-based funnel limits (macro
-- funnel_prop_limit); rates: Byar's limits of the expected count (benchmark × n / multiplier),
-- divided by n. Limits are in the metric's own scale (shares 0–1, rates per multiplier).
-- Cells with their own clustered interval (e.g. E3.in_competence_time_share) get no funnel.
-- Every row carries its period's completeness (period_status, observed_share of metric_values) and
-- is_latest_complete, the latest complete period of the metric, period type and region: the
-- funnel plot's default period.
{% set grid_points = 40 %}
with municipalities as (
    select
        metric_values.metric_id,
        metric_values.period_type,
        metric_values.period,
        metric_values.region_code,
        metric_values.care_level,
        catalogue.value_type,
        catalogue.multiplier,
        max(metric_values.benchmark_value) as benchmark_value,
        min(metric_values.denominator) as smallest,
        max(metric_values.denominator) as largest,
        max(metric_values.period_start) as period_start,
        max(metric_values.period_status) as period_status,
        max(metric_values.observed_share) as observed_share
    from {{ ref('metric_values') }} as metric_values
    inner join {{ ref('metric_catalogue') }} as catalogue on metric_values.metric_id = catalogue.metric_id
    where metric_values.dimension = 'municipality'
        and not metric_values.suppressed
        and metric_values.denominator > 0
        and metric_values.benchmark_value is not null
        and catalogue.value_type in ('proportion', 'rate')
        -- a region value of exactly 0 or 1 (0 % or 100 %) has no funnel: every limit collapses onto it
        and (catalogue.value_type <> 'proportion' or metric_values.benchmark_value > 0 and metric_values.benchmark_value < 1)
        and metric_values.metric_id <> 'E3.in_competence_time_share'
    group by 1, 2, 3, 4, 5, 6, 7
),

digits as (
    select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
),

steps as (
    select tens.d * 10 + ones.d as step
    from digits as tens cross join digits as ones
    where tens.d * 10 + ones.d < {{ grid_points }}
),

grid as (
    select
        municipalities.*,
        exp(
            ln(greatest(municipalities.smallest / 4, 1.0))
            + steps.step * (ln(municipalities.largest * 1.5) - ln(greatest(municipalities.smallest / 4, 1.0)))
            / {{ grid_points - 1 }}
        ) as denominator
    from municipalities
    cross join steps
),

expected as (
    select grid.*, grid.benchmark_value * grid.denominator / grid.multiplier as expected_count
    from grid
)

select
    metric_id,
    period_type,
    period,
    region_code,
    care_level,
    denominator,
    benchmark_value,
    case when value_type = 'proportion' then {{ funnel_prop_limit('benchmark_value', 'denominator', '2s', 'lower') }}
         else {{ byar_lower('expected_count', '95') }} / denominator * multiplier end as lower_95,
    case when value_type = 'proportion' then {{ funnel_prop_limit('benchmark_value', 'denominator', '2s', 'upper') }}
         else {{ byar_upper('expected_count', '95') }} / denominator * multiplier end as upper_95,
    case when value_type = 'proportion' then {{ funnel_prop_limit('benchmark_value', 'denominator', '3s', 'lower') }}
         else {{ byar_lower('expected_count', '99.8') }} / denominator * multiplier end as lower_998,
    case when value_type = 'proportion' then {{ funnel_prop_limit('benchmark_value', 'denominator', '3s', 'upper') }}
         else {{ byar_upper('expected_count', '99.8') }} / denominator * multiplier end as upper_998,
    period_status,
    observed_share,
    coalesce(period_start = max(case when period_status = 'complete' then period_start end)
        over (partition by metric_id, period_type, region_code), false) as is_latest_complete
from expected
