-- One value with its 95 % interval per window of int_goal_windows, combined from the cells of the
-- window (dimension total) as int_metric_values_computed gives them, before disclosure control;
-- the combined window is then suppressed by the same rule as a cell (fewer than
-- `suppression_threshold` persons in the denominator or 1 … threshold − 1 in the numerator,
-- persons summed over the window's periods). Combining unsuppressed cells keeps small months in
-- the sums instead of losing the whole window to one suppressed month. The trailing-period logic
-- (drop_trailing_suppressed) then only drops periods without any data. By value type:
--   proportion     sum(numerator) / sum(denominator), Wilson interval of the sums; a share whose
--                  units cluster (interval_method cluster_ratio) gets the cluster-robust ratio
--                  interval with each person one cluster over the whole window
--                  (int_goal_window_clusters), not Wilson on visits, criteria or minutes;
--   rate, ratio    sum(numerator) / sum(denominator) × multiplier, Byar / exact Poisson interval of
--                  the summed numerator (with monthly rows: the average monthly rate);
--   count          sum(numerator) / number of published periods (the average period), Poisson
--                  interval of the sum divided likewise;
--   mean           the pooled mean of all observations, Σ nᵢ·meanᵢ / Σ nᵢ, with the t interval of
--                  the pooled standard deviation; each period's SD is recovered from its published
--                  t interval, sdᵢ = (ci_high − ci_low) / 2 · √nᵢ / t(nᵢ − 1), and pooled exactly:
--                  s² = (Σ (nᵢ − 1) sdᵢ² + Σ nᵢ (meanᵢ − mean)²) / (Σ nᵢ − 1);
--   median, quantile, dsr
--                  a single published period keeps its own value and interval; several periods give
--                  the denominator-weighted mean of the period values, without an interval (a median
--                  of the pooled observations cannot be recovered from published cells).
-- A window with a fixed value (the plan's baseline_value) returns that value without an interval.
-- Provisional periods (int_period_completeness) never enter a window.
with windows as (
    select
        windows.*,
        catalogue.value_type,
        catalogue.interval_method,
        catalogue.multiplier,
        cast(case windows.period_type
            when 'month' then {{ dbt.datediff('windows.window_start', 'windows.window_end', 'month') }} + 1
            when 'quarter' then floor({{ dbt.datediff('windows.window_start', 'windows.window_end', 'month') }} / 3) + 1
            else {{ dbt.datediff('windows.window_start', 'windows.window_end', 'year') }} + 1
        end as integer) as periods_expected
    from {{ ref('int_goal_windows') }} as windows
    inner join {{ ref('metric_catalogue') }} as catalogue on windows.metric_id = catalogue.metric_id
),

all_window_rows as (
    select
        windows.comparison_id,
        windows.role,
        windows.drop_trailing_suppressed,
        values_.period_start,
        false as suppressed,
        values_.numerator_persons,
        values_.denominator_persons,
        values_.numerator,
        values_.denominator,
        values_.value,
        values_.ci_low,
        values_.ci_high,
        case
            when windows.value_type = 'mean' and values_.ci_high is not null and values_.denominator >= 2
                then (values_.ci_high - values_.ci_low) / 2 * sqrt(values_.denominator)
                    / {{ t_quantile('values_.denominator - 1') }}
            when windows.value_type = 'mean' and values_.value is not null and values_.denominator = 1
                then 0.0
        end as period_sd
    from windows
    inner join {{ ref('int_metric_values_computed') }} as values_
        on values_.metric_id = windows.metric_id
        and values_.region_code = windows.region_code
        and values_.care_level = windows.care_level
        and values_.period_type = windows.period_type
        and values_.dimension = 'total'
        and values_.period_start between windows.window_start and windows.window_end
    -- only complete periods enter a window: a provisional month cannot move a baseline, a current
    -- value or an after-window (int_period_completeness)
    inner join {{ ref('int_period_completeness') }} as completeness
        on {{ same_metric_period('values_', 'completeness') }}
        and completeness.period_status = 'complete'
    where windows.fixed_value is null
),

marked as (
    select
        all_window_rows.*,
        max(case when value is not null then period_start end)
            over (partition by comparison_id, role) as last_published_start
    from all_window_rows
),

trailing_suppressed as (
    select comparison_id, role, cast(count(*) as integer) as periods_trailing_suppressed
    from marked
    where drop_trailing_suppressed and (last_published_start is null or period_start > last_published_start)
    group by comparison_id, role
),

window_rows as (
    select *
    from marked
    where not (drop_trailing_suppressed and (last_published_start is null or period_start > last_published_start))
),

sums as (
    select
        comparison_id,
        role,
        count(*) as periods_found,
        cast(sum(case when suppressed then 1 else 0 end) as integer) as periods_suppressed,
        cast(count(value) as integer) as periods_published,
        min(period_start) as first_period_start,
        max(period_start) as last_period_start,
        sum(case when value is not null then numerator_persons end) as numerator_persons,
        sum(case when value is not null then denominator_persons end) as denominator_persons,
        sum(case when value is not null then numerator end) as numerator,
        sum(case when value is not null then denominator end) as denominator,
        sum(case when value is not null then denominator * value end)
            / nullif(sum(case when value is not null then denominator end), 0) as weighted_value,
        min(ci_low) as single_ci_low,
        min(ci_high) as single_ci_high,
        sum(case when value is not null then (denominator - 1) * period_sd * period_sd end) as within_ss,
        cast(sum(case when value is not null and period_sd is null then 1 else 0 end) as integer) as periods_without_sd
    from window_rows
    group by comparison_id, role
),

-- Cluster-robust windows (catalogue interval_method cluster_ratio): each person's sums over the
-- combined periods, one cluster per person of the whole window (int_goal_window_clusters).
cluster_sums as (
    select
        per_person.comparison_id,
        per_person.role,
        count(*) as cluster_n,
        sum(per_person.y * per_person.y) as cluster_yy,
        sum(per_person.x * per_person.y) as cluster_xy,
        sum(per_person.x * per_person.x) as cluster_xx
    from (
        select clusters.comparison_id, clusters.role, clusters.person_id, sum(clusters.y) as y, sum(clusters.x) as x
        from {{ ref('int_goal_window_clusters') }} as clusters
        inner join window_rows
            on window_rows.comparison_id = clusters.comparison_id
            and window_rows.role = clusters.role
            and window_rows.period_start = clusters.period_start
            and window_rows.value is not null
        group by clusters.comparison_id, clusters.role, clusters.person_id
    ) as per_person
    where per_person.x > 0
    group by per_person.comparison_id, per_person.role
),

between_groups as (
    select
        window_rows.comparison_id,
        window_rows.role,
        sum(window_rows.denominator * (window_rows.value - sums.weighted_value) * (window_rows.value - sums.weighted_value))
            as between_ss
    from window_rows
    inner join sums on window_rows.comparison_id = sums.comparison_id and window_rows.role = sums.role
    where window_rows.value is not null
    group by window_rows.comparison_id, window_rows.role
),

combined as (
    select
        windows.comparison_kind,
        windows.comparison_id,
        windows.role,
        windows.metric_id,
        windows.value_type,
        windows.interval_method,
        windows.multiplier,
        windows.region_code,
        windows.care_level,
        windows.period_type,
        windows.window_start,
        windows.window_end,
        windows.fixed_value,
        windows.periods_expected,
        coalesce(sums.periods_published, 0) as periods_published,
        coalesce(sums.periods_suppressed, 0) as periods_suppressed,
        coalesce(trailing_suppressed.periods_trailing_suppressed, 0) as periods_trailing_suppressed,
        sums.first_period_start,
        sums.last_period_start,
        (
            {{ primary_suppression('sums.numerator_persons', 'sums.denominator_persons') }}
        ) as window_suppressed,
        sums.numerator,
        sums.denominator,
        sums.weighted_value,
        sums.single_ci_low,
        sums.single_ci_high,
        cluster_sums.cluster_n,
        cluster_sums.cluster_yy,
        cluster_sums.cluster_xy,
        cluster_sums.cluster_xx,
        case
            when sums.periods_without_sd = 0 and sums.denominator >= 2
                then sqrt((sums.within_ss + between_groups.between_ss) / (sums.denominator - 1))
        end as pooled_sd
    from windows
    left join sums on windows.comparison_id = sums.comparison_id and windows.role = sums.role
    left join between_groups on windows.comparison_id = between_groups.comparison_id and windows.role = between_groups.role
    left join cluster_sums on windows.comparison_id = cluster_sums.comparison_id and windows.role = cluster_sums.role
    left join trailing_suppressed on windows.comparison_id = trailing_suppressed.comparison_id and windows.role = trailing_suppressed.role
)

select
    comparison_kind,
    comparison_id,
    role,
    metric_id,
    value_type,
    interval_method,
    region_code,
    care_level,
    period_type,
    window_start,
    window_end,
    first_period_start,
    last_period_start,
    periods_expected,
    periods_published,
    periods_suppressed,
    periods_trailing_suppressed,
    fixed_value is not null as is_fixed,
    case when fixed_value is not null or window_suppressed and periods_published > 0 then null else numerator end as numerator,
    case when fixed_value is not null or window_suppressed and periods_published > 0 then null else denominator end as denominator,
    case
        when fixed_value is not null then fixed_value
        when periods_published = 0 or window_suppressed and periods_published > 0 then null
        when value_type = 'proportion' then numerator / nullif(denominator, 0)
        when value_type in ('rate', 'ratio') then numerator / nullif(denominator, 0) * multiplier
        when value_type = 'count' then numerator / periods_published
        else weighted_value
    end as value,
    case
        when fixed_value is not null or periods_published = 0 or window_suppressed and periods_published > 0 then null
        when interval_method = 'cluster_ratio'
            then {{ ratio_cluster_lower('numerator', 'denominator', 'cluster_yy', 'cluster_xy', 'cluster_xx', 'cluster_n') }}
        when value_type = 'proportion' then {{ wilson_lower('numerator', 'denominator') }}
        when value_type in ('rate', 'ratio') then {{ poisson_lower('numerator') }} / nullif(denominator, 0) * multiplier
        when value_type = 'count' then {{ poisson_lower('numerator') }} / periods_published
        when value_type = 'mean' then weighted_value - {{ t_interval_halfwidth('pooled_sd', 'denominator') }}
        when periods_published = 1 then single_ci_low
    end as ci_low,
    case
        when fixed_value is not null or periods_published = 0 or window_suppressed and periods_published > 0 then null
        when interval_method = 'cluster_ratio'
            then {{ ratio_cluster_upper('numerator', 'denominator', 'cluster_yy', 'cluster_xy', 'cluster_xx', 'cluster_n') }}
        when value_type = 'proportion' then {{ wilson_upper('numerator', 'denominator') }}
        when value_type in ('rate', 'ratio') then {{ poisson_upper('numerator') }} / nullif(denominator, 0) * multiplier
        when value_type = 'count' then {{ poisson_upper('numerator') }} / periods_published
        when value_type = 'mean' then weighted_value + {{ t_interval_halfwidth('pooled_sd', 'denominator') }}
        when periods_published = 1 then single_ci_high
    end as ci_high,
    case
        when fixed_value is not null then 'plan_value'
        when window_suppressed and periods_published > 0 then 'suppressed'
        when periods_published = 0 then 'no_data'
        when interval_method = 'cluster_ratio' then 'pooled_counts_clustered'
        when value_type in ('proportion', 'rate', 'ratio') then 'pooled_counts'
        when value_type = 'count' then 'mean_count_per_period'
        when value_type = 'mean' then 'pooled_mean'
        when periods_published = 1 then 'single_period'
        else 'weighted_mean_of_period_values'
    end as value_method
from combined
