-- E3.in_competence_time_share: minutes of tasks matching the profession's competence
-- (in_competence = true) / all recorded minutes of the time studies, attributed to week_start.
-- A null in_competence counts in the denominator only; rows without minutes add nothing and are
-- skipped. Region, care level and profession: the staff member's unit and profession
-- (int_staff); time-use rows of staff not in the staff extract are left out. Persons for
-- disclosure control: staff members.
with observations as (
    select
        'E3.in_competence_time_share' as metric_id,
        time_use.week_start as attribution_date,
        staff.region_code,
        staff.care_level,
        staff.profession,
        time_use.staff_id as person_id,
        case when time_use.in_competence then time_use.minutes else 0 end as numerator_value,
        time_use.minutes as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('stg_time_use') }} as time_use
    inner join {{ ref('int_staff') }} as staff on time_use.staff_id = staff.staff_id
    where time_use.week_start is not null and time_use.minutes > 0
)

{{ metric_cells('observations', ['care_level', 'profession']) }}
