-- Every cell of every metric with its value and intervals (95 % and 99.8 %) BEFORE secondary
-- suppression, and the primary suppression flag: the one place where a cell's value is computed.
-- marts.metric_values applies disclosure control to it; windows that combine periods (effect-goal
-- status, before/after) combine these cells and apply the suppression rule to the combined window.
-- Interval by the metric's interval_method (seed metric_catalogue):
--   wilson           Wilson score interval of numerator / denominator (independent persons or referrals);
--   cluster_ratio    linearisation interval of a ratio with the cell's persons as clusters (visits
--                    within patients, criteria within plans' patients, minutes within staff):
--                    macro ratio_cluster_lower/upper of the persons' sums of squares and products
--                    (cluster_yy/xy/xx) with n = denominator_persons;
--   poisson          Byar / exact Poisson on the numerator (rates, ratios and counts);
--   t                mean ± t half-width;
--   dobson, order_statistic
--                    the cell model's own limits (point_ci_*: age-standardised rates; medians and
--                    quantiles, none below 10 observations).
{%- set levels = [('', none), ('_998', '99.8')] %}
with cells as (
    {% for goal in ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'] %}
    select * from {{ ref('int_metric_cells_' ~ goal) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

computed as (
    select
        cells.*,
        catalogue.effect_goal,
        catalogue.value_type,
        catalogue.higher_is_better,
        catalogue.interval_method,
        case catalogue.value_type
            when 'proportion' then cells.numerator / nullif(cells.denominator, 0)
            when 'count' then cells.numerator
            when 'rate' then cells.numerator / nullif(cells.denominator, 0) * catalogue.multiplier
            when 'ratio' then cells.numerator / nullif(cells.denominator, 0) * catalogue.multiplier
            else cells.point_value
        end as value,
        {%- for suffix, z in levels %}
        {%- for side in ['lower', 'upper'] %}
        case catalogue.interval_method
            when 'wilson' then {{ wilson_lower('cells.numerator', 'cells.denominator', z) if side == 'lower' else wilson_upper('cells.numerator', 'cells.denominator', z) }}
            when 'cluster_ratio' then {{ (ratio_cluster_lower if side == 'lower' else ratio_cluster_upper)(
                'cells.numerator', 'cells.denominator', 'cells.cluster_yy', 'cells.cluster_xy', 'cells.cluster_xx',
                'cells.denominator_persons', z) }}
            when 'poisson' then
                case when catalogue.value_type = 'count' then {{ (poisson_lower if side == 'lower' else poisson_upper)('cells.numerator', z) }}
                else {{ (poisson_lower if side == 'lower' else poisson_upper)('cells.numerator', z) }} / nullif(cells.denominator, 0) * catalogue.multiplier
                end
            when 't' then cells.point_value {{ '-' if side == 'lower' else '+' }} {{ t_interval_halfwidth('cells.point_sd', 'cells.point_n', z) }}
            else cells.point_ci_{{ 'low' if side == 'lower' else 'high' }}{{ suffix }}
        end as ci_{{ 'low' if side == 'lower' else 'high' }}{{ suffix }},
        {%- endfor %}
        {%- endfor %}
        (
            {{ primary_suppression('cells.numerator_persons', 'cells.denominator_persons') }}
        ) as primary_suppressed
    from cells
    inner join {{ ref('metric_catalogue') }} as catalogue on cells.metric_id = catalogue.metric_id
)

select * from computed
