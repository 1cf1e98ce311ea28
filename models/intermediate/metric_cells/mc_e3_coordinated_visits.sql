-- E3.coordinated_visit_share: attended visits with coordinated = true / attended visits
-- (int_attended_visits: cancelled and no-show visits never count), attributed to the visit date.
-- A null `coordinated` counts as not coordinated. Region and care level: the visit's unit;
-- municipality, sex, age band: the patient; profession: the visit's; diagnosis group and need
-- level: the visit's referral. Persons: patients.
with observations as (
    select
        'E3.coordinated_visit_share' as metric_id,
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
        case when coordinated then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_attended_visits') }}
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
