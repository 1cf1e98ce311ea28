-- The benefits realisation plan resolved per goal, headline metric and region: `all` rows expanded
-- to every region of the seed `regions`, a region's own row replacing the `all` row, the baseline
-- period (a year or a quarter) parsed and the current period chosen: the latest complete quarter
-- (or year, by current_period_type) of the metric in the region (int_period_completeness), so its
-- observation windows are observed. Without any complete period of the metric in the region, the
-- latest quarter (or year) that ended at least observation_window_days before the data cut-off.
with plan as (
    select * from {{ ref('benefits_realisation_plan') }}
),

expanded as (
    select
        plan.*,
        regions.region_code as resolved_region_code,
        row_number() over (
            partition by plan.effect_goal, plan.metric_id, regions.region_code
            order by case when plan.region_code = 'all' then 1 else 0 end
        ) as preference
    from plan
    inner join {{ ref('regions') }} as regions
        on plan.region_code = 'all' or plan.region_code = regions.region_code
),

chosen as (
    select
        expanded.*,
        case when baseline_period like '____Q_' then 'quarter' else 'year' end as baseline_period_type
    from expanded
    where preference = 1
),

dated as (
    select
        chosen.*,
        cast(
            case baseline_period_type
                when 'year' then baseline_period || '-01-01'
                else substr(baseline_period, 1, 4) || '-'
                    || lpad(cast((cast(substr(baseline_period, 6, 1) as integer) - 1) * 3 + 1 as {{ dbt.type_string() }}), 2, '0')
                    || '-01'
            end as date
        ) as baseline_start,
        cast({{ dbt.dateadd('day', '-observation_window_days', cutoff_date()) }} as date) as last_complete_day
    from chosen
)

select
    dated.effect_goal,
    dated.metric_id,
    dated.resolved_region_code as region_code,
    dated.region_code as plan_region_code,
    catalogue.value_type,
    catalogue.higher_is_better,
    catalogue.multiplier,
    dated.baseline_period,
    dated.baseline_period_type,
    dated.baseline_start,
    cast(
        case dated.baseline_period_type
            when 'year' then cast({{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'dated.baseline_start')) }} as date)
            else cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'dated.baseline_start')) }} as date)
        end as date
    ) as baseline_end,
    dated.baseline_value as plan_baseline_value,
    dated.target_value as plan_target_value,
    dated.target_relative_change,
    dated.due_date,
    dated.owner_role_sv,
    dated.owner_role_en,
    dated.observation_window_days,
    dated.current_period_type,
    -- the period that contains the day after last_complete_day starts after the last complete one
    cast(coalesce(latest_complete.period_start,
        case dated.current_period_type
            when 'year' then
                cast({{ dbt.dateadd('year', -1, period_start('year', dbt.dateadd('day', 1, 'dated.last_complete_day'))) }} as date)
            else
                cast({{ dbt.dateadd('month', -3, period_start('quarter', dbt.dateadd('day', 1, 'dated.last_complete_day'))) }} as date)
        end
    ) as date) as current_period_start
from dated
inner join {{ ref('metric_catalogue') }} as catalogue on dated.metric_id = catalogue.metric_id
left join {{ ref('int_period_completeness') }} as latest_complete
    on latest_complete.metric_id = dated.metric_id
    and latest_complete.region_code = dated.resolved_region_code
    and latest_complete.period_type = dated.current_period_type
    and latest_complete.is_latest_complete
