-- E3.minutes_per_patient (value type mean): minutes of attended visits / persons with attended
-- visits, attributed to the visit date. Computed from per-person totals: for every cell (period,
-- region, care-level slice, dimension, group) each patient's minutes are summed over the attended
-- visits that fall in the cell; the cell's value is the mean of these per-person totals (=
-- total minutes / persons), with their sample standard deviation and n = persons for the
-- t interval in marts.metric_values.
-- Visits without duration_minutes are left out (unknown, not zero); a patient whose visits in a
-- cell all lack a duration is not counted in that cell.
-- Region and care level: the visit's unit (a patient seen in two units counts in both units'
-- cells with the minutes of each). Municipality, sex, age band: the patient; profession: the
-- visit's; diagnosis group and need level: the visit's referral. numerator = total minutes,
-- denominator = persons. Persons: patients.
{% set dimensions = ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level'] %}
with visits as (
    select
        visit_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        profession,
        diagnosis_group,
        age_band,
        sex,
        need_level,
        patient_id,
        duration_minutes
    from {{ ref('int_attended_visits') }}
    where duration_minutes is not null
),

by_dimension as (
    {{ expand_observations('visits', dimensions, ['patient_id', 'duration_minutes']) }}
),

per_person as (
    select
        period_type, period_start, region_code, care_level_slice, dimension, group_code, patient_id,
        cast(sum(duration_minutes) as double) as person_minutes
    from by_dimension
    group by 1, 2, 3, 4, 5, 6, 7
)

select
    'E3.minutes_per_patient' as metric_id,
    period_type,
    period_start,
    region_code,
    care_level_slice as care_level,
    dimension,
    group_code,
    sum(person_minutes) as numerator,
    cast(count(*) as double) as denominator,
    count(case when person_minutes > 0 then patient_id end) as numerator_persons,
    count(*) as denominator_persons,
    cast(avg(person_minutes) as double) as point_value,
    cast(stddev_samp(person_minutes) as double) as point_sd,
    count(*) as point_n,
    cast(null as double) as point_ci_low,
    cast(null as double) as point_ci_high
from per_person
group by 1, 2, 3, 4, 5, 6, 7
