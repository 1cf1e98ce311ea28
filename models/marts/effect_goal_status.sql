-- Status of every effect goal of the benefits realisation plan (seed benefits_realisation_plan),
-- per headline metric and region: baseline, current value (the latest complete quarter or year of
-- the metric in the region, int_period_completeness via int_goal_plan; current_period_status says
-- so, and only complete periods enter the windows of int_goal_window_values), target, change since baseline with its 95 % interval (int_goal_differences:
-- Newcombe's hybrid score interval for shares, MOVER with the metric's own limits otherwise) and
--   achieved   the current value meets the target (direction: the metric's polarity, or for
--              metrics without one the direction from baseline to target);
--   on_track   not achieved, and the change since baseline is significant in the target's
--              direction (its 95 % interval excludes 0 on the right side);
--   off_track  neither;
--   no_data    no current value (missing or suppressed), no target (a relative target without a
--              baseline), or not achieved and no baseline to measure the change against.
with plan as (
    select * from {{ ref('int_goal_plan') }}
),

windows as (
    select * from {{ ref('int_goal_window_values') }}
    where comparison_kind = 'effect_goal'
),

differences as (
    select * from {{ ref('int_goal_differences') }}
    where comparison_kind = 'effect_goal'
),

joined as (
    select
        plan.*,
        plan.effect_goal || '|' || plan.metric_id || '|' || plan.region_code as comparison_id,
        baseline.value as baseline_value,
        baseline.ci_low as baseline_ci_low,
        baseline.ci_high as baseline_ci_high,
        baseline.value_method as baseline_value_method,
        baseline.periods_published as baseline_periods_published,
        baseline.periods_expected as baseline_periods_expected,
        current_.value as current_value,
        current_.ci_low as current_ci_low,
        current_.ci_high as current_ci_high,
        current_.numerator as current_numerator,
        current_.denominator as current_denominator,
        current_.periods_suppressed > 0 as current_suppressed,
        differences.difference as change,
        differences.difference_ci_low as change_ci_low,
        differences.difference_ci_high as change_ci_high,
        differences.difference_ci_method as change_ci_method,
        differences.relative_change,
        coalesce(plan.plan_target_value, baseline.value * (1 + plan.target_relative_change)) as target_value
    from plan
    left join windows as baseline
        on baseline.comparison_id = plan.effect_goal || '|' || plan.metric_id || '|' || plan.region_code
        and baseline.role = 'reference'
    left join windows as current_
        on current_.comparison_id = plan.effect_goal || '|' || plan.metric_id || '|' || plan.region_code
        and current_.role = 'comparison'
    left join differences
        on differences.comparison_id = plan.effect_goal || '|' || plan.metric_id || '|' || plan.region_code
),

directed as (
    select
        joined.*,
        case
            when higher_is_better is not null then higher_is_better
            when target_value > baseline_value then true
            when target_value < baseline_value then false
        end as higher_wanted
    from joined
),

assessed as (
    select
        directed.*,
        case
            when current_value is null or target_value is null or higher_wanted is null then 'no_data'
            when higher_wanted and current_value >= target_value then 'achieved'
            when not higher_wanted and current_value <= target_value then 'achieved'
            when baseline_value is null then 'no_data'
            when higher_wanted and change_ci_low > 0 then 'on_track'
            when not higher_wanted and change_ci_high < 0 then 'on_track'
            else 'off_track'
        end as status
    from directed
)

select
    assessed.effect_goal,
    goals.name_sv as effect_goal_name_sv,
    goals.name_en as effect_goal_name_en,
    assessed.metric_id,
    catalogue.name_sv as metric_name_sv,
    catalogue.name_en as metric_name_en,
    assessed.value_type,
    assessed.higher_is_better,
    assessed.region_code,
    regions.region_name_sv,
    assessed.plan_region_code,
    assessed.owner_role_sv,
    assessed.owner_role_en,
    assessed.due_date,
    assessed.baseline_period,
    case when assessed.plan_baseline_value is not null then 'plan' else 'computed' end as baseline_source,
    assessed.baseline_value,
    assessed.baseline_ci_low,
    assessed.baseline_ci_high,
    assessed.baseline_value_method,
    assessed.current_period_type,
    {{ period_label_dynamic('assessed.current_period_type', 'assessed.current_period_start') }} as current_period,
    assessed.current_period_start,
    completeness.period_status as current_period_status,
    completeness.observed_share as current_observed_share,
    assessed.current_numerator,
    assessed.current_denominator,
    assessed.current_value,
    assessed.current_ci_low,
    assessed.current_ci_high,
    coalesce(assessed.current_suppressed, false) as current_suppressed,
    assessed.target_value,
    case when assessed.plan_target_value is not null then 'absolute' else 'relative_to_baseline' end as target_source,
    assessed.target_relative_change,
    case when assessed.higher_wanted then 'higher' when not assessed.higher_wanted then 'lower' end as target_direction,
    assessed.change,
    assessed.change_ci_low,
    assessed.change_ci_high,
    assessed.change_ci_method,
    assessed.relative_change,
    (assessed.current_value - assessed.baseline_value)
        / nullif(assessed.target_value - assessed.baseline_value, 0) as progress_share,
    assessed.status,
    case assessed.status
        when 'achieved' then 'Uppnått'
        when 'on_track' then 'På rätt väg'
        when 'off_track' then 'Inte på rätt väg'
        else 'Underlag saknas'
    end as status_label_sv,
    case assessed.status
        when 'achieved' then 'Achieved'
        when 'on_track' then 'On track'
        when 'off_track' then 'Off track'
        else 'No data'
    end as status_label_en,
    {{ cutoff_date() }} as cutoff_date
from assessed
inner join {{ ref('effect_goals') }} as goals on assessed.effect_goal = goals.effect_goal
inner join {{ ref('metric_catalogue') }} as catalogue on assessed.metric_id = catalogue.metric_id
inner join {{ ref('regions') }} as regions on assessed.region_code = regions.region_code
left join {{ ref('int_period_completeness') }} as completeness
    on completeness.metric_id = assessed.metric_id
    and completeness.region_code = assessed.region_code
    and completeness.period_type = assessed.current_period_type
    and completeness.period_start = assessed.current_period_start
