-- The persons' (clusters') sums per window period of the metrics whose interval is cluster_ratio
-- (catalogue interval_method): one row per comparison, role, period and person with the person's
-- numerator (y) and denominator (x) sums in that period. int_goal_window_values adds each person's
-- rows over the periods it combines, so a person seen in several months of a pooled window is ONE
-- cluster of the window's ratio interval (not one per month).
{%- set clustered = ['E2.audit_criteria_met_share', 'E3.coordinated_visit_share', 'E3.in_competence_time_share'] %}
with windows as (
    select windows.comparison_id, windows.role, windows.metric_id, windows.region_code, windows.care_level,
        windows.period_type, windows.window_start, windows.window_end
    from {{ ref('int_goal_windows') }} as windows
    inner join {{ ref('metric_catalogue') }} as catalogue on windows.metric_id = catalogue.metric_id
    where catalogue.interval_method = 'cluster_ratio' and windows.fixed_value is null
),

observations as (
    {% for metric_id in clustered %}
    select metric_id, attribution_date, region_code, care_level, person_id, numerator_value, denominator_value
    from ({{ clustered_observations(metric_id) }}) as metric_observations
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

in_windows as (
    select
        windows.comparison_id,
        windows.role,
        case windows.period_type
            when 'month' then {{ period_start('month', 'observations.attribution_date') }}
            when 'quarter' then {{ period_start('quarter', 'observations.attribution_date') }}
            else {{ period_start('year', 'observations.attribution_date') }}
        end as period_start,
        observations.person_id,
        observations.numerator_value,
        observations.denominator_value,
        windows.window_start,
        windows.window_end
    from windows
    inner join observations
        on observations.metric_id = windows.metric_id
        and observations.region_code = windows.region_code
        and (windows.care_level = 'all' or observations.care_level = windows.care_level)
        and observations.attribution_date >= windows.window_start
)

select
    comparison_id,
    role,
    period_start,
    person_id,
    cast(sum(numerator_value) as double) as y,
    cast(sum(denominator_value) as double) as x
from in_windows
where period_start <= window_end
group by comparison_id, role, period_start, person_id
