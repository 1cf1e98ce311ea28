-- The shared table: one row per metric × period × region × care-level slice × dimension × group,
-- with value, 95 % interval (computed in int_metric_values_computed), benchmark (the slice's
-- total), comparison at 95 % and 99.8 % (comparison_998) and disclosure control.
with computed as (
    select * from {{ ref('int_metric_values_computed') }}
),

-- Secondary suppression (macros/metrics/suppression.sql), over every family of cells that add up:
-- a dimension's groups and their total, the care-level slices and `all`, the cells that hold the
-- same persons under two keys, and the periods (a month in its quarter or year, a quarter in its
-- year). In each family the persons outside the shown groups are an implicit, never-published cell
-- (docs/metric_decisions.md, "Disclosure, comparisons and intervals"). Each pass can make a new
-- single unknown for another, so the passes alternate for var('suppression_rounds') rounds and end
-- with the non-period passes (tests/test_disclosure_attack.py attacks the result).
{%- set rounds = var('suppression_rounds') %}
{%- set passes = ['dimension', 'slices', 'equivalent', 'time'] %}
{%- set ns = namespace(previous='computed', flag='primary_suppressed') %}
{% for round in range(1, rounds + 2) %}
{%- for name in passes if not (round > rounds and name == 'time') %}
{%- set flag_out = 'is_suppressed' if round > rounds and loop.last else 'after_' ~ name ~ '_' ~ round %}
{{ name }}_pass_{{ round }} as (
    {%- if name == 'dimension' %}
    {{ suppress_complement_in_dimension(ns.previous, ns.flag, flag_out) }}
    {%- elif name == 'slices' %}
    {{ suppress_complement_in_slices(ns.previous, ns.flag, flag_out) }}
    {%- elif name == 'equivalent' %}
    {{ suppress_equivalent_cells(ns.previous, ns.flag, flag_out) }}
    {%- else %}
    {{ suppress_complement_in_time(ns.previous, ns.flag, flag_out) }}
    {%- endif %}
),
{%- set ns.previous = name ~ '_pass_' ~ round %}
{%- set ns.flag = flag_out %}
{%- endfor %}
{% endfor %}

suppressed as (
    select * from {{ ns.previous }}
),

benchmarks as (
    select metric_id, period_type, period_start, region_code, care_level, value as benchmark_value,
        denominator as benchmark_denominator
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
    -- Compared only where the comparison answers a question: not the total (the benchmark itself),
    -- not counts (they grow with the size of the group), and not a group whose denominator is the
    -- benchmark's whole denominator (it is no sub-population: e.g. a population rate's patients
    -- at one care level or seen by one profession, divided by all residents).
    {%- for column, suffix in [('comparison', ''), ('comparison_998', '_998')] %}
    {{ comparison_flag(
        'suppressed.value', 'suppressed.ci_low' ~ suffix, 'suppressed.ci_high' ~ suffix, 'benchmarks.benchmark_value',
        "case when suppressed.dimension = 'total' or suppressed.value_type = 'count'"
            ~ " or suppressed.denominator = benchmarks.benchmark_denominator then null"
            ~ " else suppressed.higher_is_better end",
        'suppressed.is_suppressed'
    ) }} as {{ column }},
    {%- endfor %}
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
