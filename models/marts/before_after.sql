-- Before / after the intervention date (var intervention_date, default 2025-09-01): per metric and
-- region (care level `all`, dimension total) the value of the var before_after_months (default 12)
-- months before the date and of the months from the date to the data cut-off, each combined from
-- the published monthly rows of marts.metric_values (method per value type: int_goal_window_values),
-- and the difference after − before with its 95 % interval (int_goal_differences).
with windows as (
    select * from {{ ref('int_goal_window_values') }}
    where comparison_kind = 'before_after'
),

differences as (
    select * from {{ ref('int_goal_differences') }}
    where comparison_kind = 'before_after'
),

catalogue as (
    select * from {{ ref('metric_catalogue') }}
)

select
    before_.metric_id,
    catalogue.effect_goal,
    catalogue.name_sv as metric_name_sv,
    catalogue.name_en as metric_name_en,
    catalogue.value_type,
    catalogue.higher_is_better,
    before_.region_code,
    before_.care_level,
    cast('{{ var("intervention_date") }}' as date) as intervention_date,
    before_.window_start as before_start,
    before_.window_end as before_end,
    before_.periods_expected as before_months,
    before_.periods_published as before_months_published,
    before_.periods_suppressed as before_months_suppressed,
    before_.numerator as before_numerator,
    before_.denominator as before_denominator,
    before_.value as before_value,
    before_.ci_low as before_ci_low,
    before_.ci_high as before_ci_high,
    before_.value_method as before_value_method,
    after_.window_start as after_start,
    after_.window_end as after_end,
    after_.last_period_start as after_last_month,
    after_.periods_expected as after_months,
    after_.periods_published as after_months_published,
    after_.periods_suppressed as after_months_suppressed,
    after_.periods_trailing_suppressed as after_months_trailing_suppressed,
    after_.numerator as after_numerator,
    after_.denominator as after_denominator,
    after_.value as after_value,
    after_.ci_low as after_ci_low,
    after_.ci_high as after_ci_high,
    after_.value_method as after_value_method,
    differences.difference,
    differences.difference_ci_low,
    differences.difference_ci_high,
    differences.relative_change,
    differences.difference_ci_method,
    case
        when differences.difference_ci_low is null or differences.difference_ci_high is null then 'not_assessed'
        when differences.difference_ci_low > 0 then
            case
                when catalogue.higher_is_better is null then 'increased'
                when catalogue.higher_is_better then 'improved'
                else 'worsened'
            end
        when differences.difference_ci_high < 0 then
            case
                when catalogue.higher_is_better is null then 'decreased'
                when catalogue.higher_is_better then 'worsened'
                else 'improved'
            end
        else 'no_significant_change'
    end as change_assessment
from windows as before_
inner join windows as after_
    on before_.comparison_id = after_.comparison_id
    and after_.role = 'comparison'
inner join differences on before_.comparison_id = differences.comparison_id
inner join catalogue on before_.metric_id = catalogue.metric_id
where before_.role = 'reference'
