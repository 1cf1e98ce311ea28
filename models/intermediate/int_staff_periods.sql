-- One row per staff member and observed period (int_staff_calendar) in which the member was
-- employed on at least one observed day. Employment covers employment_start .. employment_end
-- inclusive (an open end: still employed).
--
-- employed_days: observed days of the period on which the member was employed.
-- fte_days: employed_days × fte (null when fte is missing: the member counts in the headcount but
--   not in the FTE).
-- ended_in_period: employment_end falls on an observed day of the period (the member left).
--
-- Mean FTE of a group in a period = sum(fte_days) / observed_days; mean headcount =
-- sum(employed_days) / observed_days (averages over the observed days of the period).
with staff as (
    select * from {{ ref('int_staff') }}
),

calendar as (
    select * from {{ ref('int_staff_calendar') }}
),

employment_overlaps as (
    select
        staff.staff_id,
        staff.unit_id,
        staff.region_code,
        staff.care_level,
        staff.profession,
        staff.fte,
        staff.employment_end,
        calendar.period_type,
        calendar.period_start,
        calendar.observed_start,
        calendar.observed_end,
        calendar.observed_days,
        case when staff.employment_start > calendar.observed_start
            then staff.employment_start else calendar.observed_start end as employed_from,
        case when staff.employment_end is not null and staff.employment_end < calendar.observed_end
            then staff.employment_end else calendar.observed_end end as employed_to
    from staff
    inner join calendar
        on staff.employment_start <= calendar.observed_end
        and (staff.employment_end is null or staff.employment_end >= calendar.observed_start)
    where staff.employment_end is null or staff.employment_end >= staff.employment_start
)

select
    staff_id,
    unit_id,
    region_code,
    care_level,
    profession,
    fte,
    period_type,
    period_start,
    observed_start,
    observed_end,
    observed_days,
    {{ dbt.datediff('employed_from', 'employed_to', 'day') }} + 1 as employed_days,
    ({{ dbt.datediff('employed_from', 'employed_to', 'day') }} + 1) * fte as fte_days,
    coalesce(employment_end between observed_start and observed_end, false) as ended_in_period
from employment_overlaps
