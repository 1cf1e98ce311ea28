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
        'E3.minutes_per_patient' as metric_id,
        visit_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        profession,
        diagnosis_group,
        age_band,
        sex,
        need_level,
        patient_id as person_id,
        duration_minutes as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_attended_visits') }}
    where duration_minutes is not null
),

cells as (
    {{ aggregate_observations('visits', dimensions, statistics=['person_mean']) }}
)

select
    metric_id,
    period_type,
    period_start,
    region_code,
    care_level,
    dimension,
    group_code,
    numerator,
    cast(denominator_persons as double) as denominator,
    numerator_persons,
    denominator_persons,
    observed_mean as point_value,
    observed_sd as point_sd,
    denominator_persons as point_n,
    cast(null as double) as point_ci_low,
    cast(null as double) as point_ci_high,
    {{ no_cell_extras() }}
from cells
