-- E4.training_events_per_fte and E4.staff_turnover_rate, over the observed periods of the staff
-- calendar (int_staff_calendar: the delivery's months, a period cut at the extract date counts its
-- observed days only).
--
-- E4.training_events_per_fte: training rows (one event each) with event_date in the observed
--   period / mean FTE of the staff employed in the period = sum over staff of fte × days employed
--   in the period / days in the period (int_staff_periods.fte_days / observed_days). Events of
--   staff not in the staff extract are left out (no unit); an event of a known member counts
--   whether or not the employment covers the event date. Reported only when the training extract
--   has rows: an absent source gives no cells, never zeros.
-- E4.staff_turnover_rate: staff whose employment_end falls in the period / mean headcount in the
--   period = sum over staff of days employed / days in the period.
--
-- Region, care level and profession: the staff member's unit and profession (int_staff).
-- Persons for disclosure control: staff members (numerator: members with an event / who left;
-- denominator: members employed in the period).
{% set dimensions = ['care_level', 'profession'] %}
with calendar as (
    select period_type, period_start, observed_start, observed_end, observed_days
    from {{ ref('int_staff_calendar') }}
),

training as (
    select training.event_date, staff.staff_id, staff.region_code, staff.care_level, staff.profession
    from {{ ref('stg_training') }} as training
    inner join {{ ref('int_staff') }} as staff on training.staff_id = staff.staff_id
    where training.event_date is not null
),

training_by_period as (
    {% for period_type in ['month', 'quarter', 'year'] %}
    select
        '{{ period_type }}' as period_type,
        {{ period_start(period_type, 'event_date') }} as period_start,
        event_date,
        staff_id,
        region_code,
        care_level,
        profession
    from training
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

facts as (
    select
        period_type, period_start, region_code, care_level, profession, staff_id,
        cast(employed_days as double) as employed_days,
        cast(fte_days as double) as fte_days,
        case when ended_in_period then 1 else 0 end as ended,
        0 as events
    from {{ ref('int_staff_periods') }}
    union all
    select
        events.period_type, events.period_start, events.region_code, events.care_level, events.profession,
        events.staff_id,
        0 as employed_days,
        0 as fte_days,
        0 as ended,
        1 as events
    from training_by_period as events
    inner join calendar
        on events.period_type = calendar.period_type
        and events.period_start = calendar.period_start
        and events.event_date between calendar.observed_start and calendar.observed_end
),

by_dimension as (
    {{ expand_observations('facts', dimensions, ['staff_id', 'employed_days', 'fte_days', 'ended', 'events'], has_periods=true) }}
),

cells as (
    select
        by_dimension.period_type,
        by_dimension.period_start,
        by_dimension.region_code,
        by_dimension.care_level_slice as care_level,
        by_dimension.dimension,
        by_dimension.group_code,
        sum(by_dimension.employed_days) as employed_days,
        sum(by_dimension.fte_days) as fte_days,
        cast(sum(by_dimension.ended) as double) as leavers,
        cast(sum(by_dimension.events) as double) as events,
        count(distinct case when by_dimension.employed_days > 0 then by_dimension.staff_id end) as staff_employed,
        count(distinct case when by_dimension.ended > 0 then by_dimension.staff_id end) as staff_left,
        count(distinct case when by_dimension.events > 0 then by_dimension.staff_id end) as staff_trained
    from by_dimension
    group by 1, 2, 3, 4, 5, 6
),

with_days as (
    select
        cells.*,
        cells.fte_days / calendar.observed_days as mean_fte,
        cells.employed_days / calendar.observed_days as mean_headcount
    from cells
    inner join calendar
        on cells.period_type = calendar.period_type
        and cells.period_start = calendar.period_start
)

select
    'E4.training_events_per_fte' as metric_id,
    period_type, period_start, region_code, care_level, dimension, group_code,
    events as numerator,
    coalesce(mean_fte, 0) as denominator,
    staff_trained as numerator_persons,
    staff_employed as denominator_persons,
    cast(null as double) as point_value,
    cast(null as double) as point_sd,
    cast(null as bigint) as point_n,
    cast(null as double) as point_ci_low,
    cast(null as double) as point_ci_high,
    {{ no_cell_extras() }}
from with_days
where exists (select 1 from {{ ref('stg_training') }})
union all
select
    'E4.staff_turnover_rate' as metric_id,
    period_type, period_start, region_code, care_level, dimension, group_code,
    leavers as numerator,
    mean_headcount as denominator,
    staff_left as numerator_persons,
    staff_employed as denominator_persons,
    cast(null as double) as point_value,
    cast(null as double) as point_sd,
    cast(null as bigint) as point_n,
    cast(null as double) as point_ci_low,
    cast(null as double) as point_ci_high,
    {{ no_cell_extras() }}
from with_days
where employed_days > 0
