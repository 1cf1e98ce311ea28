-- Equity cut for notebooks/02_jamlikhetsanalys.ipynb (not in the dashboard):
-- E1.seen_within_90d_share by the patient's home municipality × diagnosis group.
--
-- Definition as the metric (metrics.md): referrals with a first attended visit within
-- var('wait_window_days') days of receipt / referrals received, attributed to the received date,
-- only referrals whose window ends on or before the cut-off; region and care level of the
-- receiving unit. The observations are aggregated by the project's aggregate_observations macro
-- (months, quarters, years; care-level slices `all` and each level; persons counted for
-- suppression), so the margins equal marts.metric_values:
--   municipality_code = 'total' and diagnosis_group = 'total'  -> dimension total
--   diagnosis_group = 'total'                                  -> dimension municipality
--   municipality_code = 'total'                                -> dimension diagnosis_group
-- Referrals without municipality or diagnosis group count in the margins only.
--
-- Intervals: Wilson (macros/stats/wilson.sql). Comparison with the region's total of the same
-- period and slice by comparison_flag and the metric's polarity (seed metric_catalogue).
-- Disclosure control with var('suppression_threshold'):
--   * the margins are cells of marts.metric_values (in_metric_values) and take its suppression as
--     it is: primary, complementary within dimensions and across periods
--     (macros/metrics/suppression.sql). A margin the mart hides is hidden here too, so no hidden
--     month can be recovered from the cut;
--   * the inner cells (municipality × diagnosis group) get the primary rule (fewer persons than
--     the threshold in the denominator, or 1 .. threshold - 1 in the numerator), then, three rounds:
--     the mart's rule across periods (suppress_complement_in_time: a month from its quarter or year,
--     a quarter from its year), then complementary suppression along both directions of the table,
--     twice each: when exactly one cell of a row (municipality) or a column (diagnosis group),
--     its margin included, is suppressed, the line's unsuppressed inner cell with the fewest
--     persons is suppressed too (ties: code). A margin is never a complementary cell (it is the
--     mart's), and a margin the mart hides is not recovered as the sum of its inner cells either.
-- Suppressed cells have null numbers.
{%- set window_days = var('wait_window_days') %}
{%- set keys = 'metric_id, period_type, period_start, region_code, care_level' %}
{%- set line_passes = [('municipality_code', 'diagnosis_group'), ('diagnosis_group', 'municipality_code')] * 2 %}
{%- set steps = ([('time', none)] + line_passes) * 3 %}
with observations as (
    select
        'E1.seen_within_90d_share' as metric_id,
        received_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        diagnosis_group,
        municipality_code || '|' || diagnosis_group as municipality_diagnosis,
        patient_id as person_id,
        case
            when first_visit_date is not null
                and first_visit_date <= cast({{ dbt.dateadd('day', window_days, 'received_date') }} as date)
            then 1 else 0
        end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_referrals') }}
    where cast({{ dbt.dateadd('day', window_days, 'received_date') }} as date) <= {{ cutoff_date() }}
),

cells as (
    select *
    from ({{ aggregate_observations('observations', ['municipality', 'diagnosis_group', 'municipality_diagnosis']) }}) as aggregated
),

grid as (
    select
        metric_id,
        period_type,
        period_start,
        region_code,
        care_level,
        dimension,
        group_code,
        case dimension
            when 'municipality' then group_code
            when 'municipality_diagnosis' then {{ dbt.split_part('group_code', "'|'", 1) }}
            else 'total'
        end as municipality_code,
        case dimension
            when 'diagnosis_group' then group_code
            when 'municipality_diagnosis' then {{ dbt.split_part('group_code', "'|'", 2) }}
            else 'total'
        end as diagnosis_group,
        numerator,
        denominator,
        numerator_persons,
        denominator_persons
    from cells
),

-- Disclosure control of the table (macros/metrics/suppression.sql).
{{ disclosure_controlled_table('grid', steps, keys, 'grid.metric_id') }},

benchmarks as (
    select {{ keys }}, value as benchmark_value
    from protected
    where municipality_code = 'total' and diagnosis_group = 'total' and not is_suppressed
)

select
    protected.period_type,
    {{ period_label_dynamic('protected.period_type', 'protected.period_start') }} as period,
    protected.period_start,
    protected.region_code,
    protected.care_level,
    protected.municipality_code,
    coalesce(municipality_labels.label_sv, protected.municipality_code) as municipality,
    protected.diagnosis_group,
    coalesce(diagnosis_labels.label_sv, protected.diagnosis_group) as diagnosis_group_label,
    coalesce(diagnosis_labels.sort_order, 999) as diagnosis_sort_order,
    case when protected.is_suppressed then null else protected.denominator end as referrals,
    case when protected.is_suppressed then null else protected.numerator end as seen_within_90d,
    case when protected.is_suppressed then null else protected.value end as share,
    case when protected.is_suppressed then null else protected.ci_low end as ci_low,
    case when protected.is_suppressed then null else protected.ci_high end as ci_high,
    benchmarks.benchmark_value,
    {{ comparison_flag(
        'protected.value', 'protected.ci_low', 'protected.ci_high',
        'benchmarks.benchmark_value', 'catalogue.higher_is_better', 'protected.is_suppressed'
    ) }} as comparison,
    protected.is_suppressed as suppressed,
    protected.in_metric_values
from protected
inner join {{ ref('metric_catalogue') }} as catalogue on protected.metric_id = catalogue.metric_id
left join benchmarks
    on protected.metric_id = benchmarks.metric_id
    and protected.period_type = benchmarks.period_type
    and protected.period_start = benchmarks.period_start
    and protected.region_code = benchmarks.region_code
    and protected.care_level = benchmarks.care_level
left join {{ ref('int_group_labels') }} as municipality_labels
    on municipality_labels.dimension = case when protected.municipality_code = 'total' then 'total' else 'municipality' end
    and municipality_labels.group_code = protected.municipality_code
left join {{ ref('int_group_labels') }} as diagnosis_labels
    on diagnosis_labels.dimension = case when protected.diagnosis_group = 'total' then 'total' else 'diagnosis_group' end
    and diagnosis_labels.group_code = protected.diagnosis_group
