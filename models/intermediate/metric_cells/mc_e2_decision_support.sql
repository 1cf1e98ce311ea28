-- E2.decision_support_per_100_patients: decision-support uses × 100 / persons with an attended
-- visit at those units, attributed to the event date (uses) and the visit date (persons).
-- "Those units" are the units covered by the decision-support extract: every unit with at least
-- one usage row in the warehouse. A covered unit without uses in a period contributes 0 uses and
-- its patients; units never seen in the extract are left out of numerator and denominator.
-- Visits before the month of the extract's first usage row are left out too (the extract does
-- not cover them: no data, never zero).
-- Region and care level: the unit's. Profession: the usage row's and the visit's (persons with
-- an attended visit by that profession at those units). No patient breakdowns: uses are not
-- linked to patients.
-- Persons for disclosure control: denominator = distinct patients; uses are not persons, so the
-- numerator person count is 0 (a cell is suppressed when fewer than 5 patients are behind it).
-- The multiplier 100 is applied in marts.metric_values (seed metric_catalogue).
with usage as (
    select * from {{ ref('stg_decision_support_usage') }}
),

covered_units as (
    select distinct unit_id from usage
),

coverage_start as (
    select {{ period_start('month', 'min(event_date)') }} as first_month from usage
),

observations as (
    select
        'E2.decision_support_per_100_patients' as metric_id,
        usage.event_date as attribution_date,
        units.region_code,
        units.care_level,
        usage.profession,
        cast(null as {{ dbt.type_string() }}) as person_id,
        usage.uses as numerator_value,
        0 as denominator_value,
        cast(null as double) as observed_value
    from usage
    inner join {{ ref('stg_units') }} as units on usage.unit_id = units.unit_id
    where usage.event_date is not null and usage.uses is not null
    union all
    select
        'E2.decision_support_per_100_patients' as metric_id,
        visits.visit_date as attribution_date,
        visits.region_code,
        visits.care_level,
        visits.profession,
        visits.patient_id as person_id,
        0 as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_attended_visits') }} as visits
    inner join covered_units on visits.unit_id = covered_units.unit_id
    inner join coverage_start on visits.visit_date >= coverage_start.first_month
),

aggregated as (
    {{ aggregate_observations('observations', ['care_level', 'profession']) }}
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
    cast(0 as bigint) as numerator_persons,
    denominator_persons,
    cast(null as double) as point_value,
    cast(null as double) as point_sd,
    cast(null as bigint) as point_n,
    cast(null as double) as point_ci_low,
    cast(null as double) as point_ci_high,
    {{ no_cell_extras() }}
from aggregated
