-- E5.plan_shared_with_patient_share: plans with shared_with_patient / plans (every status),
-- attributed to the created date. Region and care level of the plan's unit; profession, diagnosis
-- group and need level of the plan's referral (none for plans linked by patient and unit only);
-- age band at the created date. A missing shared_with_patient counts as not shared.
with observations as (
    select
        'E5.plan_shared_with_patient_share' as metric_id,
        plans.created_date as attribution_date,
        units.region_code,
        units.care_level,
        patients.municipality_code,
        referrals.profession,
        referrals.diagnosis_group,
        {{ age_band(age_at('plans.created_date', 'patients.birth_year')) }} as age_band,
        patients.sex,
        referrals.need_level,
        plans.patient_id as person_id,
        case when plans.shared_with_patient then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('stg_plans') }} as plans
    inner join {{ ref('stg_units') }} as units on plans.unit_id = units.unit_id
    inner join {{ ref('int_patients') }} as patients on plans.patient_id = patients.patient_id
    left join {{ ref('int_referrals') }} as referrals on plans.referral_id = referrals.referral_id
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
