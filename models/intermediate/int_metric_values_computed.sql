-- Every cell of every metric with its value and 95 % interval BEFORE secondary suppression, and
-- the primary suppression flag: the one place where a cell's value is computed. marts.metric_values
-- applies disclosure control to it; windows that combine periods (effect-goal status,
-- before/after) combine these cells and apply the suppression rule to the combined window.
-- Interval by the metric's value type (seed metric_catalogue): proportions Wilson; rates, ratios
-- and counts Byar / exact Poisson on the numerator; means t; medians and quantiles none;
-- age-standardised rates Dobson (computed in their cell model). A cell model may give its own
-- interval (point_ci_low/high): it then wins (DSR; clustered ratios such as E3.in_competence_time_share).
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
        case catalogue.value_type
            when 'proportion' then cells.numerator / nullif(cells.denominator, 0)
            when 'count' then cells.numerator
            when 'rate' then cells.numerator / nullif(cells.denominator, 0) * catalogue.multiplier
            when 'ratio' then cells.numerator / nullif(cells.denominator, 0) * catalogue.multiplier
            else cells.point_value
        end as value,
        case
            when cells.point_ci_low is not null or cells.point_ci_high is not null then cells.point_ci_low
            when catalogue.value_type = 'proportion' then {{ wilson_lower('cells.numerator', 'cells.denominator') }}
            when catalogue.value_type = 'count' then {{ poisson_lower('cells.numerator') }}
            when catalogue.value_type in ('rate', 'ratio')
                then {{ poisson_lower('cells.numerator') }} / nullif(cells.denominator, 0) * catalogue.multiplier
            when catalogue.value_type = 'mean'
                then cells.point_value - {{ t_interval_halfwidth('cells.point_sd', 'cells.point_n') }}
        end as ci_low,
        case
            when cells.point_ci_low is not null or cells.point_ci_high is not null then cells.point_ci_high
            when catalogue.value_type = 'proportion' then {{ wilson_upper('cells.numerator', 'cells.denominator') }}
            when catalogue.value_type = 'count' then {{ poisson_upper('cells.numerator') }}
            when catalogue.value_type in ('rate', 'ratio')
                then {{ poisson_upper('cells.numerator') }} / nullif(cells.denominator, 0) * catalogue.multiplier
            when catalogue.value_type = 'mean'
                then cells.point_value + {{ t_interval_halfwidth('cells.point_sd', 'cells.point_n') }}
        end as ci_high,
        (
            {{ primary_suppression('cells.numerator_persons', 'cells.denominator_persons') }}
        ) as primary_suppressed
    from cells
    inner join {{ ref('metric_catalogue') }} as catalogue on cells.metric_id = catalogue.metric_id
)

select * from computed
