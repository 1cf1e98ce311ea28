-- E5.handover_within_14d_share: discharges (merged stays) to home or municipal care of patients
-- with a plan created during the stay, followed by an attended primary-care or municipal visit on
-- days 0-14 after discharge / such discharges (int_discharges_with_plan), attributed to the
-- discharge date. Only discharges whose 14-day window is observed. Region and care level are the
-- discharging inpatient unit's; diagnosis group of the first admission's main diagnosis; age band
-- at discharge. Profession and need level do not apply to stays.
with observations as (
    select
        'E5.handover_within_14d_share' as metric_id,
        discharge_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        diagnosis_group,
        age_band,
        sex,
        patient_id as person_id,
        case when handover_within_14d then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_discharges_with_plan') }}
    where window_observed
)

{{ metric_cells('observations', ['municipality', 'care_level', 'diagnosis_group', 'age_band', 'sex']) }}
