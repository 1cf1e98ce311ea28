-- The shared table: one row per metric × period × region × care-level slice × dimension × group,
-- with value, 95 % interval (computed in int_metric_values_computed), benchmark (the slice's
-- total), comparison and disclosure control.
with computed as (
    select * from {{ ref('int_metric_values_computed') }}
),

-- Secondary suppression (macros/metrics/suppression.sql): within a dimension (when exactly one
-- group is suppressed the next-smallest is suppressed too, so no cell can be recovered from the
-- total), then across periods (a month from its quarter or year, a quarter from its year),
-- alternating, since each pass can make a new single suppressed cell for the other, for
-- var('suppression_rounds') rounds and a last dimension pass (tests/test_suppression.py measures
-- what remains).
{%- set rounds = var('suppression_rounds') %}
{%- set ns = namespace(previous='computed', flag='primary_suppressed') %}
{% for round in range(1, rounds + 1) %}
dimension_pass_{{ round }} as (
    {{ suppress_complement_in_dimension(ns.previous, ns.flag, 'after_dimension_' ~ round) }}
),

time_pass_{{ round }} as (
    {{ suppress_complement_in_time('dimension_pass_' ~ round, 'after_dimension_' ~ round, 'after_time_' ~ round) }}
),
{%- set ns.previous = 'time_pass_' ~ round %}
{%- set ns.flag = 'after_time_' ~ round %}
{% endfor %}

suppressed as (
    {{ suppress_complement_in_dimension(ns.previous, ns.flag, 'is_suppressed') }}
),

benchmarks as (
    select metric_id, period_type, period_start, region_code, care_level, value as benchmark_value
    from suppressed
    where dimension = 'total' and not is_suppressed
)

select
    suppressed.metric_id,
    suppressed.effect_goal,
    suppressed.period_type,
    {{ period_label_dynamic('suppressed.period_type', 'suppressed.period_start') }} as period,
    suppressed.period_start,
    suppressed.region_code,
    suppressed.care_level,
    suppressed.dimension,
    suppressed.group_code,
    coalesce(labels.label_sv, suppressed.group_code) as group_label,
    coalesce(labels.label_en, suppressed.group_code) as group_label_en,
    coalesce(labels.sort_order, 999) as group_sort_order,
    case when suppressed.is_suppressed then null else suppressed.numerator end as numerator,
    case when suppressed.is_suppressed then null else suppressed.denominator end as denominator,
    case when suppressed.is_suppressed then null else suppressed.value end as value,
    case when suppressed.is_suppressed then null else suppressed.ci_low end as ci_low,
    case when suppressed.is_suppressed then null else suppressed.ci_high end as ci_high,
    benchmarks.benchmark_value,
    -- counts grow with the size of the group: never compared with the total
    {{ comparison_flag(
        'suppressed.value', 'suppressed.ci_low', 'suppressed.ci_high', 'benchmarks.benchmark_value',
        "case when suppressed.value_type = 'count' then null else suppressed.higher_is_better end",
        'suppressed.is_suppressed'
    ) }} as comparison,
    suppressed.is_suppressed as suppressed,
    -- completeness of the period (int_period_completeness): the same on every row of a metric,
    -- period and region
    completeness.observed_share,
    completeness.period_status
from suppressed
left join benchmarks
    on suppressed.metric_id = benchmarks.metric_id
    and suppressed.period_type = benchmarks.period_type
    and suppressed.period_start = benchmarks.period_start
    and suppressed.region_code = benchmarks.region_code
    and suppressed.care_level = benchmarks.care_level
left join {{ ref('int_period_completeness') }} as completeness
    on {{ same_metric_period('suppressed', 'completeness') }}
left join {{ ref('int_group_labels') }} as labels
    on suppressed.dimension = labels.dimension
    and suppressed.group_code = labels.group_code
