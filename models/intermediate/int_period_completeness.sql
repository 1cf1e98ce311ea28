-- Completeness of every metric × period type × period × region of marts.metric_values: how much of
-- the period is observed by the data cut-off, by the metric's completeness rule (seed
-- metric_catalogue, column completeness_rule; docs/metric_decisions.md, "Provisional periods"):
--   a cohort rule (received_90d, discharge_30d, episode_end_90d, ...: int_completeness_cohorts)
--       observed_share = members of the period's attribution cohort in the region whose window ends
--       on or before the cut-off / members of that cohort;
--   event   observed_share = days of the period on or before the cut-off / days of the period;
--   stock   observed_share = 1 when the period's end (the snapshot day) is on or before the
--           cut-off, else 0.
-- A cohort rule whose cohort is empty in a period falls back to the period's days.
-- period_status is `complete` when observed_share is 1, else `provisional`. The share is one per
-- metric, period and region (the attribution cohort of the region), the same on every care-level
-- slice, dimension and group of that period. is_latest_complete marks, per metric, period type
-- and region, the latest complete period: the default of every headline.
with keys as (
    select distinct metric_id, period_type, period_start, region_code
    from {{ ref('int_metric_values_computed') }}
),

cutoff as (
    select extract_date from {{ ref('int_cutoff') }}
),

cohort_periods as (
    {% for period_type in ['month', 'quarter', 'year'] %}
    select
        completeness_rule,
        '{{ period_type }}' as period_type,
        {{ period_start(period_type, 'attribution_date') }} as period_start,
        region_code,
        count(*) as cohort_size,
        sum(case when is_observed then 1 else 0 end) as observed_count
    from {{ ref('int_completeness_cohorts') }}
    group by completeness_rule, {{ period_start(period_type, 'attribution_date') }}, region_code
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

dated as (
    select
        keys.metric_id,
        keys.period_type,
        keys.period_start,
        keys.region_code,
        catalogue.completeness_rule,
        {{ period_end('keys.period_type', 'keys.period_start') }} as period_end,
        cutoff.extract_date as cutoff_date
    from keys
    cross join cutoff
    inner join {{ ref('metric_catalogue') }} as catalogue on keys.metric_id = catalogue.metric_id
),

shares as (
    select
        dated.*,
        cohort_periods.cohort_size,
        cohort_periods.observed_count,
        case
            when dated.completeness_rule = 'stock'
                then case when dated.period_end <= dated.cutoff_date then 1.0 else 0.0 end
            when cohort_periods.cohort_size > 0
                then cast(cohort_periods.observed_count as double) / cohort_periods.cohort_size
            when dated.period_end <= dated.cutoff_date then 1.0
            when dated.cutoff_date < dated.period_start then 0.0
            else cast({{ dbt.datediff('dated.period_start', 'dated.cutoff_date', 'day') }} + 1 as double)
                / ({{ dbt.datediff('dated.period_start', 'dated.period_end', 'day') }} + 1)
        end as observed_share,
        case
            when dated.completeness_rule = 'stock' then dated.period_end <= dated.cutoff_date
            when cohort_periods.cohort_size > 0 then cohort_periods.observed_count = cohort_periods.cohort_size
            else dated.period_end <= dated.cutoff_date
        end as is_complete
    from dated
    left join cohort_periods
        on dated.completeness_rule = cohort_periods.completeness_rule
        and dated.period_type = cohort_periods.period_type
        and dated.period_start = cohort_periods.period_start
        and dated.region_code = cohort_periods.region_code
)

select
    metric_id,
    period_type,
    period_start,
    region_code,
    completeness_rule,
    period_end,
    cutoff_date,
    cohort_size,
    observed_count,
    observed_share,
    case when is_complete then 'complete' else 'provisional' end as period_status,
    coalesce(
        is_complete and period_start = max(case when is_complete then period_start end)
            over (partition by metric_id, period_type, region_code),
        false
    ) as is_latest_complete
from shares
