-- E6.readmission_30d_share and E6.readmission_30d_share_65plus: index stays (int_stays: merged,
-- discharged alive, 30-day window observed) followed by an acute stay admitted 1-30 days after
-- discharge / index stays, attributed to the discharge date; the 65plus metric keeps index stays of
-- patients aged 65 or more at discharge (year of discharge - birth year). Region and care level
-- are the discharging inpatient unit's (the care level of a readmission is the inpatient unit's);
-- diagnosis group of the first admission's main diagnosis; age band at discharge. Profession and
-- need level do not apply to stays.
with index_stays as (
    select
        discharge_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        diagnosis_group,
        age_band,
        sex,
        age_at_discharge,
        patient_id as person_id,
        case when readmitted_30d then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_stays') }}
    where is_index_stay
),

observations as (
    select 'E6.readmission_30d_share' as metric_id, index_stays.* from index_stays
    union all
    select 'E6.readmission_30d_share_65plus' as metric_id, index_stays.* from index_stays where age_at_discharge >= 65
)

{{ metric_cells('observations', ['municipality', 'care_level', 'diagnosis_group', 'age_band', 'sex']) }}
