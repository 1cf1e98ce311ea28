-- The time windows whose values marts.effect_goal_status and marts.before_after compare: one row per
-- comparison and role (`reference` = baseline or before, `comparison` = current or after), naming
-- the metric_values rows (period type, first and last period start) that are combined into one
-- value by int_goal_window_values. Always dimension total.
--
-- effect_goal (one comparison per plan row and region):
--   reference  = the plan's baseline_value when given (fixed), else the baseline period. For rates,
--                ratios, counts and standardised rates, whose value depends on the period's length,
--                a baseline year followed per quarter is its average quarter (its quarterly rows
--                combined) so that it compares with the current quarter; otherwise the baseline
--                period's own row.
--   comparison = the current period (quarter or year) of int_goal_plan.
-- before_after (one comparison per metric and region, care level `all`):
--   reference  = the var before_after_months (default 12) months before var intervention_date,
--   comparison = the months from intervention_date to the data cut-off; provisional months (whose
--                observation windows are not yet observed) are left out by int_goal_window_values,
--                as are suppressed months at its end (after its last published month:
--                drop_trailing_suppressed).
{% set intervention = "cast('" ~ var('intervention_date') ~ "' as date)" %}
{% set months_before = var('before_after_months', 12) %}
with plan as (
    select * from {{ ref('int_goal_plan') }}
),

goal_windows as (
    select
        'effect_goal' as comparison_kind,
        effect_goal || '|' || metric_id || '|' || region_code as comparison_id,
        'reference' as role,
        metric_id,
        region_code,
        'all' as care_level,
        case
            when plan_baseline_value is null
                and value_type in ('rate', 'ratio', 'count', 'dsr')
                and current_period_type = 'quarter'
                then 'quarter'
            else baseline_period_type
        end as period_type,
        baseline_start as window_start,
        baseline_end as window_end,
        plan_baseline_value as fixed_value,
        false as drop_trailing_suppressed
    from plan

    union all

    select
        'effect_goal',
        effect_goal || '|' || metric_id || '|' || region_code,
        'comparison',
        metric_id,
        region_code,
        'all',
        current_period_type,
        current_period_start,
        current_period_start,
        cast(null as double),
        false
    from plan
),

before_after_windows as (
    select
        'before_after' as comparison_kind,
        catalogue.metric_id || '|' || regions.region_code as comparison_id,
        roles.role,
        catalogue.metric_id,
        regions.region_code,
        'all' as care_level,
        'month' as period_type,
        case roles.role
            when 'reference' then cast({{ dbt.dateadd('month', -months_before, intervention) }} as date)
            else {{ intervention }}
        end as window_start,
        case roles.role
            when 'reference' then cast({{ dbt.dateadd('day', -1, intervention) }} as date)
            else {{ cutoff_date() }}
        end as window_end,
        cast(null as double) as fixed_value,
        roles.role = 'comparison' as drop_trailing_suppressed
    from {{ ref('metric_catalogue') }} as catalogue
    cross join {{ ref('regions') }} as regions
    cross join (select 'reference' as role union all select 'comparison') as roles
)

select * from goal_windows
union all
select * from before_after_windows
